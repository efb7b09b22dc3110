import Foundation

/// Reads one mapping, remembering which keys were used so that unknown ones are reported
/// (a misspelt key would otherwise lose its value silently).
struct YAMLMappingReader {
    let file: String?
    let mark: YAMLMark
    let what: String
    private let pairs: [YAMLPair]
    /// Which entries were asked for, by position (a flag per entry: cheaper than a set of keys).
    private var used: [Bool]

    init(_ node: YAMLNode, file: String?, what: String) throws {
        guard case .mapping(let pairs, let mark) = node else {
            throw JixiaoError(
                "yaml-wrong-shape", key: "yaml-not-a-mapping", ["what": what, "found": node.kindName],
                at: YAMLParser.position(file, node.mark))
        }
        self.file = file
        self.mark = mark
        self.what = what
        self.pairs = pairs
        self.used = Array(repeating: false, count: pairs.count)
    }

    func position(_ mark: YAMLMark) -> SourcePosition { YAMLParser.position(file, mark) }

    mutating func node(_ key: String) -> YAMLNode? {
        guard let index = pairs.firstIndex(where: { $0.key.text == key }) else { return nil }
        used[index] = true
        return pairs[index].value
    }

    mutating func scalar(_ key: String) throws -> YAMLScalar? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw JixiaoError(
                "yaml-wrong-shape", key: "yaml-not-a-value", ["key": key, "what": what, "found": node.kindName],
                at: position(node.mark))
        }
        if scalar.isPlain, scalar.text.utf8.count <= 4, Self.nulls.contains(scalar.text) { return nil }
        return scalar
    }

    /// Plain scalars YAML reads as null.
    private static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]

    mutating func string(_ key: String) throws -> String? { try scalar(key)?.text }

    mutating func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else {
            throw JixiaoError("missing-field", key: "yaml-missing-key", ["what": what, "key": key], at: position(mark))
        }
        return text
    }

    mutating func number(_ key: String) throws -> Decimal? {
        guard let scalar = try scalar(key) else { return nil }
        guard let number = CanonicalNumber.parse(scalar.text) else {
            throw JixiaoError(
                "yaml-not-a-number", ["key": key, "what": what, "found": scalar.text],
                at: position(scalar.mark))
        }
        return number
    }

    /// A plain number is a number; anything quoted, or not a number, is text.
    mutating func targetValue(_ key: String) throws -> TargetValue? {
        guard let scalar = try scalar(key) else { return nil }
        if scalar.isPlain, let number = CanonicalNumber.parse(scalar.text) { return .number(number) }
        return .text(scalar.text)
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let scalar = try scalar(key) else { return nil }
        guard let value = T(rawValue: scalar.text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw JixiaoError(
                "yaml-unknown-choice", ["key": key, "what": what, "allowed": allowed, "found": scalar.text],
                at: position(scalar.mark))
        }
        return value
    }

    mutating func list<T>(_ key: String, _ decode: (YAMLNode) throws -> T) throws -> [T] {
        guard let node = node(key) else { return [] }
        if case .scalar(let scalar) = node, scalar.isPlain, scalar.text.isEmpty { return [] }
        guard case .sequence(let items, _) = node else {
            throw JixiaoError(
                "yaml-wrong-shape", key: "yaml-not-a-list", ["key": key, "what": what, "found": node.kindName],
                at: position(node.mark))
        }
        return try items.map(decode)
    }

    mutating func mapping(_ key: String, what child: String) throws -> YAMLMappingReader? {
        guard let node = node(key) else { return nil }
        return try YAMLMappingReader(node, file: file, what: child)
    }

    /// Every key not asked for is an error: canonical files hold known keys only.
    func finish() throws {
        if let index = used.firstIndex(of: false) {
            let unknown = pairs[index]
            throw JixiaoError(
                "yaml-unknown-key", ["key": unknown.key.text, "what": what],
                at: position(unknown.key.mark))
        }
    }

    mutating func stringList(_ key: String) throws -> [String] {
        let what = what
        let file = file
        return try list(key) { node in
            guard case .scalar(let scalar) = node else {
                throw JixiaoError(
                    "yaml-wrong-shape", key: "yaml-not-a-value-list", ["key": key, "what": what, "found": node.kindName],
                    at: YAMLParser.position(file, node.mark))
            }
            return scalar.text
        }
    }

    /// The keys in file order, with their nodes, for maps whose keys are data.
    var allEntries: [(key: YAMLScalar, value: YAMLNode)] { pairs.map { ($0.key, $0.value) } }

    /// Every remaining key and its text, in file order (for open-ended maps such as `written`).
    func stringEntries() throws -> [(String, String)] {
        try pairs.map { entry in
            guard case .scalar(let scalar) = entry.value else {
                throw JixiaoError(
                    "yaml-wrong-shape", key: "yaml-entry-not-a-value", ["key": entry.key.text, "what": what],
                    at: position(entry.value.mark))
            }
            return (entry.key.text, scalar.text)
        }
    }
}
