import Foundation
import Testing
@testable import Jixiao

/// The layouts real filings come in, each as a small hand-written case with its expected rows
/// (the same shapes from real pages are scored in Tests/python/test_real_filings.py).
@Suite struct TextShapeTests {
    struct Row: Equatable, CustomStringConvertible {
        var level1: String?
        var level2: String?
        var name: String
        var op: Jixiao.Comparator?
        var value: String?
        var unit: String?

        init(level1: String?, level2: String?, name: String, op: Jixiao.Comparator?, value: String?, unit: String?) {
            self.level1 = level1
            self.level2 = level2
            self.name = name
            self.op = op
            self.value = value
            self.unit = unit
        }

        var description: String { "\(level1 ?? "-") \(level2 ?? "-") \(name) \(op?.rawValue ?? "-") \(value ?? "-") \(unit ?? "-")" }
    }

    private func rows(_ text: String) throws -> [Row] {
        let result = try TextFilingReader().read(InputDocument(name: "shape.txt", bytes: Array(text.utf8)), options: ReadOptions())
        return result.filings.flatMap(\.indicators).map {
            Row(level1: $0.level1, level2: $0.level2, name: $0.name, op: $0.op, value: $0.value?.description, unit: $0.unit)
        }
    }

    @Test func pipeRowsWithMergedLevelCellsLeftOutAndPaddingPipes() throws {
        let text = """
            一级指标 | 二级指标 | 三级指标 | 指标值 | |
            产出指标 | 数量指标 | 清扫保洁道路面积 | 1346.0088万平方米 | ||
            清扫保洁道路条数 | 1,346平方米 | ||||
            质量指标 | 垃圾无害化处理率 | １００％ | |||
            """
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "清扫保洁道路面积", op: .equal, value: "1346.0088", unit: "万平方米"),
            Row(level1: "产出指标", level2: "数量指标", name: "清扫保洁道路条数", op: .equal, value: "1346", unit: "平方米"),
            Row(level1: "产出指标", level2: "质量指标", name: "垃圾无害化处理率", op: .equal, value: "100", unit: "%"),
        ])
    }

    @Test func oneCellPerLineEndingInAPipe() throws {
        let text = "本年度 绩效指标 |\n一级指标 |\n二级指标 |\n三级指标 |\n指标值及单位 |\n|\n产出指标 |\n数量指标 |\n配备车辆数 |\n10辆 |\n||\n雾炮车风炮射程 |\n≥80M |\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "配备车辆数", op: .equal, value: "10", unit: "辆"),
            Row(level1: "产出指标", level2: "数量指标", name: "雾炮车风炮射程", op: .greaterOrEqual, value: "80", unit: "M"),
        ])
    }

    @Test func columnsSplitOnSingleSpaces() throws {
        let text = "一级指标 二级指标 三级指标 指标解释 目标值\n产出指标 数量指标 资金的供应时效 100%(历史标准) 100%\n质量指标 各类书籍审稿率 100%(计划标准) 95%以上\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "资金的供应时效", op: .equal, value: "100", unit: "%"),
            Row(level1: "产出指标", level2: "质量指标", name: "各类书籍审稿率", op: .greaterOrEqual, value: "95", unit: "%"),
        ])
    }

    @Test func indicatorsWrittenAsProse() throws {
        let text = "一、产出指标\n数量指标:种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:完成及时率(≥**%)>=100%。\n成本指标:补助成本(≤**元/株)≤28.40/株。\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "种植数量(≥**株)", op: .greaterOrEqual, value: "17600", unit: "株"),
            Row(level1: "产出指标", level2: "数量指标", name: "种植作物成活率(≥**%)", op: .greaterOrEqual, value: "85", unit: nil),
            Row(level1: "产出指标", level2: "时效指标", name: "完成及时率(≥**%)", op: .greaterOrEqual, value: "100", unit: "%"),
            Row(level1: "产出指标", level2: "成本指标", name: "补助成本(≤**元/株)", op: .lessOrEqual, value: "28.4", unit: "/株"),
        ])
    }

    @Test func rangesAndDatesStayText() throws {
        let text = "一级指标 | 二级指标 | 三级指标 | 指标值\n产出指标 | 质量指标 | 合格率 | 90-95%\n时效指标 | 完成时间 | 2024年12月底前\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "质量指标", name: "合格率", op: nil, value: "90-95", unit: "%"),
            Row(level1: "产出指标", level2: "时效指标", name: "完成时间", op: nil, value: "2024年12月底前", unit: nil),
        ])
    }

    @Test func aTextWithNoIndicatorTableIsAFailureThatSaysWhere() throws {
        let input = InputDocument(name: "notes.txt", bytes: Array("会议纪要\n项目名称 | 道路 | 金额 | 5\n".utf8))
        let error = try #require(throws: JixiaoError.self) { try TextFilingReader().read(input, options: ReadOptions()) }
        #expect(error.id == "no-indicator-table")
        #expect(error.message.contains("line 2"))
    }
}
