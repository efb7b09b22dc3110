import Foundation
import Testing
@testable import Jixiao

/// Each example filing read into canonical YAML equals its hand-checked golden file.
@Suite struct TextReaderGoldenTests {
    /// Row for row against the hand-made keys of the seeds is `Tests/python/test_real_filings.py`
    /// (an independent YAML reader); here, that each example's canonical YAML reads back unchanged.
    @Test(arguments: TextSeeds.names)
    func readsExampleToCanonicalYAMLThatReadsBack(_ name: String) throws {
        let result = try TextSeeds.read(name)
        let written = try CanonicalYAML.encode(result.filings)
        #expect(try CanonicalYAML.decode(written, file: name) == result.filings)
    }

    @Test func countsFilingsAndIndicatorRowsOfEveryExample() throws {
        for seed in TextSeeds.expected {
            let filings = try TextSeeds.read(seed.name).filings
            #expect(filings.count == seed.filings, "\(seed.name)")
            #expect(filings.map(\.indicators.count).reduce(0, +) == seed.indicators, "\(seed.name)")
        }
        let hubei = try TextSeeds.read("hubei-ezhou-2024-department").filings[0].indicators
        #expect(hubei.filter { $0.period == .longTerm }.count == 38)
        #expect(hubei.filter { $0.period == .annual }.count == 38)
    }

    @Test func yunnanCodesAreReadThroughTheCodeListAndTheDoubtfulOneIsNotApplied() throws {
        let result = try TextSeeds.read("yunnan-chenggong-2021-project")
        let indicators = result.filings[0].indicators
        // The seed's key: neither code is applied, both are kept as written and reported.
        let sustained = try #require(indicators.first { $0.name.hasPrefix("持续推动") })
        #expect(sustained.op == nil && sustained.written["op"] == "3")
        let satisfaction = try #require(indicators.first { $0.name == "目标责任单位满意度" })
        #expect(satisfaction.op == nil && satisfaction.written["op"] == "4" && satisfaction.value == .number(95))
        let doubts = result.diagnostics.filter { $0.id == "op-code-doubtful" }
        #expect(doubts.map(\.position) == [227, 260].map { SourcePosition(file: "Examples/yunnan-chenggong-2021-project.txt", line: $0) })
        #expect(doubts.allSatisfy { $0.severity == .warning } && doubts.map(\.value) == ["3", "4"])
        // A multi-line cell whose later lines lack the tab stays one value.
        let cost = try #require(indicators.first { $0.name == "考核工作经费" })
        #expect(cost.value?.description.components(separatedBy: "\n").count == 3)
    }

    /// Column meaning comes from the mapping: without Yunnan's, 指标性质 is a column nobody names,
    /// read as the comparator column only because its cells are comparators, and said so.
    @Test func aNamedMappingReplacesTheDetectedOne() throws {
        let input = InputDocument(name: "y.txt", bytes: try TextSeeds.bytes("yunnan-chenggong-2021-project"))
        let result = try TextFilingReader().read(input, options: ReadOptions(mapping: "common"))
        let first = try #require(result.filings.first?.indicators.first)
        #expect(first.op == .greaterOrEqual && first.extra.isEmpty)
        #expect(result.diagnostics.contains { $0.id == "unknown-column" && $0.value == "指标性质" })
        #expect(result.diagnostics.filter { $0.id == "comparator-column" }.map(\.value) == ["指标性质"])
        // The codes of the same column are no comparators: kept, not guessed.
        let coded = try #require(result.filings.first?.indicators.first { $0.name == "目标责任单位满意度" })
        #expect(coded.op == nil && coded.written["op"] == "4")
        #expect(throws: JixiaoError.self) { try TextFilingReader().read(input, options: ReadOptions(mapping: "atlantis")) }
    }

    @Test func hebeiQualitativeTargetsComeFromTheUnitColumn() throws {
        let filings = try TextSeeds.read("hebei-chengde-2021-department").filings
        let first = filings[0].indicators[0]
        #expect(first.value == .text("合理规范") && first.nature == .qualitative && first.op == nil)
        #expect(first.written["op"] == "文字描述")
        let effect = try #require(filings[0].indicators.first { $0.name == "考核结果影响" })
        #expect(effect.level1 == "效益指标" && effect.written["level1"] == "效果指标")
        #expect(effect.level2 == "可持续影响指标" && effect.written["level2"] == "可持续性影响")
        #expect(filings[1].project?.spendPlan == SpendPlan(march: 0, june: 30, october: 60, december: 90))
        #expect(filings[1].goals?.items.map(\.label) == ["目标1", "目标2"])
    }

    @Test func tangshanValuesCarryOperatorAndUnitInside() throws {
        let filings = try TextSeeds.read("hebei-tangshan-lunan-projects").filings
        let project = filings[1]
        #expect(project.project?.code == "13020225P008969100011")
        #expect(project.project?.budget == Budget(total: 3.6, fiscal: 3.6))
        #expect(project.amountUnit == "万元")
        #expect(project.organization?.code == "202001" && project.organization?.name?.hasSuffix("督查室本级") == true)
        let cost = project.indicators[0]
        #expect(cost.op == .lessOrEqual && cost.value == .number(3.6) && cost.unit == "万元")
        #expect(cost.written["value"] == "≤3.6万元")
        let percent = try #require(project.indicators.first { $0.name == "合格率" })
        #expect(percent.unit == "%" && percent.value == .number(90) && percent.op == .greaterOrEqual)
    }

    @Test func ezhouLevelsBrokenOverLinesAndPriorYears() throws {
        let filing = try TextSeeds.read("hubei-ezhou-2024-department").filings[0]
        #expect(filing.indicators[0].level1 == "运行成本")
        let annual = try #require(filing.indicators.first { $0.period == .annual && $0.name == "预算调整率" })
        #expect(annual.priorValues.map(\.label) == ["前年", "上年"])
        #expect(annual.value == .number(10) && annual.unit == "%")
        #expect(filing.department?.income.first?.priorYears.map(\.year) == ["2023", "2022"])
        #expect(filing.department?.expenses.last?.item == "合计")
        #expect(filing.department?.projects.count == 2)
    }

    @Test func hengyangPDFArtefactsAreRepairedAndReported() throws {
        let result = try TextSeeds.read("hunan-hengyang-2024-department")
        let indicators = result.filings[0].indicators
        #expect(indicators[0].op == .greaterOrEqual && indicators[0].written["op"] == "\\geqslant")
        #expect(indicators[0].weight == 2.5)
        #expect(indicators.contains { $0.name == "全市直机关机关党组织开展模范机关创建覆盖率" })
        let satisfaction = try #require(indicators.first { $0.name == "社会公众满意度" })
        #expect(satisfaction.level2 == "服务对象满意度指标" && satisfaction.written["level2"] == "服务对象满意度指")
        #expect(indicators.last?.level1 == "成本指标" && indicators.last?.unit == "万元")
        let ids = Set(result.diagnostics.map(\.id))
        // OCR damage is read through the one label or level name one character off, and said.
        #expect(ids.isSuperset(of: ["header-repaired", "spaces-removed", "label-repaired", "level-repaired"]))
        let repaired = result.diagnostics.filter { $0.id == "label-repaired" }.map(\.message)
        #expect(repaired.contains { $0.contains("'部门单位名称'") } && repaired.contains { $0.contains("'年度总体目标'") })
        #expect(result.diagnostics.allSatisfy { $0.position?.line != nil })
    }
}
