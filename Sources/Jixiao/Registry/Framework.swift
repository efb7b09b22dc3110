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

    public var header: ArtefactHeader {
        ArtefactHeader(kind: "framework", id: id, version: version, status: status, title: title,
                       validFrom: validFrom, validTo: validTo, file: file ?? reference)
    }

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
    public var namePattern: String? {
        didSet { patternLead = namePattern.map(Self.literalLead) ?? "" }
    }
    public var children: [FrameworkNode]
    /// The text every name the pattern matches starts with ("核心业务产出" of "核心业务产出[0-9]+"):
    /// names without it are told apart without running the expression, as most are.
    private var patternLead = ""

    public init(code: String, name: String, namePattern: String? = nil, children: [FrameworkNode] = []) {
        self.code = code
        self.name = name
        self.namePattern = namePattern
        self.patternLead = namePattern.map(Self.literalLead) ?? ""
        self.children = children
    }

    public func matches(_ text: String) -> Bool {
        if text == name { return true }
        guard let namePattern, text.hasPrefix(patternLead) else { return false }
        return text.firstMatch(of: "^(?:\(namePattern))$") != nil
    }

    /// The pattern's leading characters up to its first special one (none for a pattern with
    /// alternatives; a last character quantified by ?, * or {} is dropped: "a?" may match nothing).
    private static func literalLead(_ pattern: String) -> String {
        guard !pattern.containsBytes(of: "|") else { return "" }
        var lead = String(pattern.prefix { !"\\^$.|?*+()[]{}".contains($0) })
        if let next = pattern.dropFirst(lead.count).first, "?*{".contains(next), !lead.isEmpty { lead.removeLast() }
        return lead
    }
}

/// Every framework version found under `Schemas/frameworks/`.
public struct FrameworkCatalog: Sendable {
    public var frameworks: [Framework]

    public init(frameworks: [Framework]) {
        self.frameworks = frameworks.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// The default data folder's frameworks, loaded once per process.
    public static func standard() throws -> FrameworkCatalog {
        try cache.value(orLoad: { try load(from: DataDirectory.schemas().appendingPathComponent("frameworks")) })
    }

    private static let cache = LockedValue<FrameworkCatalog>()

    public static func load(from folder: URL) throws -> FrameworkCatalog {
        FrameworkCatalog(frameworks: try ArtefactFile.loadFolder(folder, FrameworkLoader.load))
    }

    /// `id` or `id@version`; without a version, the latest released one.
    public func framework(_ reference: String) throws -> Framework {
        try ArtefactFile.pick(reference, from: frameworks, kind: "framework") { $0.header }
    }

    /// Every version of one framework, oldest first.
    public func versions(of id: String) -> [Framework] {
        frameworks.filter { $0.id == id }
    }
}

enum FrameworkLoader {
    static func load(_ url: URL) throws -> Framework {
        var (header, map) = try ArtefactFile.open(url, kind: "framework")
        let framework = Framework(
            id: header.id, version: header.version, status: header.status, title: header.title,
            appliesTo: try map.stringList("applies_to").map { text in
                guard let kind = Filing.Kind(rawValue: text) else {
                    throw JixiaoError("registry-format", key: "framework-applies-to", ["kind": text], at: SourcePosition(file: url.path))
                }
                return kind
            },
            validFrom: header.validFrom, validTo: header.validTo,
            nodes: try map.list("nodes") { try node($0, file: url.path, depth: 1) },
            file: url.path)
        try map.finish()
        // Codes identify nodes across versions (diff, migration): one code, one node.
        var seen: Set<String> = []
        for entry in framework.flattened where !seen.insert(entry.node.code).inserted {
            throw JixiaoError("registry-format", key: "framework-code-twice", ["code": entry.node.code], at: SourcePosition(file: url.path))
        }
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

extension Framework {
    /// Where a node sits: its level 1, and the node itself when it is a level 2.
    public func place(ofCode code: String) -> (level1: FrameworkNode, level2: FrameworkNode?)? {
        for parent in nodes {
            if parent.code == code { return (parent, nil) }
            if let child = parent.children.first(where: { $0.code == code }) { return (parent, child) }
        }
        return nil
    }

    /// The nodes an indicator's level names select, or why they select none.
    public func resolve(level1: String?, level2: String?) -> FrameworkResolution {
        guard let level1 else { return .missingLevel1 }
        guard let parent = self.level1(named: level1) else { return .unknownLevel1 }
        guard let level2 else { return .found(parent, nil) }
        if let child = parent.children.first(where: { $0.matches(level2) }) { return .found(parent, child) }
        if let elsewhere = self.level2(named: level2) { return .wrongParent(expected: elsewhere.parent) }
        return .unknownLevel2(parent)
    }

    /// Every node with its level-1 parent (nil for a level 1), level 1 first then its children.
    public var flattened: [(node: FrameworkNode, parent: FrameworkNode?)] {
        nodes.flatMap { parent in [(parent, nil)] + parent.children.map { ($0, parent) } }
    }

    /// "产出指标/成本指标"
    public static func path(_ node: FrameworkNode, under parent: FrameworkNode?) -> String {
        parent.map { "\($0.name)/\(node.name)" } ?? node.name
    }
}

public enum FrameworkResolution: Equatable, Sendable {
    case found(FrameworkNode, FrameworkNode?)
    case missingLevel1
    case unknownLevel1
    case unknownLevel2(FrameworkNode)
    case wrongParent(expected: FrameworkNode)
}
