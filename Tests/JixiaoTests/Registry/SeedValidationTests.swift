import Foundation
import Testing
@testable import Jixiao

/// The five seed filings, as canonical YAML written by hand from Examples/ (the rows that
/// matter for findings), each under the framework version it follows. Every expected finding
/// below was checked against the seed text.
@Suite struct SeedValidationTests {
    @Test func chenggong2021ProjectFollowsTheOlderNationalFramework() throws {
        let validations = try RegistryFixtures.validate("seeds/yunnan-chenggong-2021-project.yaml")
        #expect(validations.map(\.framework) == ["national@1.0.0"])
        #expect(validations[0].findings.map(RegistryFixtures.brief) == [
            // 督促目标责任单位…: "季度开展督查（考核）1次，年终开展集中考核1次" as a 定量 value.
            "quantitative-without-number yunnan-chenggong-2021-project.txt:147",
            // 考核工作经费: three sentences of ceilings as one 定量 value.
            "quantitative-without-number yunnan-chenggong-2021-project.txt:169",
            // 目标管理绩效考核质量: "> 上年度", 定性.
            "qualitative-with-comparator yunnan-chenggong-2021-project.txt:125",
            // 保障好…: "= 100 %" marked 定性指标.
            "qualitative-with-number yunnan-chenggong-2021-project.txt:204",
        ])
        #expect(!validations[0].isValid)
    }

    @Test func chengde2021LacksTheUnitNameAndTheProjectBudget() throws {
        let validations = try RegistryFixtures.validate("seeds/hebei-chengde-2021-department.yaml")
        #expect(validations.map(\.framework) == ["national@1.0.0", "national@1.0.0"])
        #expect(validations.map { $0.findings.map(\.message) } == [
            ["the filing has no 'organization.name', which department@1.0.0 requires"],
            ["the filing has no 'project.budget.total', which project@1.0.0 requires"],
        ])
    }

    @Test func lunanProjectsStateNoYear() throws {
        let validations = try RegistryFixtures.validate("seeds/hebei-tangshan-lunan-projects.yaml")
        #expect(validations.map(\.framework) == ["national@1.0.0", "national@1.0.0"])
        #expect(validations.allSatisfy { $0.detection?.contains("states no fiscal year") == true })
        // Both cost ceilings (3.6 and 10 万元) equal their budgets: no cost-above-budget.
        #expect(validations.map { $0.findings.map(RegistryFixtures.brief) } == [
            ["missing-required-field hebei-tangshan-lunan-projects.yaml:5"],
            ["missing-required-field hebei-tangshan-lunan-projects.yaml:104"],
        ])
    }

    @Test func ezhou2024FollowsTheHubeiDepartmentFramework() throws {
        let validations = try RegistryFixtures.validate("seeds/hubei-ezhou-2024-department.yaml")
        #expect(validations.map(\.framework) == ["hubei-department@1.0.0"])
        let findings = validations[0].findings
        #expect(findings.map(RegistryFixtures.brief) == [
            // 联系部门满意度 under 满意度, in the long-term and the annual table.
            "unknown-level2 hubei-ezhou-2024-department.txt:483",
            "unknown-level2 hubei-ezhou-2024-department.txt:902",
            // 2022 expenses: 318.19 + 49.86 + 201.66 = 569.71 against the total 569.7.
            "budget-parts-rounding hubei-ezhou-2024-department.yaml:49",
            // 优化营商环境: the value cell says only 定性.
            "missing-required-field hubei-ezhou-2024-department.txt:404",
            "missing-required-field hubei-ezhou-2024-department.txt:803",
        ])
        let rounding = try #require(findings.first { $0.id == "budget-parts-rounding" })
        #expect(rounding.severity == .warning)
        #expect(rounding.message == "expenses 2022: the parts add up to 569.71, the total says 569.7: the sum rounded")
    }

    @Test func hengyang2024FollowsThe2021NationalFrameworkAndItsWeightsFallShort() throws {
        let validations = try RegistryFixtures.validate("seeds/hunan-hengyang-2024-department.yaml")
        #expect(validations.map(\.framework) == ["national@2.0.0"])
        let findings = validations[0].findings
        // 备注 weights: 2.5×5 + 3.5×2 + 2×4 + 5×2 + 6 + 10 + 20 = 73.5; three rows have none.
        #expect(findings.map(\.id) == ["weights-total"])
        #expect(findings.first?.value == "73.5")
        #expect(findings.first?.message == "the indicator weights add up to 73.5, not 100; 3 of 19 indicators have no weight")
        #expect(validations[0].isValid)
    }
}

/// Which framework a filing follows when it does not say.
@Suite struct FrameworkDetectionTests {
    static func filing(year: String?, levels: [(String, String)], kind: Filing.Kind = .project) -> Filing {
        Filing(kind: kind, fiscalYear: year, indicators: levels.map { Indicator(level1: $0.0, level2: $0.1, name: "x") })
    }

    @Test func costAsLevel1MeansTheNewerVersion() throws {
        let detected = try FrameworkDetection.detect(
            Self.filing(year: "2020", levels: [("成本指标", "经济成本指标"), ("产出指标", "数量指标")]),
            among: FrameworkCatalog.standard())
        #expect(detected.framework.reference == "national@2.0.0")
    }

    @Test func withoutCostIndicatorsTheFiscalYearDecides() throws {
        let levels = [("产出指标", "数量指标"), ("满意度指标", "服务对象满意度指标")]
        let catalog = try FrameworkCatalog.standard()
        #expect(try FrameworkDetection.detect(Self.filing(year: "2021", levels: levels), among: catalog).framework.reference == "national@1.0.0")
        #expect(try FrameworkDetection.detect(Self.filing(year: "2024", levels: levels), among: catalog).framework.reference == "national@2.0.0")
    }

    @Test func unknownLevelNamesAreUnusable() throws {
        #expect(throws: JixiaoError.self) {
            try FrameworkDetection.detect(Self.filing(year: "2024", levels: [("投入指标", "预算执行")]), among: FrameworkCatalog.standard())
        }
    }
}
