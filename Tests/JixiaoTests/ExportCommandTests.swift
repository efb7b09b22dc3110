import Foundation
import Testing
@testable import Jixiao

/// `jixiao export`: every indicator of every filing as one row, read back by our own reader of
/// the cells (openpyxl checks the same file in Tests/python/test_export.py).
@Suite struct ExportCommandTests {
    @Test func everyIndicatorOfEveryExampleBecomesOneRow() throws {
        let folder = try TestSupport.temporaryFolder()
        let output = folder.appendingPathComponent("all.xlsx")
        let result = try TestSupport.run(["export", TestSupport.examples.path, "-o", output.path, "-j", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        // The five text examples' 148 rows and the Word example's 7.
        #expect(result.stderr.contains("exported 155 indicator rows of 11 filings from 6 of 6 inputs"), "\(result.stderr)")
        let expected = try TextToXLSXMatrixTests.examples.flatMap { try TextToXLSXMatrixTests.filings($0) }
        #expect(expected.reduce(0) { $0 + $1.indicators.count } == 148)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["all.xlsx"])
    }

    @Test func aBadInputIsSkippedAndReportedButTheRestIsExported() throws {
        let folder = try TestSupport.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.yaml")
        try Data("format: jixiao/9\n".utf8).write(to: bad)
        let output = folder.appendingPathComponent("all.xlsx")
        let golden = TestSupport.fixtures.appendingPathComponent("golden/hunan-hengyang-2024-department.yaml")
        let result = try TestSupport.run(["export", golden.path, bad.path, "-o", output.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:1:9: format jixiao/9 is newer than this jixiao reads"), "\(result.stderr)")
        #expect(result.stderr.contains("exported 19 indicator rows of 1 filings from 1 of 2 inputs"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.path))
    }

    @Test func aTextTooLongForACellStopsTheExportAndLeavesNoFile() throws {
        let folder = try TestSupport.temporaryFolder()
        var filing = Filing(kind: .project, title: "长文本")
        var indicator = Indicator(name: "培训次数")
        indicator.scoring = String(repeating: "长", count: XLSXLimits.maximumCellCharacters + 1)
        filing.indicators = [Indicator(name: "前一行"), indicator]
        let input = folder.appendingPathComponent("long.yaml")
        try Data(try CanonicalYAML.encode([filing])).write(to: input)
        let output = folder.appendingPathComponent("all.xlsx")
        let result = try TestSupport.run(["export", input.path, "-o", output.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("a text of 32768 characters does not fit one cell (at most 32767)"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["long.yaml"])
    }

    @Test func refusesToWriteOverAnInputAndUnknownLayouts() throws {
        let golden = TestSupport.fixtures.appendingPathComponent("golden/hunan-hengyang-2024-department.yaml").path
        let notWorkbook = try TestSupport.run(["export", golden, "-o", golden])
        #expect(notWorkbook.status == 64)
        #expect(notWorkbook.stderr.hasPrefix("Error: export writes one .xlsx workbook"))
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("all.xlsx").path
        #expect(try TestSupport.run(["export", golden, "-o", book, "-q"]).status == 0)
        let overwrite = try TestSupport.run(["export", book, "-o", book])
        #expect(overwrite.status == 64)
        #expect(overwrite.stderr.contains("refusing to overwrite the input"))
        let layout = try TestSupport.run(["export", golden, "-o", "/tmp/x.xlsx", "--layout", "nowhere"])
        #expect(layout.status == 64)
        #expect(layout.stderr.contains("no export layout 'nowhere'; known: consolidated"), "\(layout.stderr)")
    }
}
