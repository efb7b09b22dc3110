import Foundation
import Testing
import ZIPFoundation
@testable import Jixiao

/// The Word reader on documents written by hand: what Word puts in runs, cells placed by their
/// spans and merges, positions, and broken or hostile files.
@Suite struct DocxReaderTests {
    static func document(_ bytes: [UInt8]) throws -> StructuredDocument {
        try DocxFilingReader().document(InputDocument(name: "in.docx", bytes: bytes))
    }

    static func read(_ bytes: [UInt8]) throws -> ReadResult {
        try DocxFilingReader().read(InputDocument(name: "in.docx", bytes: bytes), options: ReadOptions())
    }

    static func tables(_ bytes: [UInt8]) throws -> [RecoveredTable] {
        try TableRecovery.tables(InputDocument(name: "in.docx", bytes: bytes), format: FormatRegistry.format(named: "docx")!)
    }

    /// The error a read gives; a test fails if there is none.
    static func error(_ bytes: [UInt8]) -> JixiaoError? {
        TestSupport.error { _ = try read(bytes) }
    }

    static func paragraphs(_ document: StructuredDocument) -> [(String, String)] {
        document.blocks.compactMap { if case .paragraph(let text, let place) = $0 { (text, place.description) } else { nil } }
    }

    static let header = ["一级指标", "二级指标", "三级指标", "指标值"]

    @Test func runsGiveTheirTextWithTabsBreaksFieldsLinksControlsAndInsertionsButNotDeletions() throws {
        let body = """
            <w:p><w:r><w:t>项目名称：</w:t></w:r><w:r><w:tab/></w:r><w:hyperlink r:id="rId9"><w:r><w:t>城区</w:t></w:r></w:hyperlink>\
            <w:ins w:id="1" w:author="a"><w:r><w:t>道路</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删掉的</w:delText><w:t>也删掉</w:t></w:r></w:del>\
            <w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走的</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>清扫</w:t></w:r></w:moveTo></w:p>\
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD 名称 </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>域结果</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>\
            <w:fldSimple w:instr=" DATE "><w:r><w:t>简单域</w:t></w:r></w:fldSimple></w:p>\
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr>\
            <w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>\
            <w:sdt><w:sdtPr><w:alias w:val="控件"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>\
            <w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>单击此处输入文字。</w:t></w:r></w:p>\
            <w:sdt><w:sdtContent><w:p><w:r><w:t>提示里的控件</w:t></w:r></w:p></w:sdtContent></w:sdt></w:sdtContent></w:sdt>\
            <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>\
            <w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>\
            <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>\
            </mc:AlternateContent></w:r><w:r><w:t>锚定段落</w:t></w:r></w:p>
            """
        let document = try Self.document(try DocxTestFiles.document(body))
        let paragraphs = Self.paragraphs(document)
        #expect(paragraphs.map(\.0) == ["项目名称：\t城区道路清扫", "域结果简单域", "第一行\n第二行", "内容控件", "锚定段落", "文本框"])
        #expect(paragraphs.map(\.1) == (1...6).map { "in.docx:paragraph \($0)" })
    }

    @Test func cellsArePlacedOnTheGridBySpansMergesAndSkippedColumns() throws {
        let table = DocxTestFiles.table([
            ["甲", DocxTestFiles.cell("乙", properties: "<w:gridSpan w:val=\"2\"/>"), DocxTestFiles.cell("丙", properties: "<w:vMerge w:val=\"restart\"/>")],
            [DocxTestFiles.cell("", properties: "<w:gridSpan w:val=\"3\"/>"), DocxTestFiles.cell("", properties: "<w:vMerge/>")],
            // Two columns left out before the row's cells, one after.
            ["丁", "戊"],
            // A legacy horizontal merge, and a record of an earlier span that no longer holds.
            [DocxTestFiles.cell("己", properties: "<w:hMerge w:val=\"restart\"/>"), DocxTestFiles.cell("", properties: "<w:hMerge/>"),
             DocxTestFiles.cell("庚", properties: "<w:tcPrChange w:id=\"1\" w:author=\"a\"><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr></w:tcPrChange>"), "辛"],
        ], rowProperties: [2: "<w:gridBefore w:val=\"2\"/><w:gridAfter w:val=\"1\"/>"])
        let tables = try Self.tables(try DocxTestFiles.document(table))
        try #require(tables.count == 1)
        let cells = tables[0].cells.map { [$0.row, $0.column, $0.rowSpan, $0.columnSpan] }
        #expect(cells == [[1, 1, 1, 1], [1, 2, 1, 2], [1, 4, 2, 1], [2, 1, 1, 3], [3, 3, 1, 1], [3, 4, 1, 1], [4, 1, 1, 2], [4, 3, 1, 1], [4, 4, 1, 1]])
        #expect(tables[0].cells.map(\.text) == ["甲", "乙", "丙", "", "丁", "戊", "己", "庚", "辛"])
        #expect(tables[0].cells[4].source?.description == "in.docx:table 1, row 3, cell 1")
        #expect(tables[0].cells[8].source?.description == "in.docx:table 1, row 4, cell 4")
    }

    @Test func mergedLevelCellsCarryDownAndRowsArePlacedInTheTable() throws {
        let restart = "<w:vMerge w:val=\"restart\"/>", more = "<w:vMerge/>"
        let body = DocxTestFiles.paragraph("2024年度项目支出绩效目标表") + DocxTestFiles.paragraph("项目名称：城区道路清扫保洁")
            + DocxTestFiles.table([
                Self.header + ["备忘"],
                [DocxTestFiles.cell("产出指标", properties: restart), DocxTestFiles.cell("数量指标", properties: restart), "清扫面积", "≥1346万平方米", ""],
                [DocxTestFiles.cell("", properties: more), DocxTestFiles.cell("", properties: more), "清扫条数", "=1346条", ""],
                [DocxTestFiles.cell("", properties: more), "质量指标", "无害化处理率", "100%", ""],
                ["满意度指标", "服务对象满意度指标", "群众满意度", "95%以上", "见附件"],
            ])
        let result = try Self.read(try DocxTestFiles.document(body))
        let filing = try #require(result.filings.first)
        #expect(result.filings.count == 1)
        #expect(filing.project?.name == "城区道路清扫保洁")
        #expect(filing.fiscalYear == "2024")
        let rows = filing.indicators.map { [$0.level1, $0.level2, $0.name, $0.op?.rawValue, $0.value?.description, $0.unit] }
        #expect(rows == [
            ["产出指标", "数量指标", "清扫面积", ">=", "1346", "万平方米"],
            ["产出指标", "数量指标", "清扫条数", "=", "1346", "条"],
            ["产出指标", "质量指标", "无害化处理率", "=", "100", "%"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", ">=", "95", "%"],
        ])
        #expect(filing.indicators.map { $0.source?.description } == (2...5).map { "in.docx:table 1, row \($0)" })
        #expect(filing.source?.description == "in.docx:paragraph 1")
        // The column no mapping names is reported at its header cell.
        let unknown = try #require(result.diagnostics.first { $0.id == "unknown-column" })
        #expect(unknown.position?.description == "in.docx:table 1, row 1, cell 5")
    }

    @Test func theInnermostTableHoldingIndicatorsIsReadInsideLayoutTables() throws {
        let indicators = DocxTestFiles.table([Self.header, ["产出指标", "数量指标", "培训人次", "≥280人次"], ["", "时效指标", "完成时间", "2024年12月底前"]])
        let layout = DocxTestFiles.table([
            ["<w:tc>\(DocxTestFiles.paragraph("项目名称：培训经费"))</w:tc>"],
            ["<w:tc>\(DocxTestFiles.paragraph("绩效指标"))\(indicators)<w:p/></w:tc>"],
        ])
        let bytes = try DocxTestFiles.document(DocxTestFiles.table([["<w:tc>\(layout)<w:p/></w:tc>"]]))
        let filing = try #require(try Self.read(bytes).filings.first)
        #expect(filing.project?.name == "培训经费")
        #expect(filing.indicators.map(\.name) == ["培训人次", "完成时间"])
        #expect(filing.indicators.map(\.level2) == ["数量指标", "时效指标"])
        #expect(filing.indicators.map { $0.source?.description } == ["in.docx:table 3, row 2", "in.docx:table 3, row 3"])
        let tables = try Self.tables(bytes)
        #expect(tables.map(\.name) == ["table 1", "table 2", "table 3"])
        #expect(tables[2].layout.contains("nested in table 2, row 2, cell 1"))
        // A cell's text is its own paragraphs, not those of the tables in it.
        #expect(tables[1].cells.map(\.text) == ["项目名称：培训经费", "绩效指标\n"])
    }

    @Test func aDocumentWithoutIndicatorsFailsNamingTheNearestTable() throws {
        let body = DocxTestFiles.paragraph("说明") + DocxTestFiles.table([["姓名", "电话"], ["张三", "123"]])
        let error = Self.error(try DocxTestFiles.document(body))
        #expect(error?.id == "no-indicator-table")
        #expect(error?.message.contains("table 1") == true)
        #expect(error?.position?.description == "in.docx:table 1")
    }

    @Test func brokenAndHostileFilesGiveClearErrors() throws {
        let good = try DocxTestFiles.document(DocxTestFiles.table([Self.header, ["产出指标", "数量指标", "次数", "1次"]]))
        #expect(try Self.read(good).filings.first?.indicators.count == 1)
        #expect(Self.error(Array(good.prefix(good.count / 2)))?.id == "docx-bad-zip")
        #expect(Self.error(Array("这不是压缩包".utf8))?.id == "docx-not-zip")
        // A Word 97-2003 container named .docx: converted where LibreOffice is (this one is empty, so that fails), else refused.
        let legacy = LegacyWordReader.soffice.executable != nil ? "doc-conversion-failed" : "docx-old-format"
        #expect(Self.error([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))?.id == legacy)

        let missing = Self.error(try XLSXTestFiles.archive([("_rels/.rels", DocxTestFiles.relations)]))
        #expect(missing?.id == "docx-missing-part")
        #expect(missing?.message.contains("word/document.xml") == true)
        let workbook = Self.error(try XLSXTestFiles.workbook(sheet: XLSXTestFiles.sheet([])))
        #expect(workbook?.message.contains("XLSX workbook") == true)

        let broken = Self.error(try XLSXTestFiles.archive([("_rels/.rels", DocxTestFiles.relations),
                                                           ("word/document.xml", DocxTestFiles.documentPart("<w:p><w:r><w:t>断</w:r></w:p>"))]))
        #expect(broken?.id == "docx-bad-xml")
        #expect(broken?.message.contains("word/document.xml is not well-formed XML (line 3)") == true)
        #expect(broken?.position?.file == "in.docx")

        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>
            """
        let external = """
            <?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>
            """
        for part in [laughs, external] {
            let error = Self.error(try XLSXTestFiles.archive([("_rels/.rels", DocxTestFiles.relations), ("word/document.xml", part)]))
            #expect(error?.id == "docx-xml-dtd")
        }

        var nested = "<w:p/>"
        for _ in 0...DocumentLimits.maximumTableDepth { nested = "<w:tbl><w:tr><w:tc>\(nested)</w:tc></w:tr></w:tbl>" }
        let deep = Self.error(try DocxTestFiles.document(nested))
        #expect(deep?.id == "docx-too-deep")
        #expect(deep?.position?.place?.hasPrefix("table \(DocumentLimits.maximumTableDepth), row 1, cell 1") == true)
    }

    @Test func aZipBombIsRefusedWhileInflating() throws {
        let bytes = try XLSXTestFiles.zipBomb(part: "word/document.xml")
        #expect(bytes.count < 1 << 20)
        #expect(Self.error(bytes)?.id == "docx-too-large")
    }

    @Test func aDamagedArchiveWhoseRecordsPointPastItsEndIsRefusedNotATrap() throws {
        // Found by fuzzing (scripts/fuzz.sh, the docx target): the zip library used before trapped
        // on it ("Range requires lowerBound <= upperBound"), taking the process down.
        let bytes = Array(try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("fuzz/records-past-the-end.docx")))
        let error = Self.error(bytes)
        #expect(error?.id == "docx-bad-zip")
        #expect(error?.message.contains("central directory lies past the end") == true)
        let asWorkbook = TestSupport.error { _ = try XLSXTemplateReader().read(InputDocument(name: "in.xlsx", bytes: bytes), options: ReadOptions()) }
        #expect(asWorkbook?.id.hasPrefix("xlsx-") == true)
    }

    @Test func aWordDocumentOnStandardInputIsRecognised() throws {
        let bytes = try DocxTestFiles.document(DocxTestFiles.table([Self.header, ["产出指标", "数量指标", "次数", "≥1次"]]))
        let result = try TestSupport.run(["convert", "-"], stdin: bytes)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("name: 次数"))
        #expect(result.stdout.contains("<stdin>:table 1, row 2"), "\(result.stdout)")
    }
}
