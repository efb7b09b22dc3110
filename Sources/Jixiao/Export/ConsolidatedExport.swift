import Foundation

/// Writes every indicator of every filing as one row of one sheet, streaming: libxlsxwriter's
/// constant-memory mode flushes each row as it is written, so memory stays flat however many
/// filings pass through. Write to a temporary path and rename (see `AtomicFile`).
public final class ConsolidatedExport {
    private let layout: ExportLayout
    private let workbook: XLSXWorkbookWriter
    private let sheet: XLSXWorkbookWriter.Sheet
    public private(set) var rows = 0

    public init(layout: ExportLayout, path: String) throws {
        self.layout = layout
        workbook = try XLSXWorkbookWriter(path: path, constantMemory: true)
        sheet = try workbook.addSheet(layout.sheet)
        for (index, column) in layout.columns.enumerated() { sheet.setColumnWidth(index, column.width) }
        sheet.freezeRows(1)
        let headerStyle = XLSXCellStyle(bold: true, wrap: false, border: false, fill: 0xDDEBF7)
        for (index, column) in layout.columns.enumerated() {
            try sheet.write(.text(column.header), row: 0, column: index, style: headerStyle)
        }
    }

    /// Appends a filing's indicator rows, made ready (`ExportRows`) where it was read: only
    /// libxlsxwriter's work is left here.
    public func append(_ batch: ExportRows) throws {
        guard rows + batch.count < XLSXLimits.maximumRows else {
            throw JixiaoError("export-too-many-rows", key: "export-too-many-rows", ["limit": String(XLSXLimits.maximumRows - 1)])
        }
        try batch.texts.withUnsafeBytes { bytes in
            let texts = bytes.bindMemory(to: CChar.self)
            for cell in batch.cells {
                let row = rows + 1 + cell.row
                switch cell.value {
                case .text(let offset, let characters):
                    try sheet.writeBareText(texts.baseAddress! + offset, characters: characters, row: row, column: cell.column)
                case .number(let number):
                    try sheet.writeBareNumber(number, row: row, column: cell.column)
                }
            }
        }
        rows += batch.count
    }

    public func close() throws {
        if layout.columns.count > 0 { sheet.autofilter(lastRow: rows, lastColumn: layout.columns.count - 1) }
        try workbook.close()
    }
}

/// One filing's export rows, worked out where the filing was read: the cells' texts one after
/// another as C strings, numbers as doubles. The writing thread then only hands pointers to
/// libxlsxwriter, and the filing's many small objects are made and freed on the reading thread.
public struct ExportRows: Sendable {
    enum Value: Sendable {
        /// Where the text starts in `texts`, and its length in UTF-16 units if over a cell's
        /// limit (else 0: most texts are checked by their byte count alone).
        case text(offset: Int, characters: Int)
        case number(Double)
    }

    struct Cell: Sendable {
        var row: Int
        var column: Int
        var value: Value
    }

    /// Indicator rows.
    public let count: Int
    var texts: [UInt8] = []
    var cells: [Cell] = []

    public init(_ filing: Filing, layout: ExportLayout) {
        count = filing.indicators.count
        let shared = layout.filingCells(of: filing)
        for (row, indicator) in filing.indicators.enumerated() {
            for column in layout.columns.indices {
                guard let cell = layout.cell(column, of: indicator, filingCells: shared) else { continue }
                switch cell {
                case .text(let text):
                    let offset = texts.count
                    texts.append(contentsOf: text.utf8)
                    texts.append(0)
                    let characters = text.utf8.count > XLSXLimits.maximumCellCharacters ? text.utf16.count : 0
                    cells.append(Cell(row: row, column: column, value: .text(offset: offset, characters: characters)))
                case .number(let number):
                    cells.append(Cell(row: row, column: column, value: .number(CanonicalNumber.double(number))))
                }
            }
        }
    }
}
