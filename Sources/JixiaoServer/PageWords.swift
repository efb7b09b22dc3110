import Foundation
import Jixiao

/// The page's words in each language, from Resources/page-words.yaml.
struct PageWords: Sendable {
    let languages: [String: [String: String]]

    static func load() throws -> PageWords {
        guard let url = Bundle.module.url(forResource: "page-words", withExtension: "yaml", subdirectory: "Resources") else {
            throw JixiaoError("data-missing", key: "page-words-missing", [:])
        }
        let documents = try YAMLParser.parseStream([UInt8](try Data(contentsOf: url)), file: url.path)
        guard case .mapping(let blocks, _)? = documents.first else {
            throw JixiaoError("registry-format", key: "page-words-format", [:], at: SourcePosition(file: url.path))
        }
        var languages: [String: [String: String]] = [:]
        for block in blocks {
            guard case .mapping(let pairs, _) = block.value else { continue }
            var words: [String: String] = [:]
            for pair in pairs { if case .scalar(let scalar) = pair.value { words[pair.key.text] = scalar.text } }
            languages[block.key.text] = words
        }
        return PageWords(languages: languages)
    }

    /// `zh` unless `en` (or another language the file has) is asked for.
    func language(_ asked: String?) -> String {
        guard let asked, languages[asked] != nil else { return "zh" }
        return asked
    }

    /// A word of `language`, with `{name}` placeholders filled; the key itself when missing.
    func word(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        var text = languages[language]?[key] ?? languages["zh"]?[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    static func resource(_ name: String, _ ext: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources") else {
            throw JixiaoError("data-missing", key: "page-file-missing", ["file": "\(name).\(ext)"])
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// Text made safe for HTML content and attribute values.
func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
