/// A document whose tables have real cells (a Word document, a web page): paragraphs and tables
/// in reading order, before any meaning is read into them. The DOCX and HTML readers make it;
/// `StructuredDocumentReader` hands it to the one interpreter and to `jixiao tables`.
struct StructuredDocument: Sendable {
    enum Block: Sendable {
        case paragraph(String, SourcePosition)
        case table(DocumentTable)
    }

    var name: String
    var blocks: [Block]
    /// What the reader noted about the whole document (a charset it had to guess).
    var notes: [Diagnostic] = []
}

/// One table: its cells placed on a grid (rows and columns from 1), each with its spans.
struct DocumentTable: Sendable {
    struct Cell: Sendable {
        var row: Int
        var column: Int
        var rowSpan: Int
        var columnSpan: Int
        /// The cell's paragraphs and the tables nested in it, in order.
        var content: [StructuredDocument.Block]
        var source: SourcePosition

        /// The paragraphs directly in the cell (not those of nested tables).
        var paragraphs: [String] {
            content.compactMap { if case .paragraph(let text, _) = $0 { text } else { nil } }
        }

        /// The cell's text: its paragraphs, one per line, as Word and browsers show them.
        var text: String { paragraphs.joined(separator: "\n") }

        var nestedTables: [DocumentTable] {
            content.compactMap { if case .table(let table) = $0 { table } else { nil } }
        }
    }

    /// The table's number in the document, counting nested tables in the order they start.
    var number: Int
    var source: SourcePosition
    var rowCount: Int
    var cells: [Cell]
    /// Where the table sits when it is nested ("table 1, row 2, cell 1").
    var container: SourcePosition?

    var columnCount: Int { cells.map { $0.column + $0.columnSpan - 1 }.max() ?? 0 }
    var mergeCount: Int { cells.filter { $0.rowSpan > 1 || $0.columnSpan > 1 }.count }
}

/// Bounds kept against hostile documents: a filing has a few tables of a few hundred cells.
enum DocumentLimits {
    static let maximumCells = 200_000
    /// Tables in tables: layout tables of web pages go a few deep, never dozens.
    static let maximumTableDepth = 64
    /// The bounds browsers keep (the HTML table algorithm): wider spans are clamped.
    static let maximumColumnSpan = 1_000
    static let maximumRowSpan = 65_534
    /// Slots of one table's grid, rows times columns: a filing's table has a few thousand.
    static let maximumSlots = 1_000_000
}

/// Places cells on a table's grid as the HTML table algorithm does: each cell takes the next
/// slot of its row not covered by a cell above it, row spans cover the rows below, and spans
/// running past the last row are cut there. Word's vertical merges grow the cell above instead.
struct DocumentTableBuilder {
    let number: Int
    let source: SourcePosition
    /// The cell the table is nested in.
    let container: SourcePosition?
    private(set) var cells: [DocumentTable.Cell] = []
    /// Per column (from 0), the first row (from 0) a cell above does not cover.
    private var coveredUntil: [Int] = []
    private var row = -1
    private var column = 0
    /// The cells the current row has begun, as written (merged-away ones too).
    private var cellsBegun = 0
    /// Whether a cell has begun and is not yet placed.
    private(set) var cellOpen = false

    init(number: Int, file: String?, container: SourcePosition?) {
        self.number = number
        self.source = SourcePosition(file: file, place: "table \(number)")
        self.container = container
    }

    mutating func startRow() {
        row += 1
        column = 0
        cellsBegun = 0
    }

    /// A cell element begins: it is counted, for the place of what it holds.
    mutating func beginCell() {
        if row < 0 { startRow() }
        cellsBegun += 1
        cellOpen = true
    }

    /// Where the current cell is, as written: "table 2, row 5, cell 3".
    var cellPlace: SourcePosition {
        SourcePosition(file: source.file, place: "table \(number), row \(max(row + 1, 1)), cell \(max(cellsBegun, 1))")
    }

    /// Leaves slots empty, as Word's `gridBefore` does at a row's start.
    mutating func skipColumns(_ count: Int) {
        column += max(0, min(count, DocumentLimits.maximumColumnSpan))
    }

    /// Places a cell at the row's next free slot. A row span of 0 reaches the table's last row.
    mutating func place(_ content: [StructuredDocument.Block], columnSpan: Int, rowSpan: Int) throws {
        if row < 0 { startRow() }
        cellOpen = false
        let source = cellPlace
        while column < coveredUntil.count, coveredUntil[column] > row { column += 1 }
        let columnSpan = max(1, min(columnSpan, DocumentLimits.maximumColumnSpan))
        let rowSpan = max(0, min(rowSpan, DocumentLimits.maximumRowSpan))
        guard cells.count < DocumentLimits.maximumCells else {
            throw JixiaoError("document-too-large", key: "table-too-many-cells", ["table": String(number), "limit": String(DocumentLimits.maximumCells)], at: source)
        }
        guard column + columnSpan <= DocumentLimits.maximumColumnSpan * 4 else {
            throw JixiaoError("document-too-large", key: "table-too-wide", ["table": String(number), "limit": String(DocumentLimits.maximumColumnSpan * 4)], at: source)
        }
        if coveredUntil.count < column + columnSpan { coveredUntil += Array(repeating: 0, count: column + columnSpan - coveredUntil.count) }
        let reach = rowSpan == 0 ? Int.max : row + rowSpan
        for covered in column..<(column + columnSpan) { coveredUntil[covered] = reach }
        cells.append(DocumentTable.Cell(row: row + 1, column: column + 1, rowSpan: rowSpan, columnSpan: columnSpan, content: content, source: source))
        column += columnSpan
    }

    /// Continues the cell above at the row's next slot one row down (Word's `vMerge` without
    /// "restart"), its text added to that cell's; false when no cell above starts in this column.
    mutating func continueCellAbove(_ content: [StructuredDocument.Block], columnSpan: Int) -> Bool {
        cellOpen = false
        guard let above = cells.lastIndex(where: { $0.column == column + 1 && $0.row + $0.rowSpan == row + 1 }) else { return false }
        cells[above].rowSpan += 1
        if content.contains(where: { if case .paragraph(let text, _) = $0 { !text.isEmpty } else { true } }) {
            cells[above].content += content
        }
        let span = cells[above].columnSpan
        for covered in column..<min(column + span, coveredUntil.count) { coveredUntil[covered] = row + 1 }
        column += max(span, columnSpan)
        return true
    }

    /// Continues the cell to the left (Word's legacy `hMerge`); false when the row has none.
    mutating func continueCellLeft(_ content: [StructuredDocument.Block]) -> Bool {
        cellOpen = false
        guard let left = cells.indices.last, cells[left].row == row + 1, cells[left].column + cells[left].columnSpan == column + 1 else { return false }
        cells[left].columnSpan += 1
        if coveredUntil.count <= column { coveredUntil.append(0) }
        coveredUntil[column] = row + 1
        column += 1
        return true
    }

    /// The table, with row spans cut at its last row.
    func finish() throws -> DocumentTable {
        let rowCount = row + 1
        var table = DocumentTable(number: number, source: source, rowCount: rowCount, cells: cells, container: container)
        for index in table.cells.indices {
            let cell = table.cells[index]
            let remaining = rowCount - cell.row + 1
            if cell.rowSpan == 0 || cell.rowSpan > remaining { table.cells[index].rowSpan = remaining }
        }
        guard rowCount * table.columnCount <= DocumentLimits.maximumSlots else {
            throw JixiaoError("document-too-large", key: "table-too-large", ["table": String(number), "rows": String(rowCount), "columns": String(table.columnCount)], at: source)
        }
        return table
    }
}
