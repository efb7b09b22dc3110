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

    @Test func oneCellPerLineWithNoMarksAtAll() throws {
        let text = "一级指标\n\n二级指标\n\n三级指标\n\n指标值\n\n产出指标\n\n数量指标\n\n道路硬化里程\n\n≥100公里\n\n供水设施数量\n\n≥20座\n\n效益指标\n\n经济效益\n\n指标\n\n年增粮食\n\n3500公斤\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "道路硬化里程", op: .greaterOrEqual, value: "100", unit: "公里"),
            Row(level1: "产出指标", level2: "数量指标", name: "供水设施数量", op: .greaterOrEqual, value: "20", unit: "座"),
            // "经济效益" / "指标": a level name broken over two lines.
            Row(level1: "效益指标", level2: "经济效益指标", name: "年增粮食", op: .equal, value: "3500", unit: "公斤"),
        ])
    }

    @Test func cellsGluedWithNoSeparator() throws {
        let text = "绩效指标一级指标二级指标三级指标指标值\n产出指标数量指标学校改造覆盖率100%\n质量指标验收合格率≥95%\n效益指标可持续影响指标均衡发展情况稳步提高\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "学校改造覆盖率", op: .equal, value: "100", unit: "%"),
            Row(level1: "产出指标", level2: "质量指标", name: "验收合格率", op: .greaterOrEqual, value: "95", unit: "%"),
            Row(level1: "效益指标", level2: "可持续影响指标", name: "均衡发展情况", op: nil, value: "稳步提高", unit: nil),
        ])
    }

    /// A goals header glued to its column's header (总体目标 | 年度目标, as 04-hubei-qingshan-
    /// ruralschools has it): the text below is the annual goal; the column's label is no goal.
    @Test func aGoalsHeaderGluedToItsColumnsHeader() throws {
        let text = "总体目标年度目标\n全面改善学校办学条件。\n绩效指标一级指标二级指标三级指标指标值\n产出指标数量指标学校改造覆盖率100%\n"
        let read = try TextFilingReader().read(InputDocument(name: "shape.txt", bytes: Array(text.utf8)), options: ReadOptions())
        let filing = try #require(read.filings.first)
        #expect(read.diagnostics.filter { $0.id == "labels-glued" }.map(\.message)
                == ["'总体目标' and '年度目标' run together: read as two labels, the text below filling '年度目标'"])
        #expect(filing.goals?.longTerm == nil)
        #expect(filing.goals?.annual?.text == "全面改善学校办学条件。")
        #expect(filing.indicators.map(\.name) == ["学校改造覆盖率"])
    }

    @Test func sideBySideLongTermAndAnnualBlocks() throws {
        let text = """
            一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值 | ||
            产出指标 | 数量指标 | 监督抽检批次 | ≥300组 | 数量指标 | 监督抽检批次 | ≥100组 | |||
            检测合格率 | ≥98% | 检测合格率 | ≥97% | ||||||
            """
        let result = try TextFilingReader().read(InputDocument(name: "shape.txt", bytes: Array(text.utf8)), options: ReadOptions())
        let indicators = result.filings.flatMap(\.indicators)
        #expect(indicators.map(\.period) == [.longTerm, .longTerm, .annual, .annual])
        #expect(indicators.map(\.value) == [.number(300), .number(98), .number(100), .number(97)])
        #expect(indicators.allSatisfy { $0.level1 == "产出指标" && $0.level2 == "数量指标" })
    }

    @Test func aLevelNameOnTheMiddleRowOfItsMergedCellHeadsTheRowsAbove() throws {
        let text = """
            绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | |
            数量指标 | 主体班培训人次 | 280人次 | ||||
            情景教学批次 | 6次 | |||||
            产出指标 | 开设课程数量 | 220 | ||||
            质量指标 | 培训完成率 | 100% | ||||
            """
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "主体班培训人次", op: .equal, value: "280", unit: "人次"),
            Row(level1: "产出指标", level2: "数量指标", name: "情景教学批次", op: .equal, value: "6", unit: "次"),
            Row(level1: "产出指标", level2: "数量指标", name: "开设课程数量", op: .equal, value: "220", unit: nil),
            Row(level1: "产出指标", level2: "质量指标", name: "培训完成率", op: .equal, value: "100", unit: "%"),
        ])
    }

    @Test func columnsSplitOnSingleSpaces() throws {
        let text = "一级指标 二级指标 三级指标 指标解释 目标值\n产出指标 数量指标 资金的供应时效 100%(历史标准) 100%\n质量指标 各类书籍审稿率 100%(计划标准) 95%以上\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "资金的供应时效", op: .equal, value: "100", unit: "%"),
            Row(level1: "产出指标", level2: "质量指标", name: "各类书籍审稿率", op: .greaterOrEqual, value: "95", unit: "%"),
        ])
    }

    /// A layout reader says what it guessed: the layout, and the lines it read that way.
    @Test func aRecoveredLayoutIsReported() throws {
        let text = "说明\n一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 培训人次 280人次\n质量指标 合格率 95%\n"
        let result = try TextFilingReader().read(InputDocument(name: "shape.txt", bytes: Array(text.utf8)), options: ReadOptions())
        let notes = result.diagnostics.filter { $0.id == "layout-recovered" }
        #expect(notes.map(\.message) == ["read the table as columns split on single spaces, 4 columns, lines 2–4"])
        #expect(notes.first?.position == SourcePosition(file: "shape.txt", line: 2))
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

    /// A part of a document with no table (the narrative part before the project tables) is
    /// read, and says it has none; the read fails only when no part has one.
    @Test func aPartWithoutATableSaysSo() throws {
        let result = try TextSeeds.read("hebei-tangshan-lunan-projects")
        let notes = result.diagnostics.filter { $0.id == "filing-without-indicators" }
        #expect(notes.map(\.value) == ["部门整体绩效目标"])
        #expect(notes.allSatisfy { $0.severity == .info && $0.position?.line != nil })
    }

    @Test func aTextWithNoIndicatorTableIsAFailureThatSaysWhere() throws {
        let input = InputDocument(name: "notes.txt", bytes: Array("会议纪要\n项目名称 | 道路 | 金额 | 5\n".utf8))
        let error = try #require(throws: JixiaoError.self) { try TextFilingReader().read(input, options: ReadOptions()) }
        #expect(error.id == "no-indicator-table")
        #expect(error.message.contains("line 2"))
    }

    @Test func headerThatLostItsFirstCharacterAndBlankBetweenLevelNames() throws {
        // One cell per line; "级指标" lost its 一; a blank line of spaces stands between the
        // level-1 and level-2 names of the second group (what is left of a merged cell).
        let text = "    级指标\n\n    二级指标\n\n    三级指标\n\n    指标值\n\n    实施效果指标\n\n    产出指标\n\n    劳务报酬比例\n\n    ≥30%\n\n"
            + "    过程管理指标\n\n     \n\n    资金管理指标\n\n    投资支付率\n\n    ≥95%\n"
        #expect(try rows(text) == [
            Row(level1: "实施效果指标", level2: "产出指标", name: "劳务报酬比例", op: .greaterOrEqual, value: "30", unit: "%"),
            Row(level1: "过程管理指标", level2: "资金管理指标", name: "投资支付率", op: .greaterOrEqual, value: "95", unit: "%"),
        ])
    }

    @Test func gluedRowsWithTheTargetOnTheNextLineAndANameGluedToItsDescription() throws {
        let text = "绩效目标一级指标二级指标三级指标指标解释预期达到目标\n产出指标数量指标培育品种数量培育品种数量\n2种\n质量指标党建任务完成率上级要求完成党建任务完成率\n100%\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "培育品种数量", op: .equal, value: "2", unit: "种"),
            Row(level1: "产出指标", level2: "质量指标", name: "党建任务完成率", op: .equal, value: "100", unit: "%"),
        ])
    }

    @Test func aWholeSelfEvaluationTableOnOneLine() throws {
        // Metadata first, then every cell split by one space; the reason column is always empty.
        let text = "作者 2022-05-16T06:53:23Z 15.00 False 项目支出绩效自评表 绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
            + "产出指标(50分) 数量指标 委托业务项目数量 ≥50个 50 8 8 质量指标 报告合格率 ≥100% 100 8 8 经费支出合规性 严格执行相关制度 达成预期指标 8 8 "
            + "效益指标(30分) 社会效益指标 对市场公平的影响程度 效果明显 达成预期指标 10 10\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "委托业务项目数量", op: .greaterOrEqual, value: "50", unit: "个"),
            Row(level1: "产出指标", level2: "质量指标", name: "报告合格率", op: .greaterOrEqual, value: "100", unit: "%"),
            Row(level1: "产出指标", level2: "质量指标", name: "经费支出合规性", op: nil, value: "严格执行相关制度", unit: nil),
            Row(level1: "效益指标", level2: "社会效益指标", name: "对市场公平的影响程度", op: nil, value: "效果明显", unit: nil),
        ])
    }

    @Test func aSelfEvaluationTableGluedIntoOneLine() throws {
        // Header and rows glued: name, 分值, target, the value reached (written as the target),
        // 得分; the closing 总分 row is no indicator.
        let text = "附件:绩效自评表绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
            + "产出指标(70分)数量指标安装水标尺10≥266米≥266米10成本指标项目计划总投资1020万元20万元10"
            + "效益指标(20分)经济效益指标社会效益指标生产条件改善状况10显著提升显著提升10……总分100100注:分值统一设置为产出指标50分、效益指标30分。\n"
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "安装水标尺", op: .greaterOrEqual, value: "266", unit: "米"),
            Row(level1: "产出指标", level2: "成本指标", name: "项目计划总投资", op: .equal, value: "20", unit: "万元"),
            Row(level1: "效益指标", level2: "社会效益指标", name: "生产条件改善状况", op: nil, value: "显著提升", unit: nil),
        ])
    }

    @Test func spacedRowsUnderAHeaderWhoseLevelColumnsStandApart() throws {
        // The level columns' header sits on the line above beside a group label; the last header
        // cell is broken over two lines; level names are spaced out; a year stays text.
        let text = """
            绩 效 指 标  一级 指标
            三级指标  年度指标值  全年完成值  未完成原因和
            改进措施
            产 出 指 标  数量指标 指标1:新建道路 524m 524m
            指标2:人行便道硬化 14.7km 14.7km
            时效指标 道路交通设施完成时间 2021年 2021年
            效 益 指 标  经济效益指标 道路交通设施 降低运输成本 降低运输成本
            """
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "指标1:新建道路", op: .equal, value: "524", unit: "m"),
            Row(level1: "产出指标", level2: "数量指标", name: "指标2:人行便道硬化", op: .equal, value: "14.7", unit: "km"),
            Row(level1: "产出指标", level2: "时效指标", name: "道路交通设施完成时间", op: nil, value: "2021年", unit: nil),
            Row(level1: "效益指标", level2: "经济效益指标", name: "道路交通设施", op: nil, value: "降低运输成本", unit: nil),
        ])
    }

    @Test func gluedRowsWithARemarkBeforeAndAScoreAfterTheTarget() throws {
        // 指标说明 ("达到目标值") glued between name and target, 分值 glued after it; level names
        // no framework has, known by their ending; the 总分 row ends the table.
        let text = "评价指标评价内容指标名称指标说明目标值分值备注\n项目年度绩效目标(定量指标)制度指标规章制度建立与否20\n"
            + "产出数量指标享受资助人数达到预计值210010\n资助对象满意度达到目标值95%以上10\n质量指标达标率100%20\n总分\n100\n"
        #expect(try rows(text) == [
            Row(level1: "项目年度绩效目标(定量指标)", level2: "制度指标", name: "规章制度建立与否", op: nil, value: nil, unit: nil),
            Row(level1: "项目年度绩效目标(定量指标)", level2: "产出数量指标", name: "享受资助人数", op: .equal, value: "2100", unit: nil),
            Row(level1: "项目年度绩效目标(定量指标)", level2: "产出数量指标", name: "资助对象满意度", op: .greaterOrEqual, value: "95", unit: "%"),
            Row(level1: "项目年度绩效目标(定量指标)", level2: "质量指标", name: "达标率", op: .equal, value: "100", unit: "%"),
        ])
    }

    @Test func aTableWrittenColumnByColumnWithTheTargetsOfTwoPeriods() throws {
        // Each column's header, then its cells, running on over lines; the targets of the year
        // and of the whole period in two value columns beside one name.
        let text = "三级指标 新建高校(校区) 工程质量达标率(%)\n开工率(%)\n年度目标值\n7 100% ≥90%\n实施周期目标值\n7 100% 100%\n"
        let read = try TextFilingReader().read(InputDocument(name: "shape.txt", bytes: Array(text.utf8)), options: ReadOptions())
        let indicators = read.filings.flatMap(\.indicators)
        #expect(indicators.map(\.period) == [.annual, .annual, .annual, .longTerm, .longTerm, .longTerm])
        #expect(try rows(text) == [
            Row(level1: nil, level2: nil, name: "新建高校(校区)", op: .equal, value: "7", unit: nil),
            Row(level1: nil, level2: nil, name: "工程质量达标率(%)", op: .equal, value: "100", unit: "%"),
            Row(level1: nil, level2: nil, name: "开工率(%)", op: .greaterOrEqual, value: "90", unit: "%"),
            Row(level1: nil, level2: nil, name: "新建高校(校区)", op: .equal, value: "7", unit: nil),
            Row(level1: nil, level2: nil, name: "工程质量达标率(%)", op: .equal, value: "100", unit: "%"),
            Row(level1: nil, level2: nil, name: "开工率(%)", op: .equal, value: "100", unit: "%"),
        ])
    }

    @Test func anOlderFormWhoseLevelHeaderSpansALabelColumn() throws {
        // Fujian's 2017 form: 评价指标 spans the level 2 and a label column (目标1); 投入 is a
        // level of that form only; rows missing their merged cells start under the label.
        let text = """
            绩效目标 评价指标 绩效内容 绩效标准 全年绩效目标
            投入 成本目标 目标1 发放省直困难补贴 100% 按实际情况发放
            目标2 开展丰收节活动 100% 100%
            产出 数量目标 目标1 困难补助受益人数 每月每人200元 432人
            """
        #expect(try rows(text) == [
            Row(level1: "投入", level2: "成本指标", name: "发放省直困难补贴", op: nil, value: "按实际情况发放", unit: nil),
            Row(level1: "投入", level2: "成本指标", name: "开展丰收节活动", op: .equal, value: "100", unit: "%"),
            Row(level1: "产出指标", level2: "数量指标", name: "困难补助受益人数", op: .equal, value: "432", unit: "人"),
        ])
    }

    @Test func shortLevelNamesOfHandMadeFormsReadAsTheFrameworksNames() throws {
        let text = """
            一级指标 | 二级指标 | 三级指标 | 指标值
            产出 | 数量 | 培训人数 | ≥100人
            效益 | 社会效益 | 就业率 | ≥90%
            满意度 | 服务对象满意度 | 学员满意度 | ≥95%
            """
        #expect(try rows(text) == [
            Row(level1: "产出指标", level2: "数量指标", name: "培训人数", op: .greaterOrEqual, value: "100", unit: "人"),
            Row(level1: "效益指标", level2: "社会效益指标", name: "就业率", op: .greaterOrEqual, value: "90", unit: "%"),
            // 满意度 is a level of Hubei's department framework as it is written: kept so.
            Row(level1: "满意度", level2: "服务对象满意度", name: "学员满意度", op: .greaterOrEqual, value: "95", unit: "%"),
        ])
    }
}
