import Foundation

/// A validation rule as data: its id, severity, tags, message template and parameters.
public struct RuleDefinition: Sendable {
    public var id: String
    public var severity: Diagnostic.Severity
    public var tags: [String]
    /// "level 1 '{level1}' is not in {framework}": each {name} is filled by the rule. English.
    public var message: String
    /// The message in each language (1.1.0 on); a rule book with one text per rule has English only.
    public var messages: [MessageLanguage: String] = [:]
    public var parameters: [String: [String]]

    public init(id: String, severity: Diagnostic.Severity, tags: [String], message: String,
                messages: [MessageLanguage: String] = [:], parameters: [String: [String]]) {
        self.id = id
        self.severity = severity
        self.tags = tags
        self.message = message
        self.messages = messages.isEmpty ? [.en: message] : messages
        self.parameters = parameters
    }

    /// The English message, filled.
    public func message(_ values: [String: String]) -> String {
        message(values, in: .en)
    }

    /// The message in a language (English where the rule book has none in it), filled; field
    /// paths named by their labels and words in that language (`MessageCatalog`).
    public func message(_ values: [String: String], in language: MessageLanguage) -> String {
        let template = messages[language] ?? message
        if let catalog = MessageCatalog.standard { return catalog.fill(template, values, in: language) }
        var text = template
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public func parameter(_ name: String) -> String? { parameters[name]?.first }
}

/// The rule definitions of `Schemas/rules/ID@VERSION.yaml`.
public struct RuleBook: Sendable {
    public var header: ArtefactHeader
    public var rules: [RuleDefinition]

    public func definition(_ id: String) -> RuleDefinition? { rules.first { $0.id == id } }
}

enum RuleBookLoader {
    static func load(_ url: URL) throws -> RuleBook {
        var (header, map) = try ArtefactFile.open(url, kind: "rules")
        let rules = try map.list("rules") { node -> RuleDefinition in
            var rule = try YAMLMappingReader(node, file: url.path, what: "a rule")
            var parameters: [String: [String]] = [:]
            if let entries = try rule.mapping("parameters", what: "parameters")?.allEntries {
                for (key, value) in entries {
                    // Patterns are compiled once here, so that a bad one fails at load with its line.
                    if key.text.hasSuffix("_pattern"), case .scalar(let pattern) = value,
                       (try? NSRegularExpression(pattern: pattern.text)) == nil {
                        throw JixiaoError("registry-format", key: "rule-bad-pattern", ["key": key.text], at: rule.position(pattern.mark))
                    }
                    switch value {
                    case .scalar(let scalar): parameters[key.text] = [scalar.text]
                    case .sequence(let items, _): parameters[key.text] = items.compactMap {
                        if case .scalar(let scalar) = $0 { return scalar.text }
                        return nil
                    }
                    case .mapping(_, let mark):
                        throw JixiaoError("registry-format", key: "rule-bad-parameter", ["key": key.text], at: rule.position(mark))
                    }
                }
            }
            let id = try rule.requiredString("id")
            guard let severity = try rule.choice("severity", Diagnostic.Severity.self) else {
                throw JixiaoError("missing-field", key: "rule-without-severity", ["rule": id], at: rule.position(rule.mark))
            }
            // One English text, or a text per language: {zh: ..., en: ...}.
            var messages: [MessageLanguage: String] = [:]
            if case .mapping = rule.node("message") {
                let texts = try rule.mapping("message", what: "the message of rule \(id)")!
                for (language, text) in try texts.stringEntries() {
                    guard let language = MessageLanguage(rawValue: language) else {
                        throw JixiaoError("registry-format", key: "rule-unknown-language", ["rule": id, "language": language], at: texts.position(texts.mark))
                    }
                    messages[language] = text
                }
            }
            guard let english = messages.isEmpty ? try rule.requiredString("message") : messages[.en] else {
                throw JixiaoError("missing-field", key: "rule-without-english", ["rule": id], at: rule.position(rule.mark))
            }
            let definition = RuleDefinition(
                id: id, severity: severity, tags: try rule.stringList("tags"),
                message: english, messages: messages, parameters: parameters)
            try rule.finish()
            return definition
        }
        try map.finish()
        var seen: Set<String> = []
        for rule in rules where !seen.insert(rule.id).inserted {
            throw JixiaoError("registry-format", key: "rule-twice", ["rule": rule.id], at: SourcePosition(file: url.path))
        }
        return RuleBook(header: header, rules: rules)
    }
}
