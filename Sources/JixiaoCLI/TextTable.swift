import Foundation

/// Plain-text tables whose columns line up in a terminal, where CJK characters take two cells.
enum Table {
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The text cut to `limit` cells, with … where it was cut; one line only.
    static func clip(_ text: String, to limit: Int) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        guard width(line) > limit else { return line }
        var result = ""
        for character in line {
            if width(result + String(character)) > limit - 1 { break }
            result.append(character)
        }
        return result + "…"
    }

    /// Every column padded to its widest cell; the last column is left as it is.
    static func print(_ rows: [[String]], indent: String = "") {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns - 1 { widths[index] = max(widths[index], width(cell)) }
        }
        for row in rows {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - width(cell) + 2)
            }.joined()
            Swift.print(indent + line)
        }
    }
}
