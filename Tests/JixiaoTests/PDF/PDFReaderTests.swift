import Foundation
import Testing
@testable import Jixiao

/// The PDF reader on page texts laid out as `pdftotext -layout` lays them out (one column per
/// character, a page head and foot, a table over two pages with its header repeated), and on
/// PDFs written by hand for poppler: empty, cut short, not a PDF.
@Suite struct PDFReaderTests {
    static let head = "某某县财政局 2024 年项目支出绩效目标表"
    static let header = "一级指标       二级指标          三级指标          指标值"

    /// A line with each text at its character column, as pdftotext places them.
    static func line(_ texts: [(Int, String)]) -> String {
        var line = ""
        for (column, text) in texts {
            line += String(repeating: " ", count: max(column - line.count, line.isEmpty ? 0 : 2)) + text
        }
        return line
    }

    /// Two pages as pdftotext writes them: the page head, the table (its level cells merged, a
    /// name wrapped in its cell, the targets centred under their header), the page foot; the
    /// second page repeats the head and the header.
    static let pages = [
        """
        \(head)


        城区环境卫生 2024 年项目支出绩效目标表

        项目名称：城区道路清扫保洁

        \(header)
        \(line([(0, "产出指标"), (11, "数量指标"), (25, "清扫保洁道路面"), (36, "1346.0088 万平方米")]))
        \(line([(25, "积")]))
        \(line([(25, "垃圾清运车辆"), (38, "≥12 辆")]))
        \(line([(11, "质量指标"), (25, "垃圾无害化处理"), (39, "100%")]))
        \(line([(25, "率")]))



        第1页
        """,
        """
        \(head)


        \(header)
        \(line([(11, "时效指标"), (25, "完成时间"), (39, "2024 年 12 月底前")]))
        \(line([(0, "满意度指标"), (11, "服务对象满意度指"), (25, "群众满意度"), (39, "95%以上")]))
        \(line([(11, "标")]))
        填报人：王明



        第2页
        """,
    ]

    static func read(_ pages: [String]) throws -> ReadResult {
        try PDFFilingReader.read(pages: pages, file: "in.pdf", options: ReadOptions())
    }

    @Test func aTableOverTwoPagesReadsAsOneWithoutThePageHeadsAndFeet() throws {
        let result = try Self.read(Self.pages)
        #expect(result.filings.count == 1)
        let filing = try #require(result.filings.first)
        let rows = filing.indicators.map { [$0.level1 ?? "", $0.level2 ?? "", $0.name, $0.op?.rawValue ?? "", $0.value?.description ?? "", $0.unit ?? ""] }
        #expect(rows == [
            ["产出指标", "数量指标", "清扫保洁道路面积", "=", "1346.0088", "万平方米"],
            ["产出指标", "数量指标", "垃圾清运车辆", ">=", "12", "辆"],
            ["产出指标", "质量指标", "垃圾无害化处理率", "=", "100", "%"],
            ["产出指标", "时效指标", "完成时间", "", "2024年12月底前", ""],
            ["满意度指标", "服务对象满意度指标", "群众满意度", ">=", "95", "%"],
        ])
        #expect(filing.indicators.map { $0.source?.description ?? "" } == [
            "in.pdf:page 1, line 9", "in.pdf:page 1, line 11", "in.pdf:page 1, line 12", "in.pdf:page 2, line 5", "in.pdf:page 2, line 6",
        ])
        #expect(filing.project?.name == "城区道路清扫保洁")
        // Neither the page head nor the foot is text of the filing; the signature is.
        let kept = filing.extra.map(\.text) + [filing.title ?? ""]
        #expect(!kept.contains { $0.contains("某某县财政局") || $0.contains("页") })
        #expect(result.diagnostics.contains { $0.id == "pdf-running-lines" && $0.value == "4" })
        #expect(result.diagnostics.contains { $0.id == "pdf-table-continued" && $0.position?.description == "in.pdf:page 2, line 4" })
    }

    @Test func theSpacesPopplerPutsBetweenNumbersAndChineseGoOutsideTables() throws {
        #expect(PDFColumns.joiningNumbersToChinese("第 1 号项目 2024 年项目") == "第1号项目2024年项目")
        // Columns, and spaces between Latin words, stay.
        #expect(PDFColumns.joiningNumbersToChinese("项目编码    2024 ABC  12 年") == "项目编码    2024 ABC  12年")
        let result = try Self.read(Self.pages)
        #expect(result.filings.first?.title == "城区环境卫生2024年项目支出绩效目标表")
    }

    @Test func aPageThatLaysTheColumnsOutElsewhereIsReadUnderItsOwnRepeatedHeader() throws {
        // The second page's columns stand twelve characters further right, its header too.
        let shifted = { (texts: [(Int, String)]) in Self.line(texts.map { ($0.0 + 12, $0.1) }) }
        let second = """
            \(Self.head)


            \(shifted([(0, "一级指标"), (11, "二级指标"), (25, "三级指标"), (39, "指标值")]))
            \(shifted([(25, "垃圾清运车辆"), (39, "≥12 辆")]))



            第2页
            """
        let first = Self.pages[0].replacingOccurrences(of: Self.line([(25, "垃圾清运车辆"), (38, "≥12 辆")]) + "\n", with: "")
        let result = try Self.read([first, second])
        let rows = try #require(result.filings.first).indicators.map { [$0.level2 ?? "", $0.name, $0.value?.description ?? "", $0.unit ?? ""] }
        #expect(rows == [["数量指标", "清扫保洁道路面积", "1346.0088", "万平方米"], ["质量指标", "垃圾无害化处理率", "100", "%"],
                         ["质量指标", "垃圾清运车辆", "12", "辆"]])
    }

    @Test func aPlaceNamesThePageAndItsLineAndParsesBack() {
        let place = SourcePosition(file: "dir/in.pdf", place: "page 3, line 12")
        #expect(place.description == "dir/in.pdf:page 3, line 12")
        #expect(SourcePosition(parsing: place.description) == place)
    }

    @Test func linesAlikeAtTheFootOfPagesAreKeptWhenTheyAreNotSetApart() throws {
        // The last row of both pages wraps the same way ("积"), right under the table: no page foot.
        let page = { (number: Int) in
            "\(Self.header)\n产出指标       数量指标          第\(number)段面    ≥\(number) 万平方米\n                         积\n"
        }
        let text = try PDFPages(pages: [page(1), page(2)], file: "in.pdf", vocabulary: try TextFilingReader.lookup(for: Self.header, options: ReadOptions()))
        #expect(text.lines.filter { $0.contains("积") }.count == 2)
        #expect(!text.notes.contains { $0.id == "pdf-running-lines" })
    }

    @Test func pagesWithoutTextNeedOCR() throws {
        let error = try #require(TestSupport.error { _ = try Self.read(["", "  \n"]) })
        #expect(error.id == "pdf-no-text")
        // In the language of the test process (its locale decides): the catalog's words, filled.
        let expected = try #require(MessageCatalog.standard?.render("pdf-no-text", ["count": "2"], in: .current))
        #expect(error.description == "in.pdf: \(expected)")
        #expect(MessageCatalog.standard?.render("pdf-no-text", ["count": "2"], in: .en) == "no text layer; needs OCR: the PDF's 2 page(s) hold no text, only images (a scan?)")
        let result = try Self.read([Self.pages[0], ""])
        #expect(result.diagnostics.contains { $0.id == "pdf-page-without-text" && $0.position?.description == "in.pdf:page 2" })
    }

    @Test func aFileThatIsNoPDFOrIsCutShortIsRefusedBeforePopplerRuns() {
        let notPDF = TestSupport.error { _ = try PDFFilingReader.pages(of: Array("项目名称：道路".utf8), file: "in.pdf") }
        #expect(notPDF?.id == "pdf-not-pdf")
        #expect(notPDF?.position == SourcePosition(file: "in.pdf"))
        let cut = TestSupport.error { _ = try PDFFilingReader.pages(of: Array(Self.minimalPDF(text: "cut").prefix(200)), file: "in.pdf") }
        #expect(cut?.id == "pdf-truncated")
    }

    @Test(.enabled(if: PDFFilingReader.pdftotext.executable != nil, "pdftotext (poppler-utils) is not installed"))
    func popplerReadsEachPageAndLeavesNoTemporaryFiles() throws {
        let before = try Self.temporaryFolders()
        let pages = try PDFFilingReader.pages(of: Self.minimalPDF(text: "Hello page"), file: "in.pdf")
        #expect(pages.count == 1)
        #expect(pages[0].trimmingCharacters(in: .whitespacesAndNewlines) == "Hello page")
        let empty = TestSupport.error { _ = try PDFFilingReader().read(InputDocument(name: "in.pdf", bytes: Self.minimalPDF(text: nil)), options: ReadOptions()) }
        #expect(empty?.id == "pdf-no-text")
        let broken = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
        let unreadable = TestSupport.error { _ = try PDFFilingReader.pages(of: broken, file: "in.pdf") }
        #expect(unreadable?.id == "pdf-unreadable")
        #expect(try Self.temporaryFolders() == before)
    }

    static func temporaryFolders() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path).filter { $0.hasPrefix("jixiao-") && $0.count == 13 })
    }

    /// A one-page PDF with a line of ASCII text in Helvetica (none: an empty page), its cross
    /// reference table counted as the standard asks.
    static func minimalPDF(text: String?) -> [UInt8] {
        let stream = text.map { "BT /F1 12 Tf 72 720 Td (\($0)) Tj ET" } ?? ""
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(pdf.utf8)
    }
}
