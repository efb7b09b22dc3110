import Foundation
import Testing
@testable import Jixiao

/// Where one filing of a text ends and the next begins. A page's own title and the form's title
/// above one table are one filing, not one each; text after the last filing stays with it; two
/// filings with indicators of their own stay two.
@Suite struct TextFilingBoundaryTests {
    private func read(_ text: String) throws -> ReadResult {
        try TextSeeds.read(Array(text.utf8), as: "page.txt")
    }

    private let table = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥300人\n"

    @Test func titlesAboveOneTableAreOneFilingWithTheEarlierTitlesKept() throws {
        let text = "某县2025年培训项目绩效目标申报表\n某县农业农村局 发布时间：2025-04-26\n2025年项目支出绩效目标申报表\n" + table
        let result = try read(text)
        #expect(result.filings.count == 1)
        let filing = try #require(result.filings.first)
        #expect(filing.title == "2025年项目支出绩效目标申报表")
        #expect(filing.indicators.map(\.name) == ["培训人数"])
        // The page's title, at its own line, then the publisher's line, as read: nothing lost.
        let kept = filing.extra.map { "\($0.label ?? "-")|\($0.text)|\($0.source?.line ?? 0)" }
        #expect(kept == ["title|某县2025年培训项目绩效目标申报表|1", "-|某县农业农村局 发布时间：2025-04-26|2"], "\(kept)")
        #expect(filing.source?.line == 1)
        // The year the form's own title does not state, the page's title does.
        #expect(filing.fiscalYear == "2025")
    }

    @Test func aDepartmentsPageTitleAboveAProjectsFormLeavesItAProject() throws {
        let text = "某县教育局2025年部门整体绩效目标表\n2025年项目支出绩效目标申报表\n" + table
        let filing = try #require(try read(text).filings.first)
        #expect(filing.kind == .project)
        #expect(filing.extra.map(\.label) == ["title"])
    }

    @Test func textAfterTheLastFilingStaysWithIt() throws {
        let text = "项目支出绩效目标申报表\n" + table + "附件：某县2026年培训项目绩效目标表\n（2026年度）\n某县农业农村局\n2026年4月26日\n"
        let result = try read(text)
        #expect(result.filings.count == 1)
        let filing = try #require(result.filings.first)
        #expect(filing.title == "项目支出绩效目标申报表")
        // In the order read, the line that is only a year too.
        let kept = filing.extra.map { "\($0.label ?? "-")|\($0.text)|\($0.source?.line ?? 0)" }
        #expect(kept == ["title|附件：某县2026年培训项目绩效目标表|4", "-|（2026年度）|5", "-|某县农业农村局|6", "-|2026年4月26日|7"], "\(kept)")
        // A year the filing does not state, from the text after it, said so.
        #expect(filing.fiscalYear == "2026")
        #expect(result.diagnostics.contains { $0.id == "fiscal-year-from-document" })
    }

    @Test func twoFilingsWithIndicatorsOfTheirOwnStayTwo() throws {
        let text = "甲项目绩效目标申报表\n" + table + "乙项目绩效目标申报表\n" + table
        let result = try read(text)
        #expect(result.filings.map(\.title) == ["甲项目绩效目标申报表", "乙项目绩效目标申报表"])
        #expect(result.filings.map(\.indicators.count) == [1, 1])
        #expect(result.filings.map { $0.source?.line } == [1, 4])
    }
}
