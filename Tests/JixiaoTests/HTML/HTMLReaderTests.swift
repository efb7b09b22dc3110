import Foundation
import Testing
@testable import Jixiao

/// The web page reader: charsets, the HTML table algorithm, paragraphs, and what is not read.
@Suite struct HTMLReaderTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func document(_ html: String, encoding: String.Encoding = .utf8) throws -> StructuredDocument {
        try HTMLFilingReader().document(InputDocument(name: "in.html", bytes: [UInt8](html.data(using: encoding)!)))
    }

    static func tables(_ html: String) throws -> [RecoveredTable] {
        StructuredDocumentReader.tables(try document(html), kind: "HTML table")
    }

    static func paragraphs(_ document: StructuredDocument) -> [String] {
        document.blocks.compactMap { if case .paragraph(let text, _) = $0 { text } else { nil } }
    }

    @Test func theDeclaredCharsetIsFoundInEitherKindOfMeta() {
        let cases: [(String, String?)] = [
            ("<meta charset=\"GBK\">", "gbk"),
            ("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">", "gb2312"),
            ("<meta content='text/html;charset=GB18030' http-equiv='content-type'>", "gb18030"),
            ("<meta name=\"keywords\" content=\"绩效\"><p>charset=big5 in text is no declaration</p>", nil),
            ("<html><body>无声明</body></html>", nil),
        ]
        for (html, expected) in cases {
            #expect(HTMLCharset.declaredCharset(Array(html.utf8)) == expected, "\(html)")
        }
    }

    @Test func pagesAreDecodedByMarkDeclarationOrContent() throws {
        let text = "镕基绩效目标"  // 镕 is in GBK, not in GB2312: pages declaring GB2312 hold it all the same
        let gbk = [UInt8](text.data(using: Self.gb18030)!)
        let declared = try HTMLCharset.decode(Array("<meta charset=gb2312>".utf8) + gbk, file: "in.html")
        #expect(declared.0.hasSuffix(text) && declared.1.isEmpty)
        let undeclared = try HTMLCharset.decode(gbk, file: "in.html")
        #expect(undeclared.0 == text && undeclared.1.map(\.id) == ["html-charset-guessed"])
        let resaved = try HTMLCharset.decode(Array("<meta charset=gbk>\(text)".utf8), file: "in.html")
        #expect(resaved.0.hasSuffix(text) && resaved.1.map(\.id) == ["html-charset-mismatch"])
        let marked = try HTMLCharset.decode([0xFF, 0xFE] + [UInt8](text.data(using: .utf16LittleEndian)!), file: "in.html")
        #expect(marked.0 == text)
        let big5 = try HTMLCharset.decode(Array("<meta charset=big5>".utf8) + [0xB8, 0xEA], file: "in.html")
        #expect(big5.0.hasSuffix("資"))
        #expect(throws: JixiaoError.self) { try HTMLCharset.decode(Array("<meta charset=koi8-r>".utf8) + [0xC1, 0xFF], file: "in.html") }
    }

    @Test func cellsTakeTheNextFreeSlotAsTheHTMLTableAlgorithmSays() throws {
        // The second row's first cell is pushed past the slot the rowspan above covers; colspan
        // "2abc" reads as 2, colspan 0 as 1, and rowspan 0 reaches the last row.
        let html = """
            <table>
            <tr><td rowspan=2>甲</td><td colspan="2abc">乙</td><td rowspan=0>丙</td></tr>
            <tr><td colspan=0>丁</td><td>戊</td></tr>
            <tr><td>己</td><td rowspan=9>庚</td></tr>
            </table>
            """
        let table = try #require(try Self.tables(html).first)
        #expect(table.cells.map { [$0.row, $0.column, $0.rowSpan, $0.columnSpan] } == [
            [1, 1, 2, 1], [1, 2, 1, 2], [1, 4, 3, 1], [2, 2, 1, 1], [2, 3, 1, 1], [3, 1, 1, 1], [3, 2, 1, 1],
        ])
        #expect(table.cells.map(\.text) == ["甲", "乙", "丙", "丁", "戊", "己", "庚"])
        #expect(table.cells[3].source?.description == "in.html:table 1, row 2, cell 1")
    }

    @Test func textOutsideTablesIsParagraphsAndScriptsStylesAndMenusAreNotRead() throws {
        let html = """
            <html><head><title>不读</title><style>p { color: red }</style></head><body>
            <div><a href="/">首页</a> | <a href="/a">通知</a></div>
            <h2>某局   2024年\n项目支出</h2><script>var s = "不读";</script>
            <p>第一行<br>第二行&nbsp;</p><p>来源：<a href="/b">财政局</a>网站</p>
            <table><tr><td><p>上段</p><p>下段</p></td></tr></table>
            </body></html>
            """
        let document = try Self.document(html)
        #expect(Self.paragraphs(document) == ["某局 2024年 项目支出", "第一行\n第二行\u{A0}", "来源：财政局网站"])
        #expect(document.notes.map(\.id) == ["html-navigation-skipped"])
        #expect(document.notes.first?.position?.description == "in.html:paragraph 1")
        let cell = try #require(try Self.tables(html).first?.cells.first)
        #expect(cell.text == "上段\n下段")
    }

    /// Found by fuzzing (the html target, `Fixtures/fuzz/unclosed-style-in-a-table.html`): a table
    /// left open with a script or style inside it that is never closed made the end of the page
    /// loop for ever, closing tables whose ends the unread element's content swallowed.
    @Test(.timeLimit(.minutes(1)), arguments: [
        "<table><tr><td>一级指标</td><td>二级指标<script>var a = 1;",
        "<table><tr><td>一级指标<table><tr><td><style>td { color: red }",
    ])
    func aTableLeftOpenAroundAnUnclosedScriptEndsWithThePage(html: String) throws {
        let cells = try Self.tables(html).flatMap(\.cells).map(\.text)
        #expect(cells.contains("一级指标"))
    }

    @Test(.timeLimit(.minutes(1))) func theFuzzedPageWithAnUnclosedStyleInATableIsReadNotAHang() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/unclosed-style-in-a-table.html")
        let input = InputDocument(name: "in.html", bytes: try [UInt8](Data(contentsOf: url)))
        let error = TestSupport.error { _ = try HTMLFilingReader().read(input, options: ReadOptions()) }
        #expect(error?.id == "no-indicator-table")
    }

    @Test func indicatorRowsArePlacedInTheirTable() throws {
        let html = """
            <p>项目名称：培训经费</p>
            <table><tr><td>一级指标<td>二级指标<td>三级指标<td>指标值<td>备忘
            <tr><td rowspan=2>产出指标<td rowspan=2>数量指标<td>培训人次<td>≥280人次<td>
            <tr><td>培训天数<td>3天<td>
            </table>
            """
        let result = try StructuredDocumentReader.read(try Self.document(html), options: ReadOptions())
        let filing = try #require(result.filings.first)
        #expect(filing.indicators.map { [$0.level1, $0.level2, $0.name] } == [["产出指标", "数量指标", "培训人次"], ["产出指标", "数量指标", "培训天数"]])
        #expect(filing.indicators.map { $0.source?.description } == ["in.html:table 1, row 2", "in.html:table 1, row 3"])
        let unknown = try #require(result.diagnostics.first { $0.id == "unknown-column" })
        #expect(unknown.position?.description == "in.html:table 1, row 1, cell 5")
    }
}
