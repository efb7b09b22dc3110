import Foundation
import Testing
@testable import Jixiao

/// How labels are compared: `compact` removes every Unicode white space (and the byte-order
/// mark), held to Unicode's own White_Space property, whichever path it takes.
@Suite struct TextCleaningTests {
    /// The definition: every scalar with the White_Space property, and U+FEFF, removed.
    static func expected(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !($0.properties.isWhitespace || $0 == "\u{FEFF}") }))
    }

    @Test func everyWhiteSpaceScalarIsRemoved() {
        let spaces = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter { $0.properties.isWhitespace } + ["\u{FEFF}"]
        #expect(spaces.count > 20)
        for space in spaces {
            let text = "指标" + String(space) + "名称"
            #expect(TextCleaning.compact(text) == "指标名称", "U+\(String(space.value, radix: 16))")
        }
    }

    @Test func textsAreCompactedAsTheDefinitionSays() {
        var random = SeededRandom(seed: 3000)
        // CJK, ASCII, full-width punctuation sharing lead bytes with spaces (、：…), and spaces.
        let pieces = ["一级指标", "数量", "a", "1", "%", "、", "：", "，", "…", "“", "\u{FF01}", " ", "\t", "\u{3000}", "\u{A0}", "\u{2003}", "\u{FEFF}", "\r\n"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...12, using: &random)
            let text = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            #expect(TextCleaning.compact(text) == Self.expected(text), "\(text.debugDescription)")
        }
    }

    /// Evidence cells are cut at pairs of spaces as Foundation's `components(separatedBy:)` cuts
    /// them, though on the bytes.
    @Test func textIsCutAtPairsOfSpacesAsFoundationCutsIt() {
        var random = SeededRandom(seed: 2)
        let pieces = [" ", " ", "a", "指标", "\u{3000}", "\t", "1"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...14, using: &random)
            let text = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            let cut = MappingChoice.piecesBetweenDoubleSpaces(Substring(text)).map(String.init)
            #expect(cut == text.components(separatedBy: "  "), "\(text.debugDescription)")
        }
    }
}
