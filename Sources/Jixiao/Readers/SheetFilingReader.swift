import Foundation

/// Reads the filings of a workbook sheet no template describes, through the same interpreter as
/// text: each sheet row is a table row with its cells in their columns; a merged range's text
/// stands in its first cell and the cells it covers are empty, so level names carry down as
/// they do in text.
enum SheetFilingReader {
    /// The sheet's rows as the interpreter reads them ("lines" are sheet rows, from 1).
    static func blocks(_ sheet: XLSXSheet) -> [TextBlock] {
        let width = (sheet.cells.lastColumn ?? -1) + 1
        let rows = sheet.cellsByRow()
        return sheet.rowNumbers.compactMap { row in
            let values = rows[row] ?? [:]
            guard values.values.contains(where: { !$0.isBlank }) else { return nil }
            var cells = (0..<width).map { column in TextCell(values[column]?.description ?? "", line: row + 1) }
            while cells.last?.isBlank == true { cells.removeLast() }
            var text = TextRow(cells: cells, line: row + 1, lastLine: row + 1, layout: .rowPerLine)
            text.isLaidOut = true
            return .row(text)
        }
    }

    /// All text of a sheet, for choosing a mapping.
    static func text(_ sheet: XLSXSheet) -> String {
        let rows = sheet.cellsByRow()
        return sheet.rowNumbers.map { row in (rows[row] ?? [:]).sorted { $0.key < $1.key }.map(\.value.description).joined(separator: "\t") }
            .joined(separator: "\n")
    }

    static func read(_ sheet: XLSXSheet, file: String, options: ReadOptions) throws -> ReadResult {
        let lookup = try TextFilingReader.lookup(for: text(sheet), options: options)
        var assembler = TextFilingAssembler(lookup: lookup, file: file, sheet: sheet.name)
        var rows = blocks(sheet)
        let filings = assembler.read(&rows)
        return ReadResult(filings: filings, diagnostics: assembler.log.items)
    }
}
