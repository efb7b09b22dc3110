/// Where something came from: `file:line[:column]` in a text, `file:Sheet!Cell` in a workbook, or
/// `file:table 2, row 5, cell 3` (`file:paragraph 7`) in a document whose tables have real cells,
/// `file:page 3, line 12` in a PDF.
/// Written in canonical YAML as that one string.
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var sheet: String?
    public var cell: String?
    /// A place in a Word document or web page ("table 2, row 5, cell 3", "paragraph 7") or a PDF ("page 3, line 12").
    public var place: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, sheet: String? = nil, cell: String? = nil, place: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cell = cell
        self.place = place
    }

    /// The words a document place starts with, which tell it apart from a file name's own ':'.
    private static let placeKinds = ["table ", "paragraph ", "page "]

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let place {
            parts.append(place)
        } else if let sheet, let cell {
            parts.append("\(sheet)!\(cell)")
        } else if let line {
            parts.append(String(line))
            if let column { parts.append(String(column)) }
        }
        return parts.joined(separator: ":")
    }

    /// Parses the form `description` writes. Sheet names cannot hold ':' in XLSX, so a last
    /// ':'-separated part holding '!' is a cell reference; up to two trailing numbers are line
    /// and column. (Index-based: positions are parsed for every indicator of every filing read.)
    public init(parsing text: String) {
        var bytes = text
        self = bytes.withUTF8 { Self.parse($0, text: text) }
    }

    /// The parse on the bytes: ':' and '!' are ASCII, so every cut falls between characters.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, text: String) -> SourcePosition {
        func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        let colon = UInt8(ascii: ":")
        let lastColon = bytes.lastIndex(of: colon)
        let tail = (lastColon.map { $0 + 1 } ?? 0)..<bytes.count
        // A place ("table 2, row 5, cell 3") may hold ',' but never ':'.
        if let lastColon, placeKinds.contains(where: { bytes[tail].starts(with: $0.utf8) }) {
            let place = string(tail)
            if placeKinds.contains(where: { place.hasPrefix($0) }), place.last?.isNumber == true {
                return SourcePosition(file: string(0..<lastColon), place: place)
            }
        }
        if let bang = bytes[tail].lastIndex(of: UInt8(ascii: "!")) {
            return SourcePosition(file: lastColon.map { string(0..<$0) }, sheet: string(tail.lowerBound..<bang), cell: string((bang + 1)..<bytes.count))
        }
        guard lastColon != nil else {
            if let line = Int(text) { return SourcePosition(line: line) }
            return SourcePosition(file: text.isEmpty ? nil : text)
        }
        var end = bytes.count
        var numbers: [Int] = []
        while numbers.count < 2, let colon = bytes[..<end].lastIndex(of: colon) {
            let part = (colon + 1)..<end
            guard bytes[part].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(string(part)) else { break }
            numbers.insert(number, at: 0)
            end = colon
        }
        return SourcePosition(file: end == 0 ? nil : string(0..<end), line: numbers.first, column: numbers.count > 1 ? numbers[1] : nil)
    }
}
