import Foundation
import Testing
@testable import Jixiao

/// The `validate`, `schema` and `migrate` commands: output and exit status.
@Suite struct RegistryCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func validateExitsZeroForAValidFiling() throws {
        let result = try TestSupport.run(["validate", RegistryFixtures.path("broken/valid.yaml")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("valid (0 errors, 0 warnings) against national@2.0.0 (detected: 4 of 4 indicators' levels belong to it"))
        #expect(result.stdout.hasSuffix("1 valid, 0 invalid, 0 unusable\n"))
    }

    @Test func validateExitsZeroWithWarningsOnly() throws {
        let result = try TestSupport.run(["validate", RegistryFixtures.path("broken/weights-total.yaml")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning   weights-total"))
    }

    @Test func validateExitsOneAndShowsTheFindingsTable() throws {
        let path = RegistryFixtures.path("broken/cost-above-budget.yaml")
        let result = try TestSupport.run(["validate", RegistryFixtures.path("broken/valid.yaml"), path])
        #expect(result.status == 1)
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  \(path):") })
        #expect(row.hasPrefix("  \(path):12:5  error     cost-above-budget  15 万元  cost indicator '专项经费' allows 15 万元"))
        #expect(result.stdout.hasSuffix("1 valid, 1 invalid, 0 unusable\n"))
    }

    @Test func validateJSONForMachines() throws {
        let result = try TestSupport.run(["validate", RegistryFixtures.path("../golden/hubei-ezhou-2024-department.yaml"), "--format", "json"])
        #expect(result.status == 1)
        let report = try Self.json(result.stdout)
        #expect(report["valid"] as? Bool == false)
        #expect(report["stats"] as? [String: Int] == ["filings": 1, "valid": 0, "invalid": 1, "unusable": 0, "errors": 9, "warnings": 1])
        let file = try #require((report["files"] as? [[String: Any]])?.first)
        let filing = try #require((file["filings"] as? [[String: Any]])?.first)
        #expect(filing["framework"] as? String == "hubei-department@1.0.0")
        #expect(filing["schema"] as? String == "department@1.0.0")
        let findings = try #require(filing["findings"] as? [[String: Any]])
        let rounding = try #require(findings.first { $0["id"] as? String == "budget-parts-rounding" })
        #expect(rounding["severity"] as? String == "warning")
        #expect(rounding["value"] as? String == "569.7")
        #expect((rounding["position"] as? String)?.hasSuffix("hubei-ezhou-2024-department.yaml:75:5") == true)
    }

    @Test func validateExitsTwoForUnusableInput() throws {
        let folder = try TestSupport.temporaryFolder()
        let notAFiling = folder.appendingPathComponent("other.yaml")
        try Data("name: not a filing\n".utf8).write(to: notAFiling)
        let unknownLevels = folder.appendingPathComponent("levels.yaml")
        try Data("format: jixiao/1\nkind: project\nindicators:\n  - {level1: 投入指标, level2: 预算执行, name: x}\n".utf8).write(to: unknownLevels)
        for path in [folder.appendingPathComponent("missing.yaml").path, notAFiling.path, unknownLevels.path] {
            let result = try TestSupport.run(["validate", path, RegistryFixtures.path("broken/valid.yaml")])
            #expect(result.status == 2, "\(path)")
            #expect(result.stdout.contains("unusable"))
        }
        let json = try TestSupport.run(["validate", unknownLevels.path, "--format", "json"])
        #expect(json.status == 2)
        let file = try #require((try Self.json(json.stdout)["files"] as? [[String: Any]])?.first)
        #expect((file["error"] as? [String: Any])?["id"] as? String == "framework-unknown")
    }

    @Test func validateWithANamedSchema() throws {
        let result = try TestSupport.run(["validate", RegistryFixtures.path("broken/valid.yaml"), "--framework", "national@1.0.0"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("against national@1.0.0 and project@1.0.0"))
        #expect(result.stdout.contains("unknown-level1"))
        let unknown = try TestSupport.run(["validate", RegistryFixtures.path("broken/valid.yaml"), "--framework", "national@9.0.0"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no version '9.0.0' of framework national; versions: 1.0.0, 2.0.0"))
    }

    @Test func schemaDiffListsTheCostMove() throws {
        let result = try TestSupport.run(["schema", "diff", "national@1.0.0", "national@2.0.0"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            "national@1.0.0 -> national@2.0.0: 5 changes",
            "  node-moved 产出指标/成本指标 -> 成本指标 [OUT.COST -> COST]: level 2 -> level 1",
            "  node-added 成本指标/经济成本指标 [COST.ECON]",
            "  node-added 成本指标/社会成本指标 [COST.SOC]",
            "  node-added 成本指标/生态环境成本指标 [COST.ENV]",
            "  validity-changed: 2013-01-01..2021-08-17 -> 2021-08-18..…",
        ])
    }

    @Test func schemaCheckSaysWhyNotBackward() throws {
        let result = try TestSupport.run(["schema", "check", "national"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "backward: not compatible: national@2.0.0 cannot read every filing of national@1.0.0")
        #expect(lines.dropFirst().first?.hasPrefix("  node-moved 产出指标/成本指标 -> 成本指标") == true)
        #expect(lines.dropFirst().first?.hasSuffix("filings of the old version place the node under its old parent, which the new version rejects") == true)
        let json = try Self.json(try TestSupport.run(["schema", "check", "national@2.0.0", "--transitive", "--format", "json"]).stdout)
        #expect(json["compatible"] as? Bool == false)
        #expect((json["verdicts"] as? [[String: Any]])?.map { $0["direction"] as? String } == ["backward", "forward"])
        let first = try TestSupport.run(["schema", "check", "national@1.0.0"])
        #expect(first.status == 0)
        #expect(first.stdout == "national@1.0.0: no earlier version to check against\n")
    }

    @Test func schemaListAndShow() throws {
        let list = try TestSupport.run(["schema", "list", "--format", "json"])
        #expect(list.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(entries.contains { $0["id"] as? String == "national" && $0["version"] as? String == "2.0.0" && $0["status"] as? String == "released" })
        #expect(entries.contains { $0["kind"] as? String == "migration" && $0["id"] as? String == "national-v1-to-v2" })
        let show = try TestSupport.run(["schema", "show", "national@2.0.0"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("\nCOST  成本指标\n  COST.ECON  经济成本指标\n"))
        let missing = try TestSupport.run(["schema", "show", "nowhere"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no artefact 'nowhere'"))
    }

    @Test func migrateThereAndBackGivesTheSameBytes() throws {
        let folder = try TestSupport.temporaryFolder()
        let seed = RegistryFixtures.path("../golden/yunnan-chenggong-2021-project.yaml")
        let newer = folder.appendingPathComponent("newer.yaml").path, older = folder.appendingPathComponent("older.yaml").path
        let log = folder.appendingPathComponent("log.txt").path
        let forward = try TestSupport.run(["migrate", seed, "--framework", "national@2.0.0", "-o", newer, "--log", log])
        #expect(forward.status == 0)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == """
            Examples/yunnan-chenggong-2021-project.txt:167: moved indicators[4] 考核工作经费: 产出指标/成本指标 -> 成本指标/经济成本指标 (OUT.COST -> COST.ECON)
            1 changes; complete

            """)
        let back = try TestSupport.run(["migrate", newer, "--framework", "national@1.0.0", "-o", older])
        #expect(back.status == 0)
        #expect(back.stderr.contains("moved indicators[4] 考核工作经费: 成本指标/经济成本指标 -> 产出指标/成本指标"))
        let canonical = try TestSupport.run(["convert", seed])
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: older))) == canonical.stdoutBytes)
    }

    @Test func migrateRefusesAndWritesNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        let output = folder.appendingPathComponent("out.yaml").path
        let result = try TestSupport.run(["migrate", RegistryFixtures.path("../golden/hubei-ezhou-2024-department.yaml"), "--framework", "national@2.0.0", "-o", output])
        #expect(result.status == 1)
        #expect(result.stderr.contains("refused indicators[0] 公用经费控制率: 运行成本/公用经费控制 (national@2.0.0 has no node RUN.PUB"))
        #expect(result.stderr.hasSuffix("2 changes, 74 refused: nothing written\n"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let unknown = try TestSupport.run(["migrate", RegistryFixtures.path("broken/valid.yaml"), "--framework", "national@3.0.0"])
        #expect(unknown.status == 64)
    }
}
