import Foundation

/// Substring search on raw bytes. Foundation's `contains` folds each character cluster and
/// `Data`'s search goes byte by byte, both slow on long texts and whole files.
enum ByteSearch {
    /// Whether `needle` stands in `haystack` (an empty needle always does).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let word = needle.baseAddress, !needle.isEmpty else { return true }
        guard let text = haystack.baseAddress, haystack.count >= needle.count else { return false }
        let last = haystack.count - needle.count
        guard needle.count >= 2 else { return memchr(text, Int32(word[0]), haystack.count) != nil }
        // Sixteen candidates at a time, kept where the first two bytes match: a search for one
        // first byte stops at every '_' of a YAML text when looking for "_x".
        let first = SIMD16<UInt8>(repeating: word[0]), second = SIMD16<UInt8>(repeating: word[1])
        var start = 0
        while start + 16 <= last + 1 {
            let here = UnsafeRawPointer(text + start).loadUnaligned(as: SIMD16<UInt8>.self)
            let next = UnsafeRawPointer(text + start + 1).loadUnaligned(as: SIMD16<UInt8>.self)
            let candidates = (here .== first) .& (next .== second)
            if any(candidates) {
                for lane in 0..<16 where candidates[lane] && memcmp(text + start + lane, word, needle.count) == 0 { return true }
            }
            start += 16
        }
        while start <= last {
            if text[start] == word[0], memcmp(text + start, word, needle.count) == 0 { return true }
            start += 1
        }
        return false
    }
}

extension String {
    /// Whether `word` occurs in the text, compared byte for byte (`ByteSearch`).
    func containsBytes(of word: String) -> Bool {
        var haystack = self, needle = word
        return haystack.withUTF8 { text in needle.withUTF8 { ByteSearch.contains(text, $0) } }
    }
}
