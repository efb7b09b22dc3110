import Foundation

/// How nodes of one framework version map onto another, where their codes differ. Loaded from
/// `Schemas/migrations/ID@VERSION.yaml`. Nodes it does not list keep their code.
public struct MigrationMap: Sendable {
    public struct Move: Equatable, Sendable {
        public var from: String
        public var to: String
        /// Several source nodes merge into one: the former name is kept and reported.
        public var lossy: Bool
    }

    public var header: ArtefactHeader
    public var from: String
    public var to: String
    public var moves: [Move]

    public func move(for code: String) -> Move? { moves.first { $0.from == code } }
}

enum MigrationMapLoader {
    static func load(_ url: URL) throws -> MigrationMap {
        var (header, map) = try ArtefactFile.open(url, kind: "migration")
        let result = MigrationMap(
            header: header, from: try map.requiredString("from"), to: try map.requiredString("to"),
            moves: try map.list("moves") { node in
                var move = try YAMLMappingReader(node, file: url.path, what: "a move")
                let result = MigrationMap.Move(
                    from: try move.requiredString("from"), to: try move.requiredString("to"),
                    lossy: try ArtefactFile.flag(&move, "lossy"))
                try move.finish()
                return result
            })
        try map.finish()
        return result
    }
}

/// One line of a migration log: what happened to one indicator, or why it could not.
public struct MigrationStep: Equatable, Sendable, CustomStringConvertible {
    public enum Outcome: String, Sendable {
        case moved, renamed, merged
        /// Not changed: the change could not be made safely.
        case refused
    }

    public var outcome: Outcome
    /// "indicators[3] 考核工作经费"
    public var indicator: String
    public var position: SourcePosition?
    public var from: String
    public var to: String?
    public var note: String?

    public var description: String {
        let place = position.map { "\($0): " } ?? ""
        let target = to.map { " -> \($0)" } ?? ""
        return "\(place)\(outcome.rawValue) \(indicator): \(from)\(target)\(note.map { " (\($0))" } ?? "")"
    }
}

public struct MigrationResult: Sendable {
    public var filing: Filing
    public var steps: [MigrationStep]

    /// Every change was made; nothing was refused.
    public var isComplete: Bool { !steps.contains { $0.outcome == .refused } }
}

/// Moves a filing's indicators from one framework version to another: by the migration map
/// where it names a node, else by stable code. What it cannot place, it leaves and reports.
public enum Migrator {
    public static let formerLevel2Label = "level2 before migration"

    public static func migrate(_ filing: Filing, from source: Framework, to target: Framework,
                               map: MigrationMap?, positions: (Int) -> SourcePosition? = { _ in nil }) -> MigrationResult {
        var result = MigrationResult(filing: filing, steps: [])
        for index in filing.indicators.indices {
            let indicator = filing.indicators[index]
            let label = "indicators[\(index)] \(indicator.name)"
            let position = indicator.source ?? positions(index)
            let fromPath = [indicator.level1, indicator.level2].compactMap { $0 }.joined(separator: "/")
            func refuse(_ why: String) {
                result.steps.append(MigrationStep(outcome: .refused, indicator: label, position: position, from: fromPath, note: why))
            }
            guard case .found(let level1, let level2) = source.resolve(level1: indicator.level1, level2: indicator.level2) else {
                refuse("not a node of \(source.reference)")
                continue
            }
            let code = level2?.code ?? level1.code
            let move = map?.move(for: code)
            let targetCode = move?.to ?? code
            guard let place = target.place(ofCode: targetCode) else {
                refuse("\(target.reference) has no node \(targetCode) and the migration map does not move \(code)")
                continue
            }
            var migrated = indicator
            migrated.level1 = place.level1.name
            // A numbered name (核心业务产出2) that still matches keeps its number.
            if let node = place.level2 {
                migrated.level2 = indicator.level2.flatMap { node.matches($0) ? $0 : nil } ?? node.name
            } else {
                migrated.level2 = nil
            }
            if migrated.level1 == indicator.level1 && migrated.level2 == indicator.level2 { continue }
            let toPath = [migrated.level1, migrated.level2].compactMap { $0 }.joined(separator: "/")
            let outcome: MigrationStep.Outcome
            var note = "\(code) -> \(targetCode)"
            // A merge, or a move onto a level 1 alone, would lose the level 2: keep it under extra.
            if move?.lossy == true || place.level2 == nil, let former = indicator.level2 {
                outcome = .merged
                migrated.extra.append(ExtraText(label: formerLevel2Label, text: former, source: indicator.source))
                note += "; the former level 2 is kept under extra"
            } else {
                outcome = targetCode == code && place.level1.code == level1.code ? .renamed : .moved
            }
            result.filing.indicators[index] = migrated
            result.steps.append(MigrationStep(outcome: outcome, indicator: label, position: position, from: fromPath, to: toPath, note: note))
        }
        return result
    }
}

extension Migrator {
    /// Migrates every filing of one input to `target`. Each filing's source framework is
    /// `source` when given, else detected.
    public static func migrate(_ input: InputDocument, from format: String? = nil, options: ReadOptions = ReadOptions(), source: String? = nil,
                               to target: String, registry: SchemaRegistry) throws -> [MigrationResult] {
        let filings = try Conversion.read(input, from: format, options: options).filings
        let locators = try FilingLocator.locators(for: input, format: format, count: filings.count)
        let targetFramework = try registry.frameworks.framework(target)
        return try filings.enumerated().map { index, filing in
            let sourceFramework = try source.map { try registry.frameworks.framework($0) }
                ?? FrameworkDetection.detect(filing, among: registry.frameworks).framework
            return migrate(filing, from: sourceFramework, to: targetFramework,
                           map: registry.migration(from: sourceFramework, to: targetFramework),
                           positions: { locators[index].position("indicators.\($0)") })
        }
    }
}
