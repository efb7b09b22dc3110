import Foundation
import Testing
import ZIPFoundation
@testable import Jixiao

/// The XLSX reader on forms without our metadata, and on hostile or broken files.
@Suite struct XLSXReaderTests {
    static func read(_ bytes: [UInt8]) throws -> ReadResult {
        try XLSXTemplateReader().read(InputDocument(name: "in.xlsx", bytes: bytes), options: ReadOptions())
    }

    /// The error a read gives; a test fails if there is none.
    static func error(_ bytes: [UInt8]) -> JixiaoError? {
        TestSupport.error { _ = try read(bytes) }
    }

    static let heading = (1, ["一级指标", "二级指标", "三级指标", "指标值"])

    /// A number cell's text is read through 15 significant digits, as Excel shows it. Texts of
    /// up to 15 digits are read at once; the test holds every kind of text to the definition:
    /// the double, printed with 15 significant digits.
    @Test func numberCellsAreReadThroughFifteenDigits() {
        var random = SeededRandom(seed: 16)
        var texts = ["0", "-0", "1", "95", "100", "1.5", "1.50", "0.30000000000000004", "97.09999999999999", "97.1",
                     "1E-5", "2.5e3", "123456789012345", "1234567890123456", "12345678901234567", "0.000001234",
                     "-12.25", "+7", "007", "999999999999999.9", "1.", "abc", "", "-"]
        for _ in 0..<2_000 {
            let digits = Int.random(in: 1...17, using: &random)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            if Bool.random(using: &random) { text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 1...digits, using: &random))) }
            if text.hasSuffix(".") { text.removeLast() }
            texts.append(Bool.random(using: &random) ? "-" + text : text)
            texts.append(String(Double.random(in: -1e6...1e6, using: &random)))
        }
        for text in texts {
            let expected = Double(text).flatMap { $0.isFinite ? Decimal(string: String(format: "%.15G", $0), locale: CanonicalNumber.posix) : nil }
            #expect(ExcelNumber.decimal(text) == expected, "\(text)")
            if let expected, let read = ExcelNumber.decimal(text) {
                #expect(CanonicalNumber.format(read) == CanonicalNumber.format(expected), "\(text)")
            }
        }
    }

    @Test func formsReadWithoutTheirMetadataSheetGiveWhatTheyShow() throws {
        let filing = try XLSXRoundTrip.fixture("hubei-ezhou-department.yaml")
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, _) = try XLSXRoundTrip.write(filing, template: "hubei-department", in: folder)
        let emptied = try XLSXTestFiles.replacing(
            try XLSXTestFiles.lastSheetPart(in: url), with: XLSXTestFiles.sheet([]), in: url)
        let result = try Self.read(emptied)
        let back = try #require(result.filings.first)
        #expect(result.filings.count == 1)
        #expect(back.organization?.name == "鄂州市机关事务服务中心")
        #expect(back.goals?.longTerm == Goal(period: "2024年-2026年", text: "建设节约型机关，提升后勤保障水平。"))
        #expect(back.department?.annualTasks == "1、保障市直机关正常运转；\n2、推进节约型机关建设。")
        #expect(back.department?.income == [], "not on the form")
        #expect(back.indicators.map(\.name) == filing.indicators.map(\.name))
        #expect(back.indicators.map(\.period) == filing.indicators.map(\.period))
        // Level names come from cells merged down the rows.
        #expect(back.indicators.map(\.level1) == filing.indicators.map(\.level1))
        #expect(back.indicators.map(\.level2) == filing.indicators.map(\.level2))
        let annual = back.indicators[4]
        #expect(annual.op == .greaterOrEqual && annual.value == .number(95) && annual.unit == "%")
        #expect(annual.priorValues == [PriorValue(label: "前年实际值", value: .number(96.3)), PriorValue(label: "上年预计值", value: .number(97.1))])
        #expect(annual.source == SourcePosition(file: "in.xlsx", sheet: "部门整体绩效目标表", cell: "A20"))
    }

    @Test func severalFilingsInOneSheetWithMergedHeadingsAndBlankRows() throws {
        let sheet = XLSXTestFiles.sheet([
            (1, ["单位编码", "202001", "单位名称", "路南区委办公室本级"]),
            (2, ["项目名称", "机要通信业务经费", "项目编码", "13020225P008969100011"]),
            (3, ["一级指标", "二级指标", "三级指标", "指标值"]),
            (4, ["产出指标", "数量指标", "文件数量", "≥2000份"]),
            (5, ["", "", "准确率", "=100%"]),
            (6, []), (7, []),
            (8, ["项目名称", "会议保障经费", "项目资金（万元）", "六万元"]),
            (9, ["一级指标", "二级指标", "三级指标", "指标值"]),
            (10, ["满意度指标", "服务对象满意度指标", "满意度", "≥90百分比"]),
            (12, ["效益指标", "社会效益指标", "政令畅通", "有效保障"]),
            (13, ["产出指标", "时效指标", "完成时间", "2024年12月底前"]),
            (14, ["", "数量指标", "覆盖户数", "30户以上"]),
            (20, ["附注：以上为示例"]),
        ], extra: "<mergeCells count=\"1\"><mergeCell ref=\"A4:A5\"/></mergeCells>")
        let result = try Self.read(try XLSXTestFiles.workbook(sheet: sheet))
        try #require(result.filings.count == 2)
        let first = result.filings[0]
        #expect(first.organization?.code == "202001" && first.project?.code == "13020225P008969100011")
        #expect(first.indicators.map(\.name) == ["文件数量", "准确率"])
        #expect(first.indicators[1].level1 == "产出指标", "carried down the merge")
        #expect(first.indicators[1].level2 == "数量指标", "filled down under its heading")
        #expect(first.indicators[0].value == .number(2000) && first.indicators[0].unit == "份")
        let second = result.filings[1]
        #expect(first.source == SourcePosition(file: "in.xlsx", sheet: "表", cell: "A1"))
        #expect(second.source?.cell == "A8")
        #expect(second.project?.name == "会议保障经费")
        #expect(second.indicators.map(\.value) == [.number(90), .text("有效保障"), .text("2024年12月底前"), .number(30)])
        // A deadline stays text; a comparator word after the number is read (the text reader's parser).
        #expect(second.indicators[2].unit == nil && second.indicators[2].op == nil)
        #expect(second.indicators[3].op == .greaterOrEqual && second.indicators[3].unit == "户")
        // The one target parser reads the unit as the mapping spells it, and keeps the word.
        #expect(second.indicators[0].unit == "%")
        #expect(second.indicators[0].written["unit"] == "百分比" || second.indicators[0].written["value"] == "≥90百分比")
        // An amount that is no number, and the trailing note (no indicator): kept as extra text.
        #expect(second.project?.budget == nil)
        #expect(second.extra.map(\.text) == ["六万元", "附注：以上为示例"])
        #expect(second.extra.map(\.source?.cell) == ["D8", "A20"])
        #expect(result.diagnostics.contains { $0.id == "xlsx-not-a-number" && $0.position?.cell == "D8" })
        #expect(result.diagnostics.contains { $0.id == "xlsx-row-without-name" && $0.position?.cell == "A20" })
    }

    @Test func aQualitativeTargetWrittenAsTextDescriptionIsReadBack() throws {
        let sheet = XLSXTestFiles.sheet([
            (1, ["一级指标", "二级指标", "三级指标", "指标值", "", ""]),
            (2, ["", "", "", "符号", "值", "单位（文字描述）"]),
            (3, ["效益指标", "社会效益指标", "改善辖区环境", "文字描述", "", "效果显著"]),
            (4, ["", "", "保洁道路面积", "≥", "35", "万平方米"]),
        ], extra: "<mergeCells count=\"4\"><mergeCell ref=\"A1:A2\"/><mergeCell ref=\"B1:B2\"/><mergeCell ref=\"C1:C2\"/><mergeCell ref=\"D1:F1\"/></mergeCells>")
        let result = try Self.read(try XLSXTestFiles.workbook(sheet: sheet))
        // No form labels: read as a table by the interpreter text goes through too.
        #expect(result.diagnostics.map(\.id) == ["xlsx-read-as-table"])
        let indicators = try #require(result.filings.first).indicators
        #expect(indicators.count == 2)
        #expect(indicators[0].op == nil && indicators[0].value == .text("效果显著") && indicators[0].unit == nil)
        #expect(indicators[0].written == ["op": "文字描述"])
        #expect(indicators[1].op == .greaterOrEqual && indicators[1].value == .number(35) && indicators[1].unit == "万平方米")
        #expect(indicators[1].level1 == "效益指标", "filled down")
    }

    /// A Yunnan-style form made by hand: its target cells are read by the one target parser the
    /// text reader uses, so a comparator inside the value cell counts and a bare number is "=".
    @Test func targetCellsOfAHandMadeFormReadAsTheTextReaderReadsThem() throws {
        let sheet = XLSXTestFiles.sheet([
            (1, ["项目名称", "目督专项经费", "", "", "项目编码", ""]),
            (2, ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标属性"]),
            (3, ["产出指标", "数量指标", "培训人数", "", "≥30", "人", "定量指标"]),
            (4, ["", "质量指标", "验收合格率", "", "100%", "", "定量指标"]),
            (5, ["", "时效指标", "完成时间", "", "2024年12月底前", "", "定性指标"]),
            (6, ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", ""]),
            (7, ["效益指标", "社会效益指标", "政令畅通", "", "有效保障", "", ""]),
            (8, ["", "", "办结率", "=", "≥95%", "", "定量指标"]),
        ])
        let result = try Self.read(try XLSXTestFiles.workbook(sheet: sheet))
        #expect(result.diagnostics.first?.message == "sheet '表' read with template yunnan-project@1.1.0 (its column headings matched)")
        let indicators = try #require(result.filings.first).indicators
        #expect(indicators.map(\.name) == ["培训人数", "验收合格率", "完成时间", "群众满意度", "政令畅通", "办结率"])
        #expect(indicators.map(\.op) == [.greaterOrEqual, .equal, nil, .greaterOrEqual, nil, .equal])
        #expect(indicators.map(\.value) == [.number(30), .number(100), .text("2024年12月底前"), .number(90), .text("有效保障"), .number(95)])
        #expect(indicators.map(\.unit) == ["人", "%", nil, "%", nil, "%"])
        // The nature column says the nature; a blank one says none, as the form shows.
        #expect(indicators.map(\.nature) == [.quantitative, .quantitative, .qualitative, nil, nil, .quantitative])
        #expect(indicators[0].written == ["value": "≥30"])
        // The comparator column and the value disagree: the column wins, and the cell is named.
        let conflict = try #require(result.diagnostics.first { $0.id == "operator-conflict" })
        #expect(conflict.position == SourcePosition(file: "in.xlsx", sheet: "表", cell: "E8"))
        #expect(result.diagnostics.filter { $0.severity != .info }.map(\.id) == ["operator-conflict"])

        // The same cells as text: the text reader gives the same targets.
        let text = """
            一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t指标属性
            产出指标\t数量指标\t培训人数\t\t≥30\t人\t定量指标
            \t质量指标\t验收合格率\t\t100%\t\t定量指标
            """
        let read = try TextFilingReader().read(InputDocument(name: "in.txt", bytes: Array(text.utf8)), options: ReadOptions(mapping: "yunnan"))
        let fromText = try #require(read.filings.first).indicators
        #expect(fromText.map(\.op) == Array(indicators.map(\.op).prefix(2)))
        #expect(fromText.map(\.value) == Array(indicators.map(\.value).prefix(2)))
        #expect(fromText.map(\.unit) == Array(indicators.map(\.unit).prefix(2)))
    }

    /// Rows and cells written out of order are read in order; a cell written twice keeps its last value.
    @Test func cellsOutOfOrderAreReadInOrder() throws {
        let sheet = """
            <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="3"><c r="B3"><v>32</v></c><c r="A3"><v>31</v></c></row>\
            <row r="1"><c r="A1"><v>11</v></c></row>\
            <row r="3"><c r="B3"><v>33</v></c></row>\
            </sheetData></worksheet>
            """
        let bytes = try XLSXTestFiles.archive([
            ("xl/workbook.xml", XLSXTestFiles.workbook), ("xl/_rels/workbook.xml.rels", XLSXTestFiles.relations),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
        let read = try XLSXWorkbookReader.read(bytes, file: "in.xlsx")[0]
        #expect(read.rowNumbers == [0, 2])
        var cells: [String] = []
        read.cells.forEach { row, column, value in cells.append("\(XLSXCellReference.name(row: row, column: column))=\(value)") }
        #expect(cells == ["A1=11", "A3=31", "B3=33"])
        #expect(read.value(row: 2, column: 1) == .number(33) && read.value(row: 1, column: 0) == nil)
    }

    @Test func sharedStringsNumbersAndDatesWithTheirFormats() throws {
        let sheet = """
            <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>44287</v></c></row>\
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c></row>\
            <row r="3"><c r="A3" t="inlineStr"><is><t>产出指标</t></is></c><c r="B3" t="inlineStr"><is><t>数量指标</t></is></c>\
            <c r="C3" t="inlineStr"><is><r><t>培训</t></r><r><t>次数</t></r></is></c><c r="D3"><v>3.0000000000000004</v></c></row>\
            </sheetData></worksheet>
            """
        let strings = """
            <?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <si><t>预算年度</t></si><si><t>一级指标</t></si><si><t>二级指标</t></si><si><r><t>三级</t></r><r><t>指标</t></r></si><si><t>指标值</t></si></sst>
            """
        let styles = """
            <?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>\
            <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>
            """
        let bytes = try XLSXTestFiles.archive([
            ("xl/workbook.xml", XLSXTestFiles.workbook), ("xl/_rels/workbook.xml.rels", XLSXTestFiles.relations),
            ("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings), ("xl/styles.xml", styles),
        ])
        let sheets = try XLSXWorkbookReader.read(bytes, file: "in.xlsx")
        #expect(sheets[0].value(row: 0, column: 1) == .text("2021-04-01"))
        #expect(sheets[0].value(row: 1, column: 2) == .text("三级指标"))
        #expect(sheets[0].value(row: 2, column: 2) == .text("培训次数"))
        #expect(sheets[0].value(row: 2, column: 3) == .number(3))
        let filing = try #require(try Self.read(bytes).filings.first)
        #expect(filing.indicators.map(\.name) == ["培训次数"])
    }

    @Test func notAZipOrATruncatedOneIsAClearError() throws {
        #expect(Self.error(Array("一级指标,二级指标\n".utf8))?.id == "xlsx-not-zip")
        let whole = try XLSXTestFiles.workbook(sheet: XLSXTestFiles.sheet([Self.heading]))
        #expect(Self.error(Array(whole.prefix(whole.count / 2)))?.id == "xlsx-bad-zip")
        #expect(Self.error(try XLSXTestFiles.archive([("hello.txt", "hi")]))?.id == "xlsx-missing-part")
        #expect(Self.error([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))?.id == "xlsx-old-format")
        let broken = Self.error(try XLSXTestFiles.workbook(sheet: "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>"))
        #expect(broken?.id == "xlsx-bad-xml")
        #expect(broken?.message.hasPrefix("sheet '表' is not well-formed XML") == true)
    }

    @Test func aPartWhoseChecksumDoesNotMatchIsDamaged() throws {
        // Stored, not deflated, so that one byte of the sheet can be changed in place.
        let sheet = XLSXTestFiles.sheet([Self.heading])
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, content) in [("xl/workbook.xml", XLSXTestFiles.workbook), ("xl/_rels/workbook.xml.rels", XLSXTestFiles.relations),
                                ("xl/worksheets/sheet1.xml", sheet)] {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        var bytes = [UInt8](archive.data!)
        #expect(throws: Never.self) { try Self.read(bytes) }
        let heading = Array("二级指标".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: heading) })
        bytes[at + heading.count - 1] ^= 0x01
        let error = Self.error(bytes)
        #expect(error?.id == "xlsx-bad-zip")
        #expect(error?.message == "xl/worksheets/sheet1.xml is damaged: its checksum does not match")
    }

    @Test func checksumsAreZipsCRC32() {
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBytes { ZipChecksum.crc32($0) } == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBytes { ZipChecksum.crc32($0) } == 0)
        // In pieces of every length, the same as at once.
        let text = Array(String(repeating: "绩效目标 indicator 123\n", count: 40).utf8)
        let whole = text.withUnsafeBytes { ZipChecksum.crc32($0) }
        for cut in [1, 7, 8, 9, 100, text.count - 1] {
            let first = text[..<cut].withUnsafeBytes { ZipChecksum.crc32($0) }
            #expect(text[cut...].withUnsafeBytes { ZipChecksum.crc32($0, continuing: first) } == whole)
        }
    }

    @Test func aZipBombIsRefusedWhileInflating() throws {
        let bytes = try XLSXTestFiles.zipBomb(part: "xl/workbook.xml")
        #expect(bytes.count < 1 << 20)
        let error = Self.error(bytes)
        #expect(error?.id == "xlsx-too-large")
    }

    @Test func entityExpansionAndExternalEntitiesAreRefused() throws {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">\
            <c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
            """
        let external = """
            <?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">\
            <c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>
            """
        for sheet in [laughs, external] {
            let error = Self.error(try XLSXTestFiles.workbook(sheet: sheet))
            #expect(error?.id == "xlsx-xml-dtd")
        }
    }

    @Test func aMissingSheetIsNamed() throws {
        let bytes = try XLSXTestFiles.archive([("xl/workbook.xml", XLSXTestFiles.workbook), ("xl/_rels/workbook.xml.rels", XLSXTestFiles.relations)])
        let error = Self.error(bytes)
        #expect(error?.id == "xlsx-missing-sheet")
        #expect(error?.message.contains("'表'") == true)
    }

    @Test func theLastRowOfASheetIsReadAndOneBeyondIsAnError() throws {
        let sheet = XLSXTestFiles.sheet([Self.heading, (2, ["产出指标", "数量指标", "次数", "≥1次"]), (1_048_576, ["", "", "最后一行", "1"])])
        let filing = try #require(try Self.read(try XLSXTestFiles.workbook(sheet: sheet)).filings.first)
        #expect(filing.indicators.map(\.name) == ["次数", "最后一行"])
        #expect(filing.indicators[1].source?.cell == "A1048576")
        let beyond = sheet.replacingOccurrences(of: "r=\"1048576\"", with: "r=\"1048577\"")
        #expect(Self.error(try XLSXTestFiles.workbook(sheet: beyond))?.id == "xlsx-bad-cell")
    }

    @Test func aSheetOfAMillionRowsIsReadWithinBounds() throws {
        // Every row of the sheet present, as a program that formats whole columns writes them.
        var rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一级指标</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>二级指标</t></is></c>"
            + "<c r=\"C1\" t=\"inlineStr\"><is><t>三级指标</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>指标值</t></is></c></row>"
            + "<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>次数</t></is></c><c r=\"D2\"><v>1</v></c></row>"
        rows.reserveCapacity(40 * XLSXLimits.maximumRows)
        for row in 3...XLSXLimits.maximumRows { rows += "<row r=\"\(row)\"><c r=\"D\(row)\" s=\"1\"/></row>" }
        let sheet = "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>"
        let filing = try #require(try Self.read(try XLSXTestFiles.workbook(sheet: sheet)).filings.first)
        #expect(filing.indicators.map(\.name) == ["次数"])

        // Filled rows beyond what any filing holds stop at the cell limit, with a clear error.
        // Every row full to the limit and one cell more in the last (rows and cells without r=).
        let perRow = XLSXLimits.maximumCells / XLSXLimits.maximumRows
        let full = "<row>" + String(repeating: "<c><v>1</v></c>", count: perRow) + "</row>"
        var filled = ""
        filled.reserveCapacity((full.utf8.count + 20) * XLSXLimits.maximumRows)
        for _ in 1..<XLSXLimits.maximumRows { filled += full }
        filled += "<row>" + String(repeating: "<c><v>1</v></c>", count: perRow + 1) + "</row>"
        let error = Self.error(try XLSXTestFiles.workbook(sheet: XLSXTestFiles.sheet([]).replacingOccurrences(of: "<sheetData></sheetData>", with: "<sheetData>\(filled)</sheetData>")))
        #expect(error?.id == "xlsx-too-many-cells")
        #expect(error?.position?.cell == XLSXCellReference.name(row: XLSXLimits.maximumRows - 1, column: perRow))
    }

    @Test func aCellOverTheLimitIsAnErrorAtItsPosition() throws {
        let long = String(repeating: "长", count: XLSXLimits.maximumCellCharacters + 1)
        let sheet = XLSXTestFiles.sheet([Self.heading, (2, ["产出指标", "数量指标", long, "1"])])
        let error = Self.error(try XLSXTestFiles.workbook(sheet: sheet))
        #expect(error?.id == "xlsx-cell-too-long")
        #expect(error?.position?.cell == "C2")
    }

    @Test func theWriterRefusesACellOverTheLimit() throws {
        var filing = try XLSXRoundTrip.fixture("yunnan-chenggong-project.yaml")
        filing.indicators[0].scoring = String(repeating: "长", count: XLSXLimits.maximumCellCharacters + 1)
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: JixiaoError.self) { try XLSXRoundTrip.write(filing, template: "yunnan-project", in: folder) }
    }

    @Test func aSheetWithoutAnyTemplatesHeadingsSaysSo() throws {
        let sheet = XLSXTestFiles.sheet([(1, ["姓名", "电话"]), (2, ["张三", "123"])])
        #expect(Self.error(try XLSXTestFiles.workbook(sheet: sheet))?.id == "xlsx-no-form")
    }
}
