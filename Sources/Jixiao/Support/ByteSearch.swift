import Foundation

/// Substring search on raw bytes: memchr to each candidate first byte, then memcmp. Foundation's
/// `contains` folds each character cluster and `Data`'s search goes byte by byte, both slow on
/// long texts and whole files.
enum ByteSearch {
    /// Whether `needle` stands in `haystack` (an empty needle always does).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let word = needle.baseAddress, !needle.isEmpty else { return true }
        guard var start = haystack.baseAddress else { return false }
        var remaining = haystack.count
        while remaining >= needle.count {
            guard let hit = memchr(start, Int32(word[0]), remaining - needle.count + 1) else { return false }
            let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(candidate, word, needle.count) == 0 { return true }
            let skipped = candidate - start + 1
            start += skipped
            remaining -= skipped
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
