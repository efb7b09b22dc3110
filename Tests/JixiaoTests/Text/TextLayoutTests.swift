import Foundation
import Testing
@testable import Jixiao

/// The same filings laid out as other extractions write them, and stored in other encodings,
/// read to the same canonical result.
@Suite struct TextLayoutTests {
    static let relaid = ["yunnan-chenggong-2021-project", "hebei-chengde-2021-department", "hebei-tangshan-lunan-projects"]

    /// Made by Fixtures/text/relayout.py: one row per line (tabs, wrapped cells) and pipe rows.
    @Test(arguments: relaid, ["rows", "pipe"])
    func relaidTablesReadToTheSameFilings(_ name: String, _ layout: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("text/\(name).\(layout).txt")
        let relaid = try TextSeeds.read([UInt8](Data(contentsOf: url)), as: "Examples/\(name).txt")
        let original = try TextSeeds.read(name)
        #expect(TextSeeds.withoutPositions(relaid.filings) == TextSeeds.withoutPositions(original.filings))
        #expect(relaid.diagnostics.map(\.id) == original.diagnostics.map(\.id))
    }

    @Test(arguments: TextSeeds.names)
    func encodingsAndLineEndsGiveTheSameFilings(_ name: String) throws {
        let text = try TextSeeds.text(name)
        let original = try TextSeeds.read(name)
        let gb18030 = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let variants: [(String, [UInt8])] = [
            ("GB18030", [UInt8](gb18030)),
            ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8)),
            ("UTF-16LE with BOM", [0xFF, 0xFE] + [UInt8](text.data(using: .utf16LittleEndian)!)),
            ("UTF-16BE with BOM", [0xFE, 0xFF] + [UInt8](text.data(using: .utf16BigEndian)!)),
            ("CRLF", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("CR", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8)),
        ]
        for (label, bytes) in variants {
            let result = try TextSeeds.read(bytes, as: "Examples/\(name).txt")
            #expect(result.filings == original.filings, "\(label)")
        }
    }

    @Test func gb18030IsNotMistakenForUTF8() throws {
        let gbk: [UInt8] = [0xD2, 0xBB, 0xBC, 0xB6, 0xD6, 0xB8, 0xB1, 0xEA] // 一级指标
        let decoded = try TextDecoding.decode(gbk, file: "x.txt")
        #expect(decoded.text == "一级指标" && decoded.encoding == .gb18030)
    }

    @Test func wrappedRowIsJoinedOnlyWhenItCompletesTheRowAbove() {
        let blocks = TextLayout.blocks(["a\tb\tc", "d\te", "more", "tail\tf", "x\ty\tz", "short\trow"])
        let rows = blocks.compactMap { block -> [String]? in
            if case .row(let row) = block { return row.cells.map(\.text) }
            return nil
        }
        #expect(rows == [["a", "b", "c"], ["d", "e\nmore\ntail", "f"], ["x", "y", "z"], ["short", "row"]])
    }

    @Test func multiSpaceRowsAndLabelsBrokenOverLines() throws {
        // Aligned as `pdftotext -layout` writes it: a CJK character is two columns wide.
        let spaced = """
            一级指标    二级指标        三级指标        指标值
            效益指标    经济效益指标    带动就业        ≥10人
                        社会效益指标    群众知晓率      ≥90%
            """
        let indicators = try TextSeeds.read(Array(spaced.utf8), as: "spaced.txt").filings[0].indicators
        #expect(indicators.map(\.name) == ["带动就业", "群众知晓率"])
        #expect(indicators[1].level1 == "效益指标" && indicators[1].unit == "%")

        let broken = "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\t效益指标\n\t经济效益\n指标\n\t带动就业\n\t≥10人\n"
        let indicator = try #require(try TextSeeds.read(Array(broken.utf8), as: "broken.txt").filings[0].indicators.first)
        #expect(indicator.level2 == "经济效益指标" && indicator.value == .number(10) && indicator.unit == "人")
    }

    @Test func cellPerLineRowsContinueAcrossOneBlankLineOnly() {
        let blocks = TextLayout.blocks(["\t运行", "", "成本", "\t公用经费控制", "", "", "正文"])
        guard case .row(let row) = blocks[0], case .paragraph(let text, let line) = blocks[1] else {
            Issue.record("expected a row then a paragraph, got \(blocks)")
            return
        }
        #expect(row.cells.map(\.label) == ["运行成本", "公用经费控制"])
        #expect(text == "正文" && line == 7)
    }
}
