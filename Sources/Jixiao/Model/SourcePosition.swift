/// Where something came from: `file:line[:column]` in a text, or `file:Sheet!Cell` in a workbook.
/// Written in canonical YAML as that one string.
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var sheet: String?
    public var cell: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, sheet: String? = nil, cell: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cell = cell
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let sheet, let cell {
            parts.append("\(sheet)!\(cell)")
        } else if let line {
            parts.append(String(line))
            if let column { parts.append(String(column)) }
        }
        return parts.joined(separator: ":")
    }

    /// Parses the form `description` writes. Sheet names cannot hold ':' in XLSX, so the last
    /// ':'-separated part holding '!' is a cell reference; trailing numbers are line and column.
    public init(parsing text: String) {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let last = parts.last, let bang = last.lastIndex(of: "!"), parts.count >= 1 {
            self.init(
                file: parts.count > 1 ? parts.dropLast().joined(separator: ":") : nil,
                sheet: String(last[..<bang]), cell: String(last[last.index(after: bang)...]))
            return
        }
        var numbers: [Int] = []
        if parts.count == 1, let line = Int(parts[0]) {
            self.init(line: line)
            return
        }
        while parts.count > 1, numbers.count < 2, let last = parts.last, let number = Int(last), number >= 0,
              last.allSatisfy(\.isASCII) {
            numbers.insert(number, at: 0)
            parts.removeLast()
        }
        let file = parts.joined(separator: ":")
        self.init(
            file: file.isEmpty ? nil : file,
            line: numbers.first, column: numbers.count > 1 ? numbers[1] : nil)
    }
}
