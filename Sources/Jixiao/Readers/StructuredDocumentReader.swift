import Foundation

/// A reader whose input has real tables (Word, HTML): it says where the cells are, and
/// `StructuredDocumentReader` reads their meaning and shows them in `jixiao tables`.
protocol StructuredDocumentSource: FilingReader {
    /// What the tables of this kind are called in `jixiao tables` ("Word table").
    var tableKind: String { get }
    func document(_ input: InputDocument) throws -> StructuredDocument
}

extension StructuredDocumentSource {
    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        try StructuredDocumentReader.read(try document(input), options: options)
    }
}

/// Reads the filings of a structured document through the same interpreter as text and sheets:
/// each table row is a row of cells in their grid columns (a merged cell's text in its first
/// slot, the slots it covers empty, so level names carry down as in text), each paragraph a
/// paragraph. Layout tables (a table holding tables and no indicator header of its own) are
/// opened up, so that the innermost table holding the indicators is read as the table.
enum StructuredDocumentReader {
    static func read(_ document: StructuredDocument, options: ReadOptions) throws -> ReadResult {
        let choice = try TextFilingReader.choice(for: lines(of: document), options: options)
        var flat = Flattened(lookup: choice.lookup)
        flat.add(document.blocks)
        var assembler = TextFilingAssembler(lookup: choice.lookup, file: document.name, places: flat.places)
        var blocks = flat.blocks
        let filings = assembler.read(&blocks)
        var diagnostics = assembler.log.takeItems()
        diagnostics.insert(contentsOf: document.notes + [choice.diagnostic(at: SourcePosition(file: document.name))], at: 0)
        let nearest = flat.firstTable.map { (word: "nearest-table-number", place: String($0.number)) }
        try TextFilingReader.requireIndicators(filings, lookup: choice.lookup, nearest: nearest,
                                               at: flat.firstTable?.source ?? SourcePosition(file: document.name), diagnostics: &diagnostics)
        return ReadResult(filings: filings, diagnostics: diagnostics)
    }

    /// Every table of the document, nested ones included, in the order they start.
    static func tables(_ document: StructuredDocument, kind: String) -> [RecoveredTable] {
        var found: [RecoveredTable] = []
        func visit(_ blocks: [StructuredDocument.Block]) {
            for case .table(let table) in blocks {
                let place = table.container.map { ", nested in \($0.place ?? $0.description)" } ?? ""
                found.append(RecoveredTable(
                    name: "table \(table.number)", source: table.source,
                    layout: "\(kind)\(place), \(table.rowCount) rows, \(table.mergeCount) merges",
                    cells: table.cells.map { cell in
                        RecoveredTable.Cell(row: cell.row, column: cell.column, rowSpan: cell.rowSpan, columnSpan: cell.columnSpan,
                                            text: cell.text, source: cell.source)
                    }))
                for cell in table.cells { visit(cell.content) }
            }
        }
        // Depth first, a table before those nested in it: the order tables start in.
        visit(document.blocks)
        return found
    }

    /// The document's text as lines, for choosing a mapping: paragraphs, and each table row as
    /// its cells' texts separated by tabs.
    static func lines(of document: StructuredDocument) -> [String] {
        var lines: [String] = []
        func visit(_ blocks: [StructuredDocument.Block]) {
            for block in blocks {
                switch block {
                case .paragraph(let text, _):
                    lines += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                case .table(let table):
                    var rows: [Int: [String]] = [:]
                    for cell in table.cells { rows[cell.row, default: []].append(cell.paragraphs.joined()) }
                    lines += rows.keys.sorted().map { rows[$0]!.joined(separator: "\t") }
                    for cell in table.cells { visit(cell.nestedTables.map(StructuredDocument.Block.table)) }
                }
            }
        }
        visit(document.blocks)
        return lines
    }

    /// The blocks as the interpreter reads them, with the place each "line" stands for.
    private struct Flattened {
        let lookup: MappingLookup
        var blocks: [TextBlock] = []
        var places: [SourcePosition] = []
        var firstTable: DocumentTable?

        init(lookup: MappingLookup) {
            self.lookup = lookup
        }

        mutating func line(for place: SourcePosition) -> Int {
            places.append(place)
            return places.count
        }

        mutating func add(_ content: [StructuredDocument.Block]) {
            for block in content {
                switch block {
                case .paragraph(let text, let place):
                    // A line break in a paragraph ends a line, as in text extracted from it.
                    for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
                        blocks.append(.paragraph(String(part), line: line(for: place)))
                    }
                case .table(let table):
                    if isLayoutTable(table) {
                        for cell in table.cells.sorted(by: { ($0.row, $0.column) < ($1.row, $1.column) }) { add(cell.content) }
                    } else {
                        addRows(of: table)
                        for cell in table.cells { add(cell.nestedTables.map(StructuredDocument.Block.table)) }
                    }
                }
            }
        }

        /// A table that holds tables and no row of column headers the mapping knows: page layout.
        private func isLayoutTable(_ table: DocumentTable) -> Bool {
            guard table.cells.contains(where: { !$0.nestedTables.isEmpty }) else { return false }
            let headersByRow = Dictionary(grouping: table.cells.filter { lookup.headerRole($0.paragraphs.joined()) != nil }, by: \.row)
            return !headersByRow.values.contains { $0.count >= 3 }
        }

        private mutating func addRows(of table: DocumentTable) {
            if firstTable == nil { firstTable = table }
            var origins: [Int: [Int: DocumentTable.Cell]] = [:]
            for cell in table.cells { origins[cell.row, default: [:]][cell.column] = cell }
            for row in 1...max(table.rowCount, 1) {
                let starts = origins[row] ?? [:]
                // Trailing empty slots are padding; a row of nothing but empty slots is no row.
                guard let width = starts.filter({ !$0.value.paragraphs.allSatisfy(TextCleaning.isBlank) }).keys.max() else { continue }
                let rowLine = line(for: SourcePosition(file: table.source.file, place: "\(table.source.place ?? "table \(table.number)"), row \(row)"))
                var cells: [TextCell] = []
                for column in 1...width {
                    guard let origin = starts[column] else {
                        // A slot a merged cell covers, or none: the row's place is enough for it.
                        cells.append(TextCell("", line: rowLine))
                        continue
                    }
                    var cell = TextCell("", line: line(for: origin.source))
                    if !origin.paragraphs.isEmpty { cell.parts = origin.paragraphs }
                    cells.append(cell)
                }
                var textRow = TextRow(cells: cells, line: rowLine, lastLine: places.count, layout: .rowPerLine)
                textRow.isLaidOut = true
                blocks.append(.row(textRow))
            }
        }
    }
}
