import Foundation

/// The language messages are given in: `--lang zh|en`, else the locale of `LC_ALL` or `LANG`
/// (zh… is Chinese, any other set value English), else Chinese.
public enum MessageLanguage: String, Sendable, CaseIterable {
    case zh, en

    /// `JIXIAO_LANG` (what `--lang` sets), else `LC_ALL`, else `LANG`, else Chinese; read once
    /// per process (the command line sets it before anything reports).
    public static var current: MessageLanguage {
        if let cached = cache.value { return cached }
        let language = fromEnvironment()
        cache.value = language
        return language
    }

    private static let cache = LockedValue<MessageLanguage>()

    static func fromEnvironment() -> MessageLanguage {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["JIXIAO_LANG"], let language = MessageLanguage(rawValue: explicit) { return language }
        for name in ["LC_ALL", "LANG"] {
            if let value = environment[name], !value.isEmpty { return from(locale: value) }
        }
        return .zh
    }

    /// `zh_CN.UTF-8` is Chinese; `C`, `POSIX`, `en_US.UTF-8` and the rest English.
    public static func from(locale: String) -> MessageLanguage {
        locale.lowercased().hasPrefix("zh") ? .zh : .en
    }
}

/// The texts of diagnostics in every language, as data (`Schemas/messages/ID@VERSION.yaml`):
/// message templates by key, the words a template takes as values, and the labels that name
/// a filing's fields as its forms do.
public struct MessageCatalog: Sendable {
    public var header: ArtefactHeader
    /// key -> language -> template; templates hold `{name}` placeholders.
    public var messages: [String: [MessageLanguage: String]]
    /// Words passed as a placeholder's value by their key (`the-filing`), per language; they may
    /// hold placeholders of their own, filled from the same values.
    public var words: [String: [MessageLanguage: String]]
    /// Field path -> the label its forms give it (`organization.name` -> 单位名称), per language.
    public var fields: [String: [MessageLanguage: String]]
    /// Texts of released data (a mapping's notes, written in English) in other languages, by
    /// their English text: a value that is one of them is given in the message's language.
    public var texts: [String: [MessageLanguage: String]] = [:]

    /// The default data folder's latest catalog, loaded once per process; nil when it cannot be
    /// loaded (messages then keep their key).
    public static var standard: MessageCatalog? {
        if let cached = cache.value { return cached }
        // An error in the catalog's own file is reported while it loads: without the catalog.
        let thread = Thread.current.threadDictionary
        guard thread[loadingKey] == nil else { return nil }
        thread[loadingKey] = true
        defer { thread[loadingKey] = nil }
        let loaded = try? load(from: DataDirectory.schemas().appendingPathComponent("messages"))
        if let loaded { cache.value = loaded }
        return loaded
    }

    private static let loadingKey = "jixiao.messages.loading"

    /// The standard catalog's message `key` in a language, filled; without the catalog or the
    /// key, `fallback`, else the key and its values (as a diagnostic's text falls back).
    public static func say(_ key: String, _ values: [String: String] = [:], in language: MessageLanguage = .current,
                           fallback: String? = nil) -> String {
        standard?.render(key, values, in: language) ?? fallback ?? fallbackText(key, values)
    }

    /// What stands for a message the catalog does not have: its key, then its values by name.
    static func fallbackText(_ key: String, _ values: [String: String]) -> String {
        ([key] + values.sorted { $0.key < $1.key }.map { "\($0.key) '\($0.value)'" }).joined(separator: ", ")
    }

    private static let cache = LockedValue<MessageCatalog>()

    /// The latest released catalog of a folder (else the latest draft).
    public static func load(from folder: URL, reference: String = "messages") throws -> MessageCatalog {
        let all = try ArtefactFile.loadFolder(folder, MessageCatalogLoader.load)
        return try ArtefactFile.pick(reference, from: all, kind: "message catalog") { $0.header }
    }

    /// The placeholders of a template: "{name}" gives name.
    public static func placeholders(in template: String) -> [String] {
        placeholderRanges(in: template).map { name(of: $0, in: template) }
    }

    /// Where each "{name}" (a–z, 0–9, _) stands in a template, braces included. Scanned by hand:
    /// a regex literal is compiled again each time it is evaluated, and every diagnostic is filled
    /// here (it was a fifth of the time taken to read a form back).
    static func placeholderRanges(in template: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let bytes = template.utf8
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "{")) {
            var end = bytes.index(after: open)
            while end < bytes.endIndex, Self.isNameByte(bytes[end]) { end = bytes.index(after: end) }
            if end < bytes.endIndex, bytes[end] == UInt8(ascii: "}"), end > bytes.index(after: open) {
                let close = bytes.index(after: end)
                ranges.append(open..<close)
                index = close
            } else {
                index = bytes.index(after: open)
            }
        }
        return ranges
    }

    /// The name inside a placeholder's range, from its UTF-8 bytes (no character boundaries involved).
    private static func name(of range: Range<String.Index>, in template: String) -> String {
        String(decoding: template.utf8[range].dropFirst().dropLast(), as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// Fills a template: a `field` or `*_field` value is a field path, named by its label; a value
    /// that is a key of `words` is that word; every other value stays as given.
    public func fill(_ template: String, _ values: [String: String], in language: MessageLanguage, depth: Int = 0) -> String {
        var text = ""
        var rest = template.startIndex
        for range in Self.placeholderRanges(in: template) {
            text += String(decoding: template.utf8[rest..<range.lowerBound], as: UTF8.self)
            let name = Self.name(of: range, in: template)
            if let value = values[name] {
                text += self.value(value, named: name, in: language, values: values, depth: depth)
            } else {
                text += String(decoding: template.utf8[range], as: UTF8.self)
            }
            rest = range.upperBound
        }
        return text + String(decoding: template.utf8[rest...], as: UTF8.self)
    }

    private func value(_ value: String, named name: String, in language: MessageLanguage, values: [String: String], depth: Int) -> String {
        if name == "field" || name.hasSuffix("_field") {
            // A path inside each indicator ("indicators[].basis") is named as its column.
            return fields[value]?[language] ?? fields[String(value.trimmingPrefix("indicators[]."))]?[language] ?? value
        }
        if depth < 2, let word = words[value], let text = word[language] ?? word[.en] {
            return fill(text, values, in: language, depth: depth + 1)
        }
        if let text = texts[value]?[language] { return text }
        return value
    }

    /// The message `key` in one language, filled; nil when the catalog has no such message.
    public func render(_ key: String, _ values: [String: String], in language: MessageLanguage) -> String? {
        guard let templates = messages[key], let template = templates[language] ?? templates[.en] else { return nil }
        return fill(template, values, in: language)
    }

    /// The word `key` in one language (else English), filled; nil when the catalog has no such word.
    public func word(_ key: String, _ values: [String: String], in language: MessageLanguage) -> String? {
        guard let texts = words[key], let text = texts[language] ?? texts[.en] else { return nil }
        return fill(text, values, in: language, depth: 1)
    }

    /// The label of a field path in one language, or the path.
    public func label(ofField path: String, in language: MessageLanguage) -> String {
        fields[path]?[language] ?? path
    }
}

enum MessageCatalogLoader {
    static func load(_ url: URL) throws -> MessageCatalog {
        var (header, map) = try ArtefactFile.open(url, kind: "messages")
        func texts(_ key: String, zhOnly: Bool = false) throws -> [String: [MessageLanguage: String]] {
            guard let section = try map.mapping(key, what: "'\(key)'") else { return [:] }
            var result: [String: [MessageLanguage: String]] = [:]
            for (name, node) in section.allEntries {
                if zhOnly, case .scalar(let scalar) = node {
                    if result[name.text] != nil {
                        throw JixiaoError("registry-format", "'\(name.text)' is defined twice in '\(key)'", at: section.position(name.mark))
                    }
                    result[name.text] = [.zh: scalar.text]
                    continue
                }
                let entry = try YAMLMappingReader(node, file: url.path, what: "'\(name.text)' in '\(key)'")
                var languages: [MessageLanguage: String] = [:]
                for (language, text) in try entry.stringEntries() {
                    guard let language = MessageLanguage(rawValue: language) else {
                        throw JixiaoError("registry-format", "'\(name.text)' in '\(key)' has the language '\(language)'; known: zh, en",
                                          at: entry.position(entry.mark))
                    }
                    languages[language] = text
                }
                if result[name.text] != nil {
                    throw JixiaoError("registry-format", "'\(name.text)' is defined twice in '\(key)'", at: entry.position(entry.mark))
                }
                result[name.text] = languages
            }
            return result
        }
        var catalog = MessageCatalog(
            header: header, messages: try texts("messages"), words: try texts("words"), fields: try texts("fields", zhOnly: true))
        catalog.texts = try texts("texts")
        try map.finish()
        return catalog
    }
}

extension Diagnostic {
    /// A diagnostic whose text is the catalog's message `key` (the id unless given), filled with
    /// `values`, in every language; a key the catalog lacks gives `fallback`, else the key and
    /// the values.
    public init(
        _ severity: Severity, _ id: String, key: String? = nil, _ values: [String: String],
        fallback: String? = nil, at position: SourcePosition? = nil, value: String? = nil
    ) {
        let key = key ?? id
        let catalog = MessageCatalog.standard
        // With an English template the text is rendered when asked for (`message`).
        if catalog?.messages[key]?[.en] != nil {
            self.init(severity, id, catalogKey: key, values, at: position, value: value)
            return
        }
        let english = catalog?.render(key, values, in: .en) ?? fallback ?? MessageCatalog.fallbackText(key, values)
        self.init(severity, id, english, at: position, value: value)
        if catalog?.messages[key] != nil { self.key = key }
        self.arguments = values
    }
}

extension JixiaoError {
    /// An error whose text is the catalog's message `key` (the id unless given), in every
    /// language; a key the catalog lacks gives `fallback`, else the key.
    public init(_ id: String, key: String? = nil, _ values: [String: String], fallback: String? = nil, at position: SourcePosition? = nil) {
        let diagnostic = Diagnostic(.error, id, key: key, values, fallback: fallback, at: position)
        self.init(id, diagnostic.message, at: position)
        self.arguments = diagnostic.arguments
        self.localized = diagnostic.otherLanguages
    }
}

extension JixiaoError {
    /// The same error, in every language, under another id and at another place.
    public func moved(_ id: String, to position: SourcePosition?) -> JixiaoError {
        var error = self
        error.id = id
        error.position = position
        return error
    }
}
