import Foundation

/// One table as a reader recovered it: cells with their place (rows and columns counted from 1,
/// as in a sheet), spans and source. What every reader hands the interpreter, and what
/// `jixiao tables` shows so that anyone can see why a file reads as it does.
public struct RecoveredTable: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        public var row: Int
        public var column: Int
        public var rowSpan: Int
        public var columnSpan: Int
        public var text: String
        public var source: SourcePosition?
    }

    /// "lines 40–52" or a sheet's name.
    public var name: String
    public var source: SourcePosition
    /// How the reader found the cells ("one cell per line, 5 columns", "sheet with 3 merges").
    public var layout: String
    /// The cells in row order, left to right in a row. A sheet's cells are made from the sheet
    /// when asked for: use `forEachCell` to go through a large one without holding them all.
    public var cells: [Cell] {
        get {
            switch storage {
            case .cells(let cells): return cells
            case .sheet(let sheet):
                var cells: [Cell] = []
                cells.reserveCapacity(sheet.sheet.cells.count)
                sheet.forEachCell { cells.append($0) }
                return cells
            }
        }
        set { storage = .cells(newValue) }
    }

    public init(name: String, source: SourcePosition, layout: String, cells: [Cell]) {
        self.name = name
        self.source = source
        self.layout = layout
        storage = .cells(cells)
    }

    init(sheet: XLSXSheet, file: String?) {
        name = sheet.name
        source = SourcePosition(file: file, sheet: sheet.name, cell: nil)
        layout = sheet.hidden ? "hidden sheet, \(sheet.merges.count) merges" : "sheet, \(sheet.merges.count) merges"
        storage = .sheet(SheetTable(sheet: sheet, file: file))
    }

    /// Hands each cell to `body` in the order of `cells`.
    public func forEachCell(_ body: (Cell) throws -> Void) rethrows {
        switch storage {
        case .cells(let cells): try cells.forEach(body)
        case .sheet(let sheet): try sheet.forEachCell(body)
        }
    }

    /// Hands each row that has cells to `body`, top to bottom, its cells left to right.
    public func forEachRow(_ body: (_ row: Int, _ cells: [Cell]) throws -> Void) rethrows {
        switch storage {
        case .cells(let cells):
            let rows = Dictionary(grouping: cells, by: \.row)
            for row in rows.keys.sorted() { try body(row, rows[row]!.sorted { $0.column < $1.column }) }
        case .sheet(let sheet):
            // A sheet's cells come in row order already.
            var row: [Cell] = []
            try sheet.forEachCell { cell in
                if let first = row.first, first.row != cell.row {
                    try body(first.row, row)
                    row.removeAll(keepingCapacity: true)
                }
                row.append(cell)
            }
            if let first = row.first { try body(first.row, row) }
        }
    }

    public static func == (left: RecoveredTable, right: RecoveredTable) -> Bool {
        left.name == right.name && left.source == right.source && left.layout == right.layout && left.cells == right.cells
    }

    private enum Storage: Sendable {
        case cells([Cell])
        case sheet(SheetTable)
    }

    private var storage: Storage
}

/// A sheet's cells as a recovered table: a merged range's text in its first cell, spanning the
/// range, and the cells it covers left out.
private struct SheetTable: Sendable {
    let sheet: XLSXSheet
    let file: String?
    /// Spans by the first cell of each merge, and the cells merges cover.
    let spans: [Int: [Int: (rows: Int, columns: Int)]]
    let covered: Set<[Int]>

    init(sheet: XLSXSheet, file: String?) {
        self.sheet = sheet
        self.file = file
        var spans: [Int: [Int: (rows: Int, columns: Int)]] = [:]
        var covered = Set<[Int]>()
        for merge in sheet.merges {
            spans[merge.rows.lowerBound, default: [:]][merge.columns.lowerBound] = (merge.rows.count, merge.columns.count)
            for row in merge.rows {
                for column in merge.columns where row != merge.rows.lowerBound || column != merge.columns.lowerBound {
                    covered.insert([row, column])
                }
            }
        }
        self.spans = spans
        self.covered = covered
    }

    func forEachCell(_ body: (RecoveredTable.Cell) throws -> Void) rethrows {
        let checkCovered = !covered.isEmpty
        try sheet.cells.forEach { row, column, value in
            if checkCovered, covered.contains([row, column]) { return }
            let span = spans[row]?[column] ?? (1, 1)
            try body(.init(row: row + 1, column: column + 1, rowSpan: span.rows, columnSpan: span.columns, text: value.description,
                           source: sheet.position(file, row: row, column: column)))
        }
    }
}

/// The tables of any readable input: the text reader's recovered rows grouped into tables, or
/// every sheet of a workbook (hidden ones included) with its merges.
public enum TableRecovery {
    public static func tables(_ input: InputDocument, format: FileFormat, options: ReadOptions = ReadOptions()) throws -> [RecoveredTable] {
        switch format.name {
        case "text": return try textTables(input, options: options)
        case "xlsx": return try workbookTables(input)
        case "pdf":
            let (blocks, places) = try PDFFilingReader.blocks(of: input, options: options)
            return tables(of: blocks) { places.indices.contains($0 - 1) ? places[$0 - 1] : SourcePosition(file: input.name) }
        default:
            if let source = format.reader as? any StructuredDocumentSource {
                return StructuredDocumentReader.tables(try source.document(input), kind: source.tableKind)
            }
            throw JixiaoError("no-tables", ["format": format.name],
                              at: SourcePosition(file: input.name))
        }
    }

    /// The tables of the file at `path` ("-" for standard input) in `format` (nil: by its
    /// extension or content). A workbook is read from the file a part at a time, never loaded
    /// whole; anything else is loaded and read as `tables(_:format:options:)` reads it.
    public static func tables(fileAt path: String, format named: String?, options: ReadOptions = ReadOptions()) throws -> [RecoveredTable] {
        var tables: [RecoveredTable] = []
        try eachTable(fileAt: path, format: named, options: options) { tables.append($0) }
        return tables
    }

    /// The same, each table handed to `body` as it is read: a workbook's sheets one at a time, so
    /// that a caller done with each table holds no more than the sheet being read.
    public static func eachTable(fileAt path: String, format named: String?, options: ReadOptions = ReadOptions(),
                                 _ body: (RecoveredTable) throws -> Void) throws {
        if path != "-", (named.flatMap(FormatRegistry.format(named:)) ?? FormatRegistry.format(forPath: path))?.name == "xlsx" {
            try XLSXWorkbookReader.read(fileAt: path, file: path) { try body(RecoveredTable(sheet: $0, file: path)) }
            return
        }
        let document = try InputLoader.load(path)
        try tables(document, format: try Conversion.readerFormat(for: document, named: named), options: options).forEach(body)
    }

    static func textTables(_ input: InputDocument, options: ReadOptions) throws -> [RecoveredTable] {
        let (text, _) = try TextDecoding.decode(input.bytes, file: input.name)
        let lookup = try TextFilingReader.lookup(for: text, options: options)
        return tables(of: TextLayout.blocks(TextDecoding.lines(of: text), vocabulary: lookup)) { SourcePosition(file: input.name, line: $0) }
    }

    /// The rows of text blocks grouped into tables (a paragraph ends one); `position` places a line.
    static func tables(of blocks: [TextBlock], position: (Int) -> SourcePosition) -> [RecoveredTable] {
        var tables: [RecoveredTable] = []
        var rows: [TextRow] = []
        func close() {
            guard let first = rows.first, let last = rows.last else { return }
            var cells: [RecoveredTable.Cell] = []
            for (rowIndex, row) in rows.enumerated() {
                for (columnIndex, cell) in row.cells.enumerated() {
                    cells.append(.init(row: rowIndex + 1, column: columnIndex + 1, rowSpan: 1, columnSpan: 1, text: cell.text,
                                       source: position(cell.line)))
                }
            }
            let width = rows.map(\.cells.count).max() ?? 0
            // A PDF's lines are named by their page: "page 1, line 10 to page 2, line 5".
            let name = position(first.line).place.map { "\($0) to \(position(last.lastLine).place ?? "")" }
            tables.append(RecoveredTable(
                name: name ?? (first.line == last.lastLine ? "line \(first.line)" : "lines \(first.line)–\(last.lastLine)"),
                source: position(first.line),
                layout: first.recoveredAs?.text(in: .en) ?? "\(rows.count) rows, up to \(width) cells", cells: cells))
            rows = []
        }
        for block in blocks {
            if case .row(let row) = block { rows.append(row) } else { close() }
        }
        close()
        return tables
    }

    /// One table per sheet, each holding its sheet's cells as read (a few bytes a cell), not as
    /// `RecoveredTable.Cell`s, until they are asked for.
    static func workbookTables(_ input: InputDocument) throws -> [RecoveredTable] {
        try XLSXWorkbookReader.read(input.bytes, file: input.name).map { RecoveredTable(sheet: $0, file: input.name) }
    }
}
