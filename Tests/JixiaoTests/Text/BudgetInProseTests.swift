import Foundation
import Testing
@testable import Jixiao

/// A project's budget stated only in prose ("安排…资金6万元") is its budget, and the reader says so.
@Suite struct BudgetInProseTests {
    static func read(_ text: String) throws -> ReadResult {
        try TextFilingReader().read(InputDocument(name: "p.txt", bytes: Array(text.utf8)), options: ReadOptions())
    }

    static let table = """
        一级指标\t二级指标\t三级指标\t指标值
        产出指标\t数量指标\t养护里程\t≥30公里
        """

    @Test func aBudgetInTheAnnualGoalIsTheBudgetWhenNoFieldGivesIt() throws {
        let result = try Self.read("""
            项目名称：乡村道路养护
            年度绩效目标：2025年安排县级财政资金12.5万元，养护乡村道路30公里。
            \(Self.table)
            """)
        let filing = try #require(result.filings.first)
        #expect(filing.project?.budget == Budget(total: 12.5))
        #expect(filing.amountUnit == "万元")
        let note = try #require(result.diagnostics.first { $0.id == "budget-from-prose" })
        #expect(note.severity == .info)
        #expect(note.position == SourcePosition(file: "p.txt", line: 2))
        #expect(note.message == "no budget field: the budget is 12.5 万元, as the goals.annual text states ('2025年安排县级财政资金12.5万元，养护乡村道路30公里。')")
    }

    @Test func aBudgetFieldWinsOverProse() throws {
        let result = try Self.read("""
            项目名称：乡村道路养护
            资金总额：10
            资金用途：安排县级财政资金12.5万元
            \(Self.table)
            """)
        #expect(result.filings.first?.project?.budget?.total == 10)
        #expect(!result.diagnostics.contains { $0.id == "budget-from-prose" })
    }

    @Test func proseInAnotherMoneyUnitThanTheFilingsIsNotTaken() throws {
        let result = try Self.read("""
            项目名称：乡村道路养护
            单位：元
            资金用途：安排县级财政资金12.5万元
            \(Self.table)
            """)
        #expect(result.filings.first?.project?.budget == nil)
        let note = try #require(result.diagnostics.first { $0.id == "budget-in-prose-not-taken" })
        #expect(note.position == SourcePosition(file: "p.txt", line: 3))
    }
}
