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
        // On the UTF-8 view: ':' and '!' are ASCII, so byte positions are character boundaries.
        let lastColon = text.utf8.lastIndex(of: UInt8(ascii: ":"))
        let tail = lastColon.map { text[text.index(after: $0)...] } ?? text[...]
        // A place ("table 2, row 5, cell 3") may hold ',' but never ':'.
        if let lastColon, Self.placeKinds.contains(where: { tail.hasPrefix($0) }), tail.last?.isNumber == true {
            self.init(file: String(text[..<lastColon]), place: String(tail))
            return
        }
        if let bang = tail.utf8.lastIndex(of: UInt8(ascii: "!")) {
            self.init(
                file: lastColon.map { String(text[..<$0]) }, sheet: String(tail[..<bang]),
                cell: String(tail[tail.index(after: bang)...]))
            return
        }
        guard lastColon != nil else {
            if let line = Int(text) { self.init(line: line) } else { self.init(file: text.isEmpty ? nil : text) }
            return
        }
        var end = text.endIndex
        var numbers: [Int] = []
        while numbers.count < 2, let colon = text[..<end].utf8.lastIndex(of: UInt8(ascii: ":")) {
            let part = text[text.index(after: colon)..<end]
            guard part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(part) else { break }
            numbers.insert(number, at: 0)
            end = colon
        }
        let file = String(text[..<end])
        self.init(file: file.isEmpty ? nil : file, line: numbers.first, column: numbers.count > 1 ? numbers[1] : nil)
    }
}
