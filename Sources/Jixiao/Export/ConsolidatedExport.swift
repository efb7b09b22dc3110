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

    /// Appends the filing's indicator rows.
    public func append(_ filing: Filing) throws {
        let shared = layout.filingCells(of: filing)
        for indicator in filing.indicators {
            rows += 1
            guard rows < XLSXLimits.maximumRows else {
                throw JixiaoError("export-too-many-rows", "more than \(XLSXLimits.maximumRows - 1) indicator rows do not fit one sheet")
            }
            for column in layout.columns.indices {
                guard let cell = layout.cell(column, of: indicator, filingCells: shared) else { continue }
                try sheet.writeBare(cell, row: rows, column: column)
            }
        }
    }

    public func close() throws {
        if layout.columns.count > 0 { sheet.autofilter(lastRow: rows, lastColumn: layout.columns.count - 1) }
        try workbook.close()
    }
}
