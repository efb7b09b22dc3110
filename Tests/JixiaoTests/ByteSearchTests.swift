import Testing
@testable import Jixiao

/// The byte search behind format recognition and the mapping's word lookups, against the plain
/// definition (some offset where every byte matches) on every short text over a small alphabet.
@Suite struct ByteSearchTests {
    /// Every string of `length` letters from "ab" (2^length of them).
    static func words(of length: Int) -> [String] {
        (0..<(1 << length)).map { bits in String((0..<length).map { bits >> $0 & 1 == 0 ? "a" : "b" }) }
    }

    static func naive(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func agreesWithThePlainDefinitionOnEveryShortText() {
        var found = 0
        for haystack in (0...7).flatMap(Self.words) {
            for needle in (0...4).flatMap(Self.words) {
                let expected = Self.naive(Array(haystack.utf8), Array(needle.utf8))
                #expect(haystack.containsBytes(of: needle) == expected, "\(needle) in \(haystack)")
                if expected { found += 1 }
            }
        }
        // Both answers were asked for often: the naive search says how often each is right.
        #expect(found > 1000 && found < 255 * 31 - 1000)
    }

    /// Texts longer than the sixteen-byte blocks the search compares at once: the needle at every
    /// offset of texts up to 80 bytes, among near misses that share its first two or three bytes.
    @Test func findsTheNeedleAtEveryOffsetOfLongerTexts() {
        let needle = Array("_x00".utf8)
        let filler = Array("_x0_".utf8)
        var checked = 0
        for length in needle.count...80 {
            let plain = (0..<length).map { filler[$0 % filler.count] }
            #expect(plain.withUnsafeBufferPointer { text in needle.withUnsafeBufferPointer { ByteSearch.contains(text, $0) } } == Self.naive(plain, needle))
            for offset in 0...(length - needle.count) {
                var text = plain
                text.replaceSubrange(offset..<(offset + needle.count), with: needle)
                let found = text.withUnsafeBufferPointer { text in needle.withUnsafeBufferPointer { ByteSearch.contains(text, $0) } }
                #expect(found, "offset \(offset) of \(length)")
                checked += 1
            }
        }
        #expect(checked == (4...80).reduce(0) { $0 + $1 - 3 })
    }

    @Test func comparesBytesNotCharacters() {
        #expect("年度目标：≥95%".containsBytes(of: "≥"))
        #expect("单位：万元".containsBytes(of: "万元"))
        #expect(!"单位：万元".containsBytes(of: "元万"))
        // "é" as one scalar and as e + combining accent are equal Characters but different bytes.
        #expect(!"caf\u{E9}".containsBytes(of: "e\u{301}"))
        #expect("".containsBytes(of: ""))
        #expect(!"".containsBytes(of: "a"))
    }
}
