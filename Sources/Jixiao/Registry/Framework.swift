import Foundation

/// An indicator framework version: the level-1 and level-2 names (with stable codes) that
/// filings choose from. Loaded from `Schemas/frameworks/ID@VERSION.yaml`.
public struct Framework: Equatable, Sendable {
    public var id: String
    public var version: SemanticVersion
    public var status: ReleaseStatus
    public var title: String
    /// Filing kinds the framework is meant for.
    public var appliesTo: [Filing.Kind]
    /// ISO dates, inclusive; nil where open.
    public var validFrom: String?
    public var validTo: String?
    public var nodes: [FrameworkNode]
    /// The file it was loaded from, for messages.
    public var file: String?

    /// "national@2.0.0"
    public var reference: String { "\(id)@\(version)" }

    public func level1(named name: String) -> FrameworkNode? {
        nodes.first { $0.matches(name) }
    }

    /// The level-2 node of that name under any level 1, with its parent.
    public func level2(named name: String) -> (parent: FrameworkNode, node: FrameworkNode)? {
        for parent in nodes {
            if let child = parent.children.first(where: { $0.matches(name) }) { return (parent, child) }
        }
        return nil
    }

    public func node(code: String) -> FrameworkNode? {
        for parent in nodes {
            if parent.code == code { return parent }
            if let child = parent.children.first(where: { $0.code == code }) { return child }
        }
        return nil
    }
}

public struct FrameworkNode: Equatable, Sendable {
    /// Stable across versions for the same concept (e.g. EFF.SOC).
    public var code: String
    public var name: String
    /// A regular expression for names numbered per unit (核心业务产出1, 核心业务产出2 ...).
    public var namePattern: String?
    public var children: [FrameworkNode]

    public init(code: String, name: String, namePattern: String? = nil, children: [FrameworkNode] = []) {
        self.code = code
        self.name = name
        self.namePattern = namePattern
        self.children = children
    }

    public func matches(_ text: String) -> Bool {
        if text == name { return true }
        guard let namePattern else { return false }
        return text.range(of: "^(?:\(namePattern))$", options: .regularExpression) != nil
    }
}

/// Every framework version found under `Schemas/frameworks/`.
public struct FrameworkCatalog: Sendable {
    public var frameworks: [Framework]

    public init(frameworks: [Framework]) {
        self.frameworks = frameworks.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// Loads the default data folder's frameworks.
    public static func standard() throws -> FrameworkCatalog {
        try load(from: DataDirectory.schemas().appendingPathComponent("frameworks"))
    }

    public static func load(from folder: URL) throws -> FrameworkCatalog {
        FrameworkCatalog(frameworks: try RegistryFolder.load(folder, with: FrameworkLoader.load, reference: \.reference))
    }

    /// `id` or `id@version`; without a version, the latest released one.
    public func framework(_ reference: String) throws -> Framework {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let versions = frameworks.filter { $0.id == parts[0] }
        guard !versions.isEmpty else {
            let known = Set(frameworks.map(\.id)).sorted().joined(separator: ", ")
            throw JixiaoError("unknown-schema", "no framework '\(parts[0])'; known: \(known)")
        }
        if parts.count == 2 {
            guard let version = SemanticVersion(parts[1]), let match = versions.first(where: { $0.version == version }) else {
                let known = versions.map { $0.version.description }.joined(separator: ", ")
                throw JixiaoError("unknown-schema", "no version '\(parts[1])' of \(parts[0]); versions: \(known)")
            }
            return match
        }
        return versions.last(where: { $0.status == .released }) ?? versions.last!
    }
}

enum FrameworkLoader {
    static func load(_ url: URL) throws -> Framework {
        let bytes = try [UInt8](Data(contentsOf: url))
        let documents = try YAMLParser.parseStream(bytes, file: url.path)
        guard documents.count == 1 else {
            throw JixiaoError("registry-format", "a framework file holds exactly one YAML document", at: SourcePosition(file: url.path))
        }
        var map = try YAMLMappingReader(documents[0], file: url.path, what: "a framework")
        let id = try map.requiredString("id")
        let versionText = try map.requiredString("version")
        guard let version = SemanticVersion(versionText) else {
            throw JixiaoError("registry-format", "version '\(versionText)' is not MAJOR.MINOR.PATCH", at: SourcePosition(file: url.path))
        }
        let framework = Framework(
            id: id, version: version,
            status: try map.choice("status", ReleaseStatus.self) ?? .draft,
            title: try map.string("title") ?? id,
            appliesTo: try map.stringList("applies_to").map { text in
                guard let kind = Filing.Kind(rawValue: text) else {
                    throw JixiaoError("registry-format", "applies_to holds '\(text)': use project or department", at: SourcePosition(file: url.path))
                }
                return kind
            },
            validFrom: try map.string("valid_from"), validTo: try map.string("valid_to"),
            nodes: try map.list("nodes") { try node($0, file: url.path, depth: 1) },
            file: url.path)
        try map.finish()
        return framework
    }

    private static func node(_ yaml: YAMLNode, file: String, depth: Int) throws -> FrameworkNode {
        var map = try YAMLMappingReader(yaml, file: file, what: "a framework node")
        let children = depth < 2 ? try map.list("children") { try node($0, file: file, depth: depth + 1) } : []
        let result = FrameworkNode(
            code: try map.requiredString("code"), name: try map.requiredString("name"),
            namePattern: try map.string("name_pattern"), children: children)
        try map.finish()
        return result
    }
}
