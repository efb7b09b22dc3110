import Foundation

/// Which kinds of change keep filings readable in each direction, with the reason when they
/// do not. Loaded from `Schemas/compatibility/ID@VERSION.yaml`: a data set, not code.
public struct CompatibilityPolicy: Sendable {
    public struct Entry: Sendable {
        public var kind: String
        public var backward: Bool
        public var forward: Bool
        public var whyNotBackward: String?
        public var whyNotForward: String?
    }

    public var header: ArtefactHeader
    public var entries: [String: Entry]

    public func entry(for kind: FrameworkChange.Kind) -> Entry? { entries[kind.rawValue] }
}

enum CompatibilityPolicyLoader {
    static func load(_ url: URL) throws -> CompatibilityPolicy {
        var (header, map) = try ArtefactFile.open(url, kind: "compatibility")
        var entries: [String: CompatibilityPolicy.Entry] = [:]
        for entry in try map.list("changes", { node -> CompatibilityPolicy.Entry in
            var change = try YAMLMappingReader(node, file: url.path, what: "a change kind")
            let kind = try change.requiredString("kind")
            guard FrameworkChange.Kind(rawValue: kind) != nil else {
                let known = FrameworkChange.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw JixiaoError("registry-format", key: "compatibility-unknown-change", ["change": kind, "known": known], at: change.position(change.mark))
            }
            let entry = CompatibilityPolicy.Entry(
                kind: kind, backward: try ArtefactFile.flag(&change, "backward"), forward: try ArtefactFile.flag(&change, "forward"),
                whyNotBackward: try change.string("why_not_backward"), whyNotForward: try change.string("why_not_forward"))
            try change.finish()
            return entry
        }) {
            entries[entry.kind] = entry
        }
        try map.finish()
        let missing = FrameworkChange.Kind.allCases.filter { entries[$0.rawValue] == nil }
        guard missing.isEmpty else {
            throw JixiaoError(
                "registry-format", key: "compatibility-missing", ["changes": missing.map(\.rawValue).joined(separator: ", ")],
                at: SourcePosition(file: url.path))
        }
        return CompatibilityPolicy(header: header, entries: entries)
    }
}
