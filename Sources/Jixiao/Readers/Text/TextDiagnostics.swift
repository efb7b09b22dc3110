/// Collects a text reader's repairs and unplaced content as positioned warnings.
struct TextDiagnostics {
    let file: String
    /// For rows read from a workbook: the sheet, and "lines" are its rows.
    let sheet: String?
    /// For rows read from a document with real tables (Word, HTML): the place each "line" stands
    /// for, from line 1 ("table 2, row 5, cell 3", "paragraph 7").
    let places: [SourcePosition]?
    private(set) var items: [Diagnostic] = []

    init(file: String, sheet: String? = nil, places: [SourcePosition]? = nil) {
        self.file = file
        self.sheet = sheet
        self.places = places
    }

    /// file:line, file:Sheet!A7 for a sheet's row 7, or the place in a document.
    func position(_ line: Int) -> SourcePosition {
        if let places { return places.indices.contains(line - 1) ? places[line - 1] : SourcePosition(file: file) }
        guard let sheet else { return SourcePosition(file: file, line: line) }
        return SourcePosition(file: file, sheet: sheet, cell: "A\(line)")
    }

    mutating func warn(_ id: String, _ message: String, line: Int, value: String? = nil) {
        items.append(Diagnostic(.warning, id, message, at: position(line), value: value))
    }

    /// A warning whose text is the message catalog's `key` (the id unless given), filled with `values`.
    mutating func warn(_ id: String, key: String? = nil, _ values: [String: String], line: Int, value: String? = nil) {
        items.append(Diagnostic(.warning, id, key: key, values, at: position(line), value: value))
    }

    /// A note whose text is the message catalog's `key` (the id unless given), filled with `values`.
    mutating func note(_ id: String, key: String? = nil, _ values: [String: String], line: Int, value: String? = nil) {
        items.append(Diagnostic(.info, id, key: key, values, at: position(line), value: value))
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
