/// Collects a text reader's repairs and unplaced content as positioned warnings.
struct TextDiagnostics {
    let file: String
    /// For rows read from a workbook: the sheet, and "lines" are its rows.
    let sheet: String?
    private(set) var items: [Diagnostic] = []

    init(file: String, sheet: String? = nil) {
        self.file = file
        self.sheet = sheet
    }

    /// file:line, or file:Sheet!A7 for a sheet's row 7.
    func position(_ line: Int) -> SourcePosition {
        guard let sheet else { return SourcePosition(file: file, line: line) }
        return SourcePosition(file: file, sheet: sheet, cell: "A\(line)")
    }

    mutating func warn(_ id: String, _ message: String, line: Int, value: String? = nil) {
        items.append(Diagnostic(.warning, id, message, at: position(line), value: value))
    }

    /// The findings, moved out (this collector is left empty).
    mutating func takeItems() -> [Diagnostic] {
        defer { items = [] }
        return items
    }

    mutating func append(_ other: TextDiagnostics) {
        items += other.items
    }

    mutating func note(_ id: String, _ message: String, line: Int, value: String? = nil) {
        items.append(Diagnostic(.info, id, message, at: position(line), value: value))
    }
}
