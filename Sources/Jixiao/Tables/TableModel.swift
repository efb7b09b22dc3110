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
    public var cells: [Cell]
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
            throw JixiaoError("no-tables", "\(format.name) input holds no tables to recover; `jixiao tables` reads text, XLSX and documents with tables",
                              at: SourcePosition(file: input.name))
        }
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
                layout: first.recoveredAs ?? "\(rows.count) rows, up to \(width) cells", cells: cells))
            rows = []
        }
        for block in blocks {
            if case .row(let row) = block { rows.append(row) } else { close() }
        }
        close()
        return tables
    }

    static func workbookTables(_ input: InputDocument) throws -> [RecoveredTable] {
        try XLSXWorkbookReader.read(input.bytes, file: input.name).map { sheet in
            var covered: [Int: [Int: (rows: Int, columns: Int)]] = [:]
            var hiddenByMerge = Set<[Int]>()
            for merge in sheet.merges {
                covered[merge.rows.lowerBound, default: [:]][merge.columns.lowerBound] = (merge.rows.count, merge.columns.count)
                for row in merge.rows {
                    for column in merge.columns where row != merge.rows.lowerBound || column != merge.columns.lowerBound {
                        hiddenByMerge.insert([row, column])
                    }
                }
            }
            var cells: [RecoveredTable.Cell] = []
            for row in sheet.rowNumbers {
                for column in (sheet.cells[row] ?? [:]).keys.sorted() where !hiddenByMerge.contains([row, column]) {
                    let span = covered[row]?[column] ?? (1, 1)
                    cells.append(.init(row: row + 1, column: column + 1, rowSpan: span.rows, columnSpan: span.columns,
                                       text: sheet.cells[row]![column]!.description,
                                       source: sheet.position(input.name, row: row, column: column)))
                }
            }
            return RecoveredTable(name: sheet.name, source: SourcePosition(file: input.name, sheet: sheet.name, cell: nil),
                                  layout: sheet.hidden ? "hidden sheet, \(sheet.merges.count) merges" : "sheet, \(sheet.merges.count) merges",
                                  cells: cells)
        }
    }
}
