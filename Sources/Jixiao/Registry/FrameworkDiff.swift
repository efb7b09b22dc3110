import Foundation

/// One typed difference between two framework versions, with the paths it concerns.
public struct FrameworkChange: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case nodeAdded = "node-added"
        case nodeRemoved = "node-removed"
        case nodeRenamed = "node-renamed"
        case nodeMoved = "node-moved"
        case namePatternChanged = "name-pattern-changed"
        case kindAdded = "kind-added"
        case kindRemoved = "kind-removed"
        case validityChanged = "validity-changed"
    }

    public var kind: Kind
    /// The node's path in the old version ("产出指标/成本指标"), when it had one.
    public var oldPath: String?
    /// Its path in the new version.
    public var newPath: String?
    public var oldCode: String?
    public var newCode: String?
    public var detail: String?

    public var description: String {
        var text = kind.rawValue
        switch (oldPath, newPath) {
        case let (old?, new?) where old != new: text += " \(old) -> \(new)"
        case let (old?, _): text += " \(old)"
        case let (nil, new?): text += " \(new)"
        case (nil, nil): break
        }
        switch (oldCode, newCode) {
        case let (old?, new?) where old != new: text += " [\(old) -> \(new)]"
        case let (code?, _), let (nil, code?): text += " [\(code)]"
        case (nil, nil): break
        }
        if let detail { text += ": \(detail)" }
        return text
    }
}

public enum FrameworkDiff {
    /// The changes from `old` to `new`. Nodes are matched by their stable code; a node that
    /// disappears under one code and appears with the same name under another is a move.
    public static func changes(from old: Framework, to new: Framework) -> [FrameworkChange] {
        var changes: [FrameworkChange] = []
        let oldNodes = old.flattened, newNodes = new.flattened
        let newByCode = Dictionary(newNodes.map { ($0.node.code, $0) }, uniquingKeysWith: { first, _ in first })
        let oldCodes = Set(oldNodes.map(\.node.code))
        var removed = oldNodes.filter { newByCode[$0.node.code] == nil }
        var added = newNodes.filter { !oldCodes.contains($0.node.code) }

        for before in oldNodes {
            guard let after = newByCode[before.node.code] else { continue }
            let oldPath = Framework.path(before.node, under: before.parent)
            let newPath = Framework.path(after.node, under: after.parent)
            let code = before.node.code
            if before.parent?.code != after.parent?.code {
                changes.append(FrameworkChange(kind: .nodeMoved, oldPath: oldPath, newPath: newPath, oldCode: code, newCode: code,
                                               detail: "now under \(after.parent?.name ?? "the top level")"))
            } else if before.node.name != after.node.name {
                changes.append(FrameworkChange(kind: .nodeRenamed, oldPath: oldPath, newPath: newPath, oldCode: code, newCode: code))
            }
            if before.node.namePattern != after.node.namePattern {
                changes.append(FrameworkChange(
                    kind: .namePatternChanged, oldPath: oldPath, newPath: newPath, oldCode: code, newCode: code,
                    detail: "'\(before.node.namePattern ?? "")' -> '\(after.node.namePattern ?? "")'"))
            }
        }

        // Same name, new code and place: the node moved (成本指标 from level 2 to level 1).
        for before in removed {
            guard let index = added.firstIndex(where: { $0.node.name == before.node.name }) else { continue }
            let after = added.remove(at: index)
            removed.removeAll { $0.node.code == before.node.code }
            changes.append(FrameworkChange(
                kind: .nodeMoved, oldPath: Framework.path(before.node, under: before.parent),
                newPath: Framework.path(after.node, under: after.parent), oldCode: before.node.code, newCode: after.node.code,
                detail: "level \(before.parent == nil ? 1 : 2) -> level \(after.parent == nil ? 1 : 2)"))
        }
        for before in removed {
            changes.append(FrameworkChange(kind: .nodeRemoved, oldPath: Framework.path(before.node, under: before.parent), oldCode: before.node.code))
        }
        for after in added {
            changes.append(FrameworkChange(kind: .nodeAdded, newPath: Framework.path(after.node, under: after.parent), newCode: after.node.code))
        }

        for kind in new.appliesTo where !old.appliesTo.contains(kind) {
            changes.append(FrameworkChange(kind: .kindAdded, detail: kind.rawValue))
        }
        for kind in old.appliesTo where !new.appliesTo.contains(kind) {
            changes.append(FrameworkChange(kind: .kindRemoved, detail: kind.rawValue))
        }
        if old.validFrom != new.validFrom || old.validTo != new.validTo {
            changes.append(FrameworkChange(
                kind: .validityChanged,
                detail: "\(period(old.validFrom, old.validTo)) -> \(period(new.validFrom, new.validTo))"))
        }
        return changes
    }

    static func period(_ from: String?, _ to: String?) -> String { "\(from ?? "…")..\(to ?? "…")" }
}

/// Whether one framework version can read filings written for another, and why not.
public struct CompatibilityVerdict: Sendable {
    public enum Direction: String, Sendable, CaseIterable {
        /// The newer version reads filings of the older one.
        case backward
        /// The older version reads filings of the newer one.
        case forward
    }

    public struct Reason: Sendable {
        public var change: FrameworkChange
        public var why: String
    }

    public var old: String
    public var new: String
    public var direction: Direction
    public var reasons: [Reason]

    public var isCompatible: Bool { reasons.isEmpty }
}

public enum CompatibilityCheck {
    public static func check(old: Framework, new: Framework, direction: CompatibilityVerdict.Direction,
                             policy: CompatibilityPolicy) -> CompatibilityVerdict {
        let reasons = FrameworkDiff.changes(from: old, to: new).compactMap { change -> CompatibilityVerdict.Reason? in
            guard let entry = policy.entry(for: change.kind) else {
                return CompatibilityVerdict.Reason(change: change, why: "the compatibility table does not rate \(change.kind.rawValue)")
            }
            switch direction {
            case .backward where !entry.backward:
                return CompatibilityVerdict.Reason(change: change, why: entry.whyNotBackward ?? "not backward compatible")
            case .forward where !entry.forward:
                return CompatibilityVerdict.Reason(change: change, why: entry.whyNotForward ?? "not forward compatible")
            default:
                return nil
            }
        }
        return CompatibilityVerdict(old: old.reference, new: new.reference, direction: direction, reasons: reasons)
    }

    /// `framework` against the version before it, or against every earlier version
    /// (`transitive`), in each direction asked for.
    public static func check(_ framework: Framework, in catalog: FrameworkCatalog, directions: [CompatibilityVerdict.Direction],
                             transitive: Bool, policy: CompatibilityPolicy) -> [CompatibilityVerdict] {
        let earlier = catalog.versions(of: framework.id).filter { $0.version < framework.version }
        let against = transitive ? earlier.reversed() : Array(earlier.suffix(1))
        return against.flatMap { old in
            directions.map { check(old: old, new: framework, direction: $0, policy: policy) }
        }
    }
}
