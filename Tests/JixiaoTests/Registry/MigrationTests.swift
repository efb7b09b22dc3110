import Foundation
import Testing
@testable import Jixiao

@Suite struct MigrationTests {
    static func migrate(_ fixture: String, to target: String) throws -> [MigrationResult] {
        try Migrator.migrate(InputLoader.load(RegistryFixtures.path(fixture)), to: target, registry: SchemaRegistry.standard())
    }

    static func filings(_ fixture: String) throws -> [Filing] {
        try CanonicalYAML.decode(Array(Data(contentsOf: URL(fileURLWithPath: RegistryFixtures.path(fixture)))))
    }

    @Test func olderToNewerAndBackGivesTheOriginal() throws {
        let original = try Self.filings("../golden/yunnan-chenggong-2021-project.yaml")
        let forward = try Self.migrate("../golden/yunnan-chenggong-2021-project.yaml", to: "national@2.0.0")
        #expect(forward.allSatisfy { $0.isComplete })
        #expect(forward[0].steps.map(\.description) == [
            "Examples/yunnan-chenggong-2021-project.txt:167: moved indicators[4] 考核工作经费: 产出指标/成本指标 -> 成本指标/经济成本指标 (OUT.COST -> COST.ECON)",
        ])
        let registry = try SchemaRegistry.standard()
        let newer = try registry.frameworks.framework("national@2.0.0"), older = try registry.frameworks.framework("national@1.0.0")
        let back = Migrator.migrate(forward[0].filing, from: newer, to: older, map: registry.migration(from: newer, to: older))
        #expect(back.steps.map(\.outcome) == [.moved])
        #expect(back.filing == original[0])
        // The migrated filing is valid under the newer framework as far as levels go.
        let levels = try Validator(registry: registry).validate(forward[0].filing, schema: "national@2.0.0").findings
            .filter { ["unknown-level1", "unknown-level2", "level2-wrong-parent"].contains($0.id) }
        #expect(levels.isEmpty)
    }

    @Test func newerToOlderAndBackGivesTheOriginal() throws {
        let original = try Self.filings("../golden/hunan-hengyang-2024-department.yaml")
        let backward = try Self.migrate("../golden/hunan-hengyang-2024-department.yaml", to: "national@1.0.0")
        #expect(backward[0].steps.map(\.outcome) == [.moved])
        #expect(backward[0].filing.indicators.last?.level1 == "产出指标")
        #expect(backward[0].filing.indicators.last?.level2 == "成本指标")
        let registry = try SchemaRegistry.standard()
        let newer = try registry.frameworks.framework("national@2.0.0"), older = try registry.frameworks.framework("national@1.0.0")
        let again = Migrator.migrate(backward[0].filing, from: older, to: newer, map: registry.migration(from: older, to: newer))
        #expect(again.filing == original[0])
    }

    @Test func mergingSocialCostsKeepsTheFormerLevel2AndSaysSo() throws {
        var filing = try Self.filings("../golden/hunan-hengyang-2024-department.yaml")[0]
        filing.indicators[18].level2 = "社会成本指标"
        let registry = try SchemaRegistry.standard()
        let newer = try registry.frameworks.framework("national@2.0.0"), older = try registry.frameworks.framework("national@1.0.0")
        let result = Migrator.migrate(filing, from: newer, to: older, map: registry.migration(from: newer, to: older))
        #expect(result.steps.map(\.outcome) == [.merged])
        #expect(result.filing.indicators[18].level2 == "成本指标")
        #expect(result.filing.indicators[18].extra.last == ExtraText(
            label: Migrator.formerLevel2Label, text: "社会成本指标", source: filing.indicators[18].source))
    }

    @Test func aMoveOntoALevel1AloneKeepsTheFormerLevel2() throws {
        let registry = try SchemaRegistry.standard()
        let older = try registry.frameworks.framework("national@1.0.0"), newer = try registry.frameworks.framework("national@2.0.0")
        var map = try #require(registry.migration(from: older, to: newer))
        map.moves = [MigrationMap.Move(from: "OUT.COST", to: "COST", lossy: false)]
        let filing = try Self.filings("../golden/yunnan-chenggong-2021-project.yaml")[0]
        let result = Migrator.migrate(filing, from: older, to: newer, map: map)
        #expect(result.steps.map(\.outcome) == [.merged])
        #expect(result.filing.indicators[4].level1 == "成本指标")
        #expect(result.filing.indicators[4].level2 == nil)
        #expect(result.filing.indicators[4].extra.map(\.text) == ["成本指标"])
    }

    @Test func whatHasNoPlaceInTheTargetIsRefusedNotGuessed() throws {
        let results = try Self.migrate("../golden/hubei-ezhou-2024-department.yaml", to: "national@2.0.0")
        #expect(!results[0].isComplete)
        let refused = results[0].steps.filter { $0.outcome == .refused }
        // 运行成本 (RUN.*) has no counterpart in the national framework and no migration map says where it goes.
        #expect(refused.contains { $0.from == "运行成本/公用经费控制" && $0.note?.contains("no node RUN.PUB") == true })
        #expect(refused.contains { $0.from == "满意度/联系部门满意度" && $0.note == "not a node of hubei-department@1.0.0" })
    }

    @Test func sameVersionChangesNothing() throws {
        let results = try Self.migrate("../golden/hunan-hengyang-2024-department.yaml", to: "national@2.0.0")
        #expect(results[0].steps.isEmpty)
        #expect(results[0].filing == (try Self.filings("../golden/hunan-hengyang-2024-department.yaml"))[0])
    }
}
