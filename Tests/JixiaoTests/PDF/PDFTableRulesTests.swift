import Foundation
import Testing
@testable import Jixiao

/// How tables print to PDF, one rule each, on page texts laid out as `pdftotext -layout` lays
/// them out (each text at its character column) and read with the rows they must give.
@Suite struct PDFTableRulesTests {
    static let line = PDFReaderTests.line

    /// The rows read from one page: level 1, level 2, name, comparator, value, unit.
    static func rows(_ page: String) throws -> [[String]] {
        let result = try PDFFilingReader.read(pages: [page], file: "in.pdf", options: ReadOptions())
        return result.filings.flatMap(\.indicators).map {
            [$0.level1 ?? "", $0.level2 ?? "", $0.name, $0.op?.rawValue ?? "", $0.value?.description ?? "", $0.unit ?? ""]
        }
    }

    @Test func aHeaderWrappedInItsCellsReadsWithTheRestOfItsTexts() throws {
        // "预期达到目" over "标" and "全年实际" over "值": the header goes on below; the row under it
        // has its name, so it is the table's first row.
        let page = """
            项目支出绩效目标表（2022 年度）

            \(Self.line([(0, "一级指标"), (11, "二级指标"), (22, "三级指标"), (33, "预期达到目"), (45, "全年实际")]))
            \(Self.line([(33, "标"), (45, "值")]))
            \(Self.line([(0, "产出指标"), (11, "数量指标"), (22, "培训人次"), (33, "280 人次"), (45, "275 人次")]))
            \(Self.line([(22, "完成率"), (33, "100%"), (45, "98%")]))
            """
        #expect(try Self.rows(page) == [
            ["产出指标", "数量指标", "培训人次", "=", "280", "人次"],
            ["产出指标", "数量指标", "完成率", "=", "100", "%"],
        ])
    }

    @Test func aSecondHeaderRowUnderAKnownHeaderIsLeftOut() throws {
        // 指标值 spans two parts whose names wrap over two lines; each row fills one of them.
        let page = """
            \(Self.line([(0, "一级指标"), (11, "二级指标"), (22, "三级指标"), (33, "指标值")]))
            \(Self.line([(33, "2021 年实际实 预期 2022 年")]))
            \(Self.line([(33, "现值"), (45, "实现值")]))
            \(Self.line([(0, "产出指标"), (11, "数量指标"), (22, "培训人次"), (47, "280 人次")]))
            \(Self.line([(11, "质量指标"), (22, "完成率"), (47, "100%")]))
            """
        #expect(try Self.rows(page) == [
            ["产出指标", "数量指标", "培训人次", "=", "280", "人次"],
            ["产出指标", "质量指标", "完成率", "=", "100", "%"],
        ])
    }

    @Test func headersPrintedOneSpaceApartAreTwoColumns() throws {
        // Narrow cells: "二级指标 三级指标" and "实际完 分值" stand one space apart.
        let page = """
            \(Self.line([(0, "一级指标"), (10, "二级指标 三级指标"), (30, "年度指"), (40, "实际完 分值")]))
            \(Self.line([(30, "标值"), (40, "成值")]))
            \(Self.line([(0, "产出指标"), (10, "数量指标"), (20, "新建道路"), (30, "524m"), (40, "524m"), (47, "10")]))
            """
        let fields = PDFColumns.headerFields(of: Self.line([(0, "一级指标"), (10, "二级指标 三级指标"), (30, "年度指")]),
                                             vocabulary: try TextFilingReader.lookup(for: "一级指标 二级指标 三级指标", options: ReadOptions()))
        #expect(fields.map(\.text) == ["一级指标", "二级指标", "三级指标", "年度指"])
        #expect(fields.map(\.start) == [0, 10, 15, 30])
        #expect(try Self.rows(page) == [["产出指标", "数量指标", "新建道路", "=", "524", "m"]])
    }

    @Test func aLineThatCompletesTheLevelNamesOfTheRowAboveIsItsRest() throws {
        // Narrow level cells wrap as the row's own do: "产出指" and "数量指" go on as "标" beside the
        // rest of the name ("★补助" filled its column) and the unit of the target ("亩").
        let page = """
            \(Self.line([(0, "一级指标"), (8, "二级指标"), (18, "三级指标"), (28, "年度指标值")]))
            \(Self.line([(0, "产出指"), (8, "数量指"), (18, "★补助各类瓜"), (28, "=29.5")]))
            \(Self.line([(0, "标"), (8, "标"), (18, "果种植"), (28, "亩")]))
            \(Self.line([(18, "其中桃树"), (28, "=1.5 亩")]))
            \(Self.line([(8, "质量指"), (18, "合格率"), (28, "≥90%")]))
            \(Self.line([(8, "标"), (18, "验收情况"), (28, "良好")]))
            """
        #expect(try Self.rows(page) == [
            ["产出指标", "数量指标", "★补助各类瓜果种植", "=", "29.5", "亩"],
            ["产出指标", "数量指标", "其中桃树", "=", "1.5", "亩"],
            ["产出指标", "质量指标", "合格率", ">=", "90", "%"],
            // Beside the rest of the level name, a name that did not fill its column is a row of its own.
            ["产出指标", "质量指标", "验收情况", "", "良好", ""],
        ])
    }

    @Test func theRestOfALevelNameMergedOverRowsGoesToTheRowThatHasIt() throws {
        // The level 1 prints once on the first row of its group and wraps over the rows beside it,
        // its remark in brackets too: "(定量指" and "标)" go on "项目年度绩效".
        let page = """
            \(Self.line([(0, "一级指标"), (12, "二级指标"), (22, "三级指标"), (34, "指标值")]))
            \(Self.line([(0, "项目年度绩效"), (12, "数量指标"), (22, "培训人数"), (34, "≥100 人")]))
            \(Self.line([(0, "(定量指"), (12, "质量指"), (22, "合格率"), (34, "≥95%")]))
            \(Self.line([(0, "标)"), (12, "标")]))
            """
        #expect(try Self.rows(page) == [
            ["项目年度绩效(定量指标)", "数量指标", "培训人数", ">=", "100", "人"],
            ["项目年度绩效(定量指标)", "质量指标", "合格率", ">=", "95", "%"],
        ])
    }

    @Test func cellsPrintedOneSpaceApartAreCutBeforeATargetUnderTheNextHeader() throws {
        // "新建冷库保鲜库数 1座" and "≥95% ≥96%": narrow cells one space apart. A numbered name
        // ("指标 1:验收") is no name and a target.
        let page = """
            \(Self.line([(0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (30, "指标值"), (38, "实际完成值")]))
            \(Self.line([(0, "产出指标"), (10, "数量指标"), (20, "新建冷库保鲜库数 1座"), (38, "1座")]))
            \(Self.line([(10, "质量指标"), (20, "合格率"), (32, "≥95% ≥96%")]))
            \(Self.line([(20, "指标 1:验收"), (30, "100%")]))
            """
        #expect(try Self.rows(page) == [
            ["产出指标", "数量指标", "新建冷库保鲜库数", "=", "1", "座"],
            ["产出指标", "质量指标", "合格率", ">=", "95", "%"],
            ["产出指标", "质量指标", "指标1:验收", "=", "100", "%"],
        ])
        let cut = PDFColumns.split([.init(text: "指标 1:新建保", start: 20, end: 28)], starts: [0, 10, 20, 24], boundaries: [0, 8, 18, 23],
                                   vocabulary: try TextFilingReader.lookup(for: "一级指标 二级指标 三级指标", options: ReadOptions()))
        #expect(cut.map(\.text) == ["指标 1:新建保"])
        let vocabulary = try TextFilingReader.lookup(for: "一级指标 二级指标 三级指标", options: ReadOptions())
        // Past the middle between the headers is the next column, though left of its header.
        #expect(PDFColumns.split([.init(text: "旅游基础 ≥98%", start: 20, end: 29)], starts: [0, 10, 20, 28], boundaries: [0, 8, 18, 25],
                                 vocabulary: vocabulary).map(\.text) == ["旅游基础", "≥98%"])
        // With a target of its own in the next column, the number ends the name ("清算 8" beside "≥95%").
        #expect(PDFColumns.split([.init(text: "清算 8", start: 20, end: 26), .init(text: "≥95%", start: 28, end: 32)], starts: [0, 10, 20, 28],
                                 boundaries: [0, 8, 18, 25], vocabulary: vocabulary).map(\.text) == ["清算 8", "≥95%"])
    }

    @Test func theUnitOfATargetWrappedBelowItKeepsTheLineInItsRow() throws {
        // "=192" over "只": the name goes on beside it. "良好" below "≥100" is a row's own target.
        // "≤7 工作" over "日" is the rest of a unit.
        let page = """
            \(Self.line([(0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (30, "指标值")]))
            \(Self.line([(0, "产出指标"), (10, "数量指标"), (20, "★补助家畜"), (30, "=192")]))
            \(Self.line([(20, "家禽数量"), (31, "只")]))
            \(Self.line([(20, "工作质量"), (30, "≥100")]))
            \(Self.line([(20, "验收情况"), (30, "良好")]))
            \(Self.line([(10, "时效指标"), (20, "检测及时"), (30, "≤7 工作")]))
            \(Self.line([(20, "率"), (30, "日")]))
            \(Self.line([(10, "成本指标"), (20, "补助标"), (30, "≥530")]))
            \(Self.line([(20, "准"), (30, "元/人*月")]))
            """
        #expect(try Self.rows(page) == [
            ["产出指标", "数量指标", "★补助家畜家禽数量", "=", "192", "只"],
            ["产出指标", "数量指标", "工作质量", ">=", "100", ""],
            ["产出指标", "数量指标", "验收情况", "", "良好", ""],
            // The rest of a unit cut short: "工作" and "日" make 工作日.
            ["产出指标", "时效指标", "检测及时率", "<=", "7", "工作日"],
            // Units per units.
            ["产出指标", "成本指标", "补助标准", ">=", "530", "元/人*月"],
        ])
    }

    @Test func aTableGoesOnOverAPageBreakWithoutARepeatedHeader() throws {
        // The second page starts with the rest of the last name, under the name's column.
        let first = """
            \(Self.line([(0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (32, "指标值")]))
            \(Self.line([(0, "产出指标"), (10, "数量指标"), (20, "扶贫救助标准"), (32, "≤5300 元")]))
            \(Self.line([(20, "一户年最")]))
            """
        let second = """
            \(Self.line([(20, "高 5300 元")]))
            \(Self.line([(0, "效益指标"), (10, "社会效益"), (20, "受益人口数"), (32, "≥80 人")]))
            """
        let result = try PDFFilingReader.read(pages: [first, second], file: "in.pdf", options: ReadOptions())
        #expect(result.filings.flatMap(\.indicators).map { [$0.level1 ?? "", $0.name, $0.value?.description ?? ""] } == [
            ["产出指标", "扶贫救助标准一户年最高5300元", "5300"],
            ["效益指标", "受益人口数", "80"],
        ])
    }

    @Test func aWholeLevelNameBesideANameStartsANewRow() throws {
        // "持续发展" has no target; beside "可持续影响指标" it is a row of its own, not the rest of the
        // row above though both its columns are filled there.
        let page = """
            \(Self.line([(0, "一级指标"), (12, "二级指标"), (28, "三级指标"), (42, "指标值")]))
            \(Self.line([(0, "效益指标"), (12, "生态效益指标"), (28, "生态修复功能"), (42, "提高")]))
            \(Self.line([(12, "可持续影响指标"), (28, "持续发展")]))
            """
        #expect(try Self.rows(page).map { [$0[1], $0[2], $0[4]] } == [
            ["生态效益指标", "生态修复功能", "提高"],
            ["可持续影响指标", "持续发展", ""],
        ])
    }

    @Test func aTextThatEndsOpenGoesOnBelow() throws {
        // "2020 年 1 月--" ends in a range's dash: "2020 年 11 月" below is its rest, no new row.
        let page = """
            \(Self.line([(0, "一级指标"), (12, "二级指标"), (26, "三级指标"), (40, "指标值")]))
            \(Self.line([(0, "产出指标"), (12, "时效指标"), (26, "各项费用使用"), (40, "2020 年 1 月--")]))
            \(Self.line([(26, "周期"), (40, "2020 年 11 月")]))
            \(Self.line([(12, "成本指标"), (26, "人工成本"), (40, "≤620 万元")]))
            """
        #expect(try Self.rows(page).map { [$0[1], $0[2], $0[4]] } == [
            ["时效指标", "各项费用使用周期", "2020年1月--2020年11月"],
            ["成本指标", "人工成本", "620"],
        ])
    }

    @Test func aNameSpacedOutToItsCellIsCutFromTheNextCellOneSpaceAway() throws {
        // "数 量 指 1290.3" and "经 济 效 奖补资": single characters one space apart are a level name
        // spaced to its cell's width; the longer word after them stands in the next column.
        let page = """
            \(Self.line([(0, "一级指"), (7, "二级指"), (14, "三级指"), (21, "年度指标值")]))
            \(Self.line([(0, "标"), (7, "标"), (14, "标")]))
            \(Self.line([(0, "产出指"), (7, "数 量 指 1290.3"), (21, "≥1290.")]))
            \(Self.line([(0, "标"), (7, "标"), (14, "平方米冷"), (21, "3 平方米")]))
            \(Self.line([(7, "经 济 效 奖补资"), (21, "≥100%")]))
            \(Self.line([(7, "益 指 标 金兑付"), (21, "")]))
            \(Self.line([(14, "率")]))
            """
        #expect(try Self.rows(page) == [
            // "≥1290." ends in a decimal point: the number goes on below ("3 平方米").
            ["产出指标", "数量指标", "1290.3平方米冷", ">=", "1290.3", "平方米"],
            ["产出指标", "经济效益指标", "奖补资金兑付率", ">=", "100", "%"],
        ])
    }

    @Test func aNumberTheCellCutGoesOnBelow() throws {
        // "44,56" over "1": a group of thousands short of three digits. "≥11.37" fills its column,
        // and the line below completes the level names: "6 万元" is the rest of its number, and so
        // it is under 实际完成值, which repeats the target.
        let page = """
            \(Self.line([(0, "一级指"), (6, "二级指"), (12, "三级指"), (18, "分值"), (23, "年度指"), (32, "实际完"), (41, "得分")]))
            \(Self.line([(0, "标"), (6, "标"), (12, "标"), (23, "标值"), (32, "成值")]))
            \(Self.line([(0, "产出指"), (6, "时效指"), (12, "项目财"), (18, "5"), (23, "44,56"), (32, "44,56"), (41, "5")]))
            \(Self.line([(0, "标"), (6, "标"), (12, "政资金"), (23, "1"), (32, "1")]))
            \(Self.line([(0, "效益指"), (6, "经济效"), (12, "特色产"), (18, "10"), (23, "≥11.37"), (32, "≥11.37"), (41, "10")]))
            \(Self.line([(0, "标"), (6, "益指标"), (12, "业带动"), (23, "6 万元"), (32, "6 万元")]))
            """
        #expect(try Self.rows(page) == [
            ["产出指标", "时效指标", "项目财政资金", "=", "44561", ""],
            ["效益指标", "经济效益指标", "特色产业带动", ">=", "11.376", "万元"],
        ])
    }

    @Test func aRowTheLineSetLeftOfItsCellsIsMovedUnderItsHeaders() throws {
        // With its level-1 cell merged above and empty, the page closes up the gap: "社会效益指标"
        // stands under the level-1 header and the rest a column left. A lone "益农户" set left under
        // a whole level name goes on the lone "增加受" above it, not on the level name.
        let page = """
            \(Self.line([(0, "一级指"), (6, "二级指"), (12, "三级指"), (18, "分值"), (23, "年度指标值"), (32, "得分"), (38, "未完成原因")]))
            \(Self.line([(0, "标"), (6, "标"), (12, "标")]))
            \(Self.line([(0, "效益指标"), (6, "经济效益指标"), (12, "特色产"), (18, "10"), (23, "≥11 万元"), (32, "10")]))
            \(Self.line([(12, "增加受")]))
            \(Self.line([(6, "益农户")]))
            \(Self.line([(0, "社会效益指标"), (6, "受益人口"), (12, "10"), (18, "=90 人"), (27, "10")]))
            """
        #expect(try Self.rows(page) == [
            ["效益指标", "经济效益指标", "特色产增加受益农户", ">=", "11", "万元"],
            ["效益指标", "社会效益指标", "受益人口", "=", "90", "人"],
        ])
    }

    @Test func theNextFilingsTitleEndsTheTable() throws {
        // A lone text from the first column across the second is no cell's rest: the next filing.
        let page = """
            \(Self.line([(0, "一级指标"), (8, "二级指标"), (16, "三级指标"), (26, "指标值")]))
            \(Self.line([(0, "满意度指"), (8, "服务对象"), (16, "人民群众"), (26, "≥95%")]))
            \(Self.line([(0, "标"), (8, "满意度指"), (16, "满意度")]))
            \(Self.line([(8, "标")]))
            \(Self.line([(0, "项目支出绩效目标表（2023 年度）")]))
            """
        #expect(try Self.rows(page) == [["满意度指标", "服务对象满意度指标", "人民群众满意度", ">=", "95", "%"]])
    }

    @Test func aLoneRestOnTheNextPageSetLeftGoesOnTheLoneTextAbove() throws {
        // "时间" starts the next page at the left margin, under 绩效指标; the name above it was the
        // only text of the page's last line.
        let first = """
            \(Self.line([(0, "绩效指标"), (10, "一级指标"), (20, "二级指标"), (30, "三级指标"), (42, "年度指标值")]))
            \(Self.line([(10, "产出指标"), (20, "时效指标"), (30, "指标 2:完成"), (42, "11 月前")]))
            \(Self.line([(30, "改造验收")]))
            """
        let second = Self.line([(1, "时间")])
        let result = try PDFFilingReader.read(pages: [first, second], file: "in.pdf", options: ReadOptions())
        #expect(result.filings.flatMap(\.indicators).map(\.name) == ["指标2:完成改造验收时间"])
    }

    @Test func twoCellsWrappingTheSameTextGoOnTogether() throws {
        // 全年完成值 repeats 年度指标值, and both wrap the same text the same way; the line below
        // holds only those two, with no name, so it is their rest even with a number in it.
        let page = """
            \(Self.line([(0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (30, "年度指标值"), (42, "全年完成值")]))
            \(Self.line([(0, "效益指标"), (10, "经济效益"), (20, "道路交通"), (30, "降低村民"), (42, "降低村民")]))
            \(Self.line([(20, "设施"), (30, "出行和农"), (42, "出行和农")]))
            \(Self.line([(30, "2 次运输"), (42, "2 次运输")]))
            """
        #expect(try Self.rows(page).map { [$0[2], $0[4]] } == [["道路交通设施", "降低村民出行和农2次运输"]])
    }

    @Test func aHeaderSpanningTwoColumnsIsSplitWhereTheRowsPutTwoTexts() throws {
        // Fujian's 2017 form: 评价指标 spans the level 2 and a label column (目标 1), as its mapping says.
        let page = """
            \(Self.line([(0, "绩效目标"), (8, "评价指标"), (22, "绩效内容"), (32, "绩效标准"), (42, "全年绩效目标")]))
            \(Self.line([(0, "产出"), (8, "数量目标"), (16, "目标 1"), (22, "困难补助"), (32, "每月每人"), (42, "432 人")]))
            \(Self.line([(16, "目标 2"), (22, "争取民心"), (32, "开展活动"), (42, "开展活动")]))
            """
        let result = try PDFFilingReader.read(pages: [page], file: "in.pdf", options: ReadOptions(mapping: "fujian"))
        #expect(result.filings.flatMap(\.indicators).map { [$0.level2 ?? "", $0.name, $0.value?.description ?? ""] } == [
            ["数量指标", "困难补助", "432"],
            ["数量指标", "争取民心", "开展活动"],
        ])
    }

    @Test func aTargetTooWideToStandBesideTheTextAboveGoesOnItUnderANamesShortRest() throws {
        // "100%到位" could not stand beside "12 月底前" in a column as wide as "2021 年 1 月-", and
        // "情况" is the short rest of "资金拨付到位", which filled its column. "≥90%" beside a long
        // name under a short target is a row of its own.
        let page = """
            \(Self.line([(0, "一级指标"), (8, "二级指标"), (16, "三级指标"), (25, "指标值")]))
            \(Self.line([(0, "产出指标"), (8, "时效指标"), (16, "项目实施时间"), (25, "2021 年 1 月-")]))
            \(Self.line([(25, "12 月")]))
            \(Self.line([(16, "资金拨付到位"), (25, "12 月底前")]))
            \(Self.line([(16, "情况"), (25, "100%到位")]))
            \(Self.line([(16, "资金支付进度"), (25, "≥90%")]))
            """
        #expect(try Self.rows(page).map { [$0[2], $0[4]] } == [
            ["项目实施时间", "2021年1月-12月"],
            ["资金拨付到位情况", "12月底前100%到位"],
            ["资金支付进度", "90"],
        ])
    }
}

