import Foundation
import Testing
@testable import Jixiao

/// The XML scanner under the XLSX reader: what it hands out, and what it refuses.
@Suite struct XMLScannerTests {
    static func scan(_ xml: String) throws -> [String] {
        try XMLEventLog.scan(Array(xml.utf8))
    }

    static func scan(_ bytes: [UInt8]) throws -> [String] { try XMLEventLog.scan(bytes) }

    static func scan(_ bytes: [UInt8], inPiecesOf size: Int) throws -> [String] { try XMLEventLog.scan(bytes, inPiecesOf: size) }

    static func outcome(_ scan: () throws -> [String]) -> String { XMLEventLog.outcome(scan) }

    /// The message of a syntax error with its line; nil (and a failed test) when there is none.
    static func syntaxError(_ xml: String) -> String? {
        let bytes = Array(xml.utf8)
        do {
            _ = try scan(bytes)
            Issue.record("expected an error for \(xml)")
        } catch let error as XMLScanner.SyntaxError {
            return "line \(bytes.withUnsafeBufferPointer { XMLScanner.line(of: error.offset, in: $0) }): \(error.message)"
        } catch {
            Issue.record("not a syntax error: \(error)")
        }
        return nil
    }

    @Test func elementsAttributesAndTextComeOutInOrder() throws {
        let events = try Self.scan("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- a comment -->
            <x:worksheet xmlns:x="urn:x"><x:row r="1"><x:c r='A1' t="s" s = "3"><x:v>0</x:v></x:c><x:c r="B1"/></x:row></x:worksheet>
            """)
        #expect(events == ["<worksheet>", "<row r=1>", "<c r=A1 t=s s=3>", "<v>", "'0'", "</v>", "</c>", "<c r=B1>", "</c>", "</row>", "</worksheet>"])
    }

    /// A literal tab or line end in an attribute becomes a space; one written as a reference stays.
    @Test func referencesLineEndsAndCharacterDataAreDecoded() throws {
        let events = try Self.scan(
            "<a ref=\"x&#10;y\tz\"><t>&lt;1&gt; &amp; &quot;&apos; &#x4E00;&#20108;</t><t>one\r\ntwo\rthree</t><t><![CDATA[<kept> &amp;]]></t></a>")
        #expect(events == [
            "<a ref=x\ny z>", "<t>", "'<1> & \"' 一二'", "</t>", "<t>", "'one\ntwo\nthree'", "</t>", "<t>", "'<kept> &amp;'", "</t>", "</a>",
        ])
    }

    @Test func prefixedAttributesAreFoundByTheirLocalName() throws {
        let events = try Self.scan("<sheet x:id=\"rId3\" name=\"表\"/>")
        #expect(events == ["<sheet x:id=rId3 id=rId3>", "</sheet>"])
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try Self.scan([0xEF, 0xBB, 0xBF] + Array("<a>x</a>".utf8)) == ["<a>", "'x'", "</a>"])
    }

    @Test func badUTF8OrAnUnknownReferenceIsReportedWhereTextIsRead() throws {
        #expect(try Self.scan([0x3C, 0x61, 0x3E, 0xFF, 0xFE, 0x3C, 0x2F, 0x61, 0x3E]) == ["<a>", "'INVALID'", "</a>"])
        #expect(try Self.scan("<a>&nbsp;</a>") == ["<a>", "'INVALID'", "</a>"])
        #expect(try Self.scan("<a>&#0;</a>") == ["<a>", "'INVALID'", "</a>"])
        #expect(try Self.scan("<a>AT&T</a>") == ["<a>", "'INVALID'", "</a>"])
    }

    @Test func malformedDocumentsAreErrorsWithTheirLine() {
        for (xml, expected) in Self.malformed {
            #expect(Self.syntaxError(xml) == expected, "\(xml.debugDescription)")
        }
    }

    /// Fed in pieces of any size, a document gives the same events, or the same error at the
    /// same line and byte, as scanned whole.
    @Test func piecesGiveWhatTheWholeGives() throws {
        let documents = Self.malformed.map(\.0) + [
            "<?xml version=\"1.0\"?>\r\n<!-- c -->\n<x:w xmlns:x=\"u\"><x:c r='A1' t=\"s\"><x:v>0</x:v></x:c>\n<x:c r=\"B1\"/></x:w>",
            "<a ref=\"x&#10;y\tz\"><t>&lt;1&gt; &amp; &#x4E00;</t><t>one\r\ntwo</t><t><![CDATA[<kept> &amp;]]></t></a>",
            "\u{FEFF}<a>一级&amp;指标</a>  \n",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        ]
        for xml in documents {
            let bytes = Array(xml.utf8)
            let whole = Self.outcome { try Self.scan(bytes) }
            for size in [1, 2, 3, 5, 8, 64] {
                #expect(Self.outcome { try Self.scan(bytes, inPiecesOf: size) } == whole, "\(xml.debugDescription) in pieces of \(size)")
            }
        }
    }

    static let malformed: [(String, String)] = [
            ("", "line 1: the document has no root element"),
            ("  \n ", "line 2: the document has no root element"),
            ("<a>\n<b></a>", "line 2: closing tag </a> does not match <b>"),
            // Names of closed elements are written over by the next: a shorter or longer one is no match.
            ("<abcd><ab></abc></abcd>", "line 1: closing tag </abc> does not match <ab>"),
            ("<a><bcd></bcd><b></bcd></a>", "line 1: closing tag </bcd> does not match <b>"),
            ("<a><bcd></bcd><bc><x/></bc></bcd></a>", "line 1: closing tag </bcd> does not match <a>"),
            ("<a>\n<b>", "line 2: the document ends inside element <b> (cut short?)"),
            ("<a></a><b/>", "line 1: a second root element <b>"),
            ("text<a/>", "line 1: text outside the root element"),
            ("<a/>\ntail", "line 2: text outside the root element"),
            ("</a>", "line 1: closing tag </a> with no element open"),
            ("<a b=1/>", "line 1: the value of attribute 'b' is not quoted"),
            ("<a b/>", "line 1: attribute 'b' has no value"),
            ("<a b=\"1\" b=\"2\"/>", "line 1: attribute 'b' appears twice"),
            ("<a b=\"1\"c=\"2\"/>", "line 1: attributes must be separated by white space"),
            ("<a b=\"<\"/>", "line 1: '<' inside the value of attribute 'b'"),
            ("<a b=\"1", "line 1: the document ends inside an attribute value"),
            ("<a\n", "line 2: the document ends inside tag <a>"),
            ("<a></a", "line 1: a closing tag that does not end with '>'"),
            ("<a>< b/></a>", "line 1: a '<' that starts no tag"),
            ("<a><!-- open</a>", "line 1: the document ends inside a comment"),
            ("<a><![CDATA[x</a>", "line 1: the document ends inside a CDATA section"),
            ("<![CDATA[x]]><a/>", "line 1: character data outside the root element"),
            ("<a><!ELEMENT a ANY></a>", "line 1: unknown markup after '<!'"),
            ("<a/ >", "line 1: '/' not followed by '>' in a tag"),
            ("<a>", "line 1: the document ends inside element <a> (cut short?)"),
            ("<", "line 1: the document ends inside a tag"),
        ]

    @Test func declarationsAreRefused() {
        for xml in ["<!DOCTYPE a><a/>", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "<a><!ENTITY x \"y\"></a>"] {
            #expect(throws: XMLScanner.DeclarationRefused.self) { try Self.scan(xml) }
        }
    }

    /// Cut or corrupted at random (seeded, so a failure names its round), a document gives
    /// events or a syntax error, and the same outcome fed in pieces as scanned whole.
    @Test func randomCutsAndCorruptionsGiveTheSameOutcomeWholeAndInPieces() throws {
        let document = Array("""
            <?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>一级&amp;指标</t></is></c>\
            <c r="B1"><v>3.5</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>
            """.utf8)
        var random = SeededRandom(seed: 11)
        var errors = 0
        for round in 0..<500 {
            var bytes = document
            if round % 2 == 0 {
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            } else {
                for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            }
            let whole = Self.outcome { try Self.scan(bytes) }
            #expect(whole.hasPrefix("<") || whole.hasPrefix("line ") || whole == "DeclarationRefused", "round \(round): \(whole)")
            #expect(Self.outcome { try Self.scan(bytes, inPiecesOf: 7) } == whole, "round \(round)")
            if whole.hasPrefix("line ") { errors += 1 }
        }
        // Every cut but the whole document fails, and most corruptions do.
        #expect(errors > 250)
    }
}
