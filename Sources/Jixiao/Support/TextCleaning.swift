import Foundation

/// Whitespace, placeholders and headings as extracted text writes them.
enum TextCleaning {
    /// Trims ASCII and full-width spaces (U+3000), no-break spaces and tabs.
    /// (Swift-native: this runs for every cell and line, where Foundation's trimming bridges.)
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// Unicode white space (spaces of every width, tabs, line breaks) and the byte-order mark.
    /// The White_Space list written out: a property lookup per character was a tenth of the
    /// time spent reading a long text.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isSpace)
    }

    /// Every kind of space removed: how headers and labels are compared.
    static func compact(_ text: String) -> String {
        // Every space's UTF-8 encoding holds one of a few bytes that no CJK character has: a
        // text without any of them has no space and is kept as it is, not rebuilt scalar by
        // scalar (this runs for every cell against every mapping).
        if !text.utf8.contains(where: mayStartSpace) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isSpace($0) }))
    }

    /// Whether a UTF-8 byte can begin one of `isSpace`'s scalars: 09-0D and 20, or the lead
    /// byte of U+0085 and U+00A0 (C2), U+1680 (E1), U+2000-205F (E2), U+3000 (E3), U+FEFF (EF).
    private static func mayStartSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0xC2 || (0xE1...0xE3).contains(byte) || byte == 0xEF
    }

    /// Word bookmarks left in the text by some converters: "[bookmark: _Toc_4_4_0000000004]".
    static func removingBookmarks(_ text: String) -> String {
        guard text.containsBytes(of: "[bookmark:") else { return text }
        return text.replacingMatches(of: "\\[bookmark: [^\\]]*\\]", with: "")
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
            || (0xF900...0xFAFF).contains(scalar.value)
    }

    /// Removes spaces that PDF extraction puts inside Chinese words ("模 范", "1 次", "合 计"): a
    /// run of spaces (ASCII, no-break or full-width) between two CJK characters, or between a
    /// digit and a CJK character.
    static func removingSpacesInWords(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        let isSpace = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\u{A0}" || scalar == "\u{3000}" }
        while index < scalars.count {
            guard isSpace(scalars[index]) else {
                result.append(scalars[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isSpace(scalars[end]) { end += 1 }
            let before = index > 0 ? scalars[index - 1] : nil
            let after = end < scalars.count ? scalars[end] : nil
            let isDigit = { (scalar: Unicode.Scalar) in ("0"..."9").contains(scalar) }
            if let before, let after,
               (isCJK(before) || isDigit(before)) && isCJK(after) || isCJK(before) && isDigit(after) {
                index = end
                continue
            }
            result.append(contentsOf: scalars[index..<end])
            index = end
        }
        return String(result)
    }
}
