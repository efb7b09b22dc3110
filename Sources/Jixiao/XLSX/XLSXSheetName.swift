import Foundation

/// Sheet names as Excel takes them: 1 to 31 characters (UTF-16 units), none of : \ / ? * [ ],
/// no apostrophe at either end, unique without regard to case, and not `History` (Excel's own).
enum XLSXSheetName {
    static let maximumLength = 31
    static let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]

    static func isValid(_ name: String) -> Bool {
        (1...maximumLength).contains(name.utf16.count) && !name.contains(where: forbidden.contains)
            && name.first != "'" && name.last != "'"
    }

    /// The text made into a name: forbidden characters and line breaks left out, blanks at the
    /// ends and apostrophes there dropped, cut to 31 UTF-16 units without splitting a character.
    /// Empty when nothing is left.
    static func cleaned(_ text: String) -> String {
        var name = String(text.filter { !forbidden.contains($0) }.map { $0.isNewline ? " " : $0 })
        name = name.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "'")))
        return cut(name, to: maximumLength)
    }

    /// At most `length` UTF-16 units, whole characters, no blank or apostrophe left at the end.
    static func cut(_ text: String, to length: Int) -> String {
        guard text.utf16.count > length else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > length { break }
            result.append(character)
            used += size
        }
        while let last = result.last, last.isWhitespace || last == "'" { result.removeLast() }
        return result
    }

    /// Hands out names unique in one workbook (without regard to case): a name already taken
    /// gets (2), (3) ... within the length limit.
    struct Claims {
        private var taken: Set<String>

        /// `reserved`: names other sheets of the workbook use.
        init(reserved: [String] = []) {
            taken = Set((reserved + ["History"]).map { $0.lowercased() })
        }

        mutating func claim(_ wanted: String) -> String {
            var name = wanted
            var number = 2
            while taken.contains(name.lowercased()) {
                let suffix = "(\(number))"
                name = XLSXSheetName.cut(wanted, to: XLSXSheetName.maximumLength - suffix.utf16.count) + suffix
                number += 1
            }
            taken.insert(name.lowercased())
            return name
        }
    }
}
