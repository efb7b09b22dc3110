/// Limits of the file format, and the bounds the reader keeps against hostile files.
enum XLSXLimits {
    static let maximumCellCharacters = 32_767
    static let maximumRows = 1_048_576
    static let maximumColumns = 16_384
    /// The uncompressed size of one part the reader accepts: a filing's sheet is well under 1 MB,
    /// a full 1,048,576-row sheet of one column about 50 MB.
    static let maximumPartBytes = 128 << 20
    /// All parts together, against zip bombs made of many entries.
    static let maximumTotalBytes = 256 << 20
    /// Non-empty cells in one sheet; a filing has hundreds. Three to a row of a full sheet, about
    /// what the part size allows there; the reader keeps some 30 bytes a cell beside its text.
    static let maximumCells = 3 * maximumRows

    static let package = OfficePackage.Kind(
        id: "xlsx", noun: "an XLSX workbook", fileNoun: "an XLSX file",
        maximumPartBytes: maximumPartBytes, maximumTotalBytes: maximumTotalBytes)
}

/// A1-style cell names: column letters and a 1-based row number.
enum XLSXCellReference {
    static func name(row: Int, column: Int) -> String { columnName(column) + String(row + 1) }

    static func columnName(_ column: Int) -> String {
        var number = column + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }

    /// "B12" -> (row 11, column 1); nil for anything else or beyond the sheet's bounds.
    static func parse(_ text: some Collection<UInt8>) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text {
            switch byte {
            case 65...90, 97...122:
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int((byte & 0xDF) - 64)
                letters += 1
            case 48...57:
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(byte - 48)
                digits += 1
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, (1...XLSXLimits.maximumRows).contains(row), (1...XLSXLimits.maximumColumns).contains(column) else { return nil }
        return (row - 1, column - 1)
    }
}
