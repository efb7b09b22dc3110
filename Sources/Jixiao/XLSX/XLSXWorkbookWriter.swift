internal import CXLSXWriter
import Foundation

/// How a written cell looks. Equal styles share one libxlsxwriter format.
struct XLSXCellStyle: Hashable {
    var bold = false
    var fontSize: Double = 10
    var wrap = true
    var border = true
    var centered = false
    /// Cells are locked by default; data cells are unlocked so users can edit a protected sheet.
    var locked = true
    var numberFormat: String?
    /// RGB fill, e.g. 0xDDEBF7 for header cells.
    var fill: UInt32?
}

/// A small Swift face over libxlsxwriter: every C type stays in this file. Rows and columns are
/// 0-based. libxlsxwriter writes straight to the path given; the caller renames it into place.
final class XLSXWorkbookWriter {
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private var formats: [XLSXCellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var closed = false
    private let path: String

    /// `constantMemory`: rows are flushed as they are written (strictly in order, merges only
    /// within a row): memory stays flat for huge sheets.
    ///
    /// libxlsxwriter writes each part of the workbook to a temporary file before zipping them.
    /// Small workbooks keep those in memory-backed `/dev/shm` when there is one (creating and
    /// deleting files on a disk cost more than writing a form); constant-memory ones, whose
    /// temporary data grow with the sheet, stay in the system's temporary folder.
    init(path: String, constantMemory: Bool = false) throws {
        // libxlsxwriter opens the file only when the workbook is closed, and then prints a line of
        // its own to standard error if it cannot. Creating it first finds a folder that is missing
        // or not writable before any work, and says so once, in the catalog's words.
        let probe = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard probe >= 0 else {
            throw JixiaoError("output-failed", key: "output-not-created", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: path))
        }
        Glibc.close(probe)
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.tmpdir = constantMemory ? nil : Self.memoryFolder
        guard let workbook = workbook_new_opt(path, &options) else {
            throw JixiaoError("xlsx-write", key: "xlsx-not-created", [:], at: SourcePosition(file: path))
        }
        self.workbook = workbook
        self.path = path
    }

    /// A C string that lives as long as the process, or nil where there is no writable /dev/shm.
    nonisolated(unsafe) private static let memoryFolder: UnsafeMutablePointer<CChar>? =
        access("/dev/shm", W_OK) == 0 ? strdup("/dev/shm") : nil

    deinit {
        // An abandoned workbook must still be freed; its half-written file is the caller's to remove.
        if !closed { workbook_close(workbook) }
    }

    func addSheet(_ name: String) throws -> Sheet {
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw JixiaoError("xlsx-write", key: "xlsx-sheet-not-added", ["sheet": name], at: SourcePosition(file: path))
        }
        return Sheet(sheet: sheet, owner: self, name: name)
    }

    func close() throws {
        closed = true
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            throw JixiaoError("xlsx-write", key: "xlsx-not-written", ["reason": String(cString: lxw_strerror(status))], at: SourcePosition(file: path))
        }
    }

    /// The format asked for last: runs of cells share a style, and comparing costs less than hashing.
    private var lastFormat: (style: XLSXCellStyle, format: UnsafeMutablePointer<lxw_format>)?

    fileprivate func format(_ style: XLSXCellStyle) -> UnsafeMutablePointer<lxw_format> {
        if let lastFormat, lastFormat.style == style { return lastFormat.format }
        let format = addedFormat(style)
        lastFormat = (style, format)
        return format
    }

    private func addedFormat(_ style: XLSXCellStyle) -> UnsafeMutablePointer<lxw_format> {
        if let known = formats[style] { return known }
        let format = workbook_add_format(workbook)!
        if style.bold { format_set_bold(format) }
        format_set_font_size(format, style.fontSize)
        format_set_font_name(format, "宋体")
        if style.wrap { format_set_text_wrap(format) }
        if style.border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        format_set_align(format, UInt8((style.centered ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT).rawValue))
        format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        if !style.locked { format_set_unlocked(format) }
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if let fill = style.fill { format_set_bg_color(format, fill) }
        formats[style] = format
        return format
    }

    final class Sheet {
        fileprivate let sheet: UnsafeMutablePointer<lxw_worksheet>
        private unowned let owner: XLSXWorkbookWriter
        let name: String
        /// What a reader will see of the cells and merges written through `write` and `merge`.
        private(set) var digest = XLSXCellDigest()

        fileprivate init(sheet: UnsafeMutablePointer<lxw_worksheet>, owner: XLSXWorkbookWriter, name: String) {
            self.sheet = sheet
            self.owner = owner
            self.name = name
        }

        /// Writes a value (nil: an empty cell that still carries the style).
        func write(_ value: CellValue?, row: Int, column: Int, style: XLSXCellStyle) throws {
            let format = owner.format(style)
            let status: lxw_error
            switch value {
            case .text(let text)?:
                try Self.checkLength(text, row: row, column: column, sheet: name)
                // withCString lends a native string's own bytes; passing the String converts it
                // into a new array for each cell.
                status = text.withCString { worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), $0, format) }
            case .number(let number)?:
                status = worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), CanonicalNumber.double(number), format)
            case nil:
                status = worksheet_write_blank(sheet, lxw_row_t(row), lxw_col_t(column), format)
            }
            try check(status, row: row, column: column)
            if let value { digest.add(row: row, column: column, value) }
        }

        /// Writes a C string with the default look: the fast path for bulk rows. `characters`:
        /// its length in UTF-16 units when that was counted (over the limit), else 0.
        func writeBareText(_ text: UnsafePointer<CChar>, characters: Int, row: Int, column: Int) throws {
            guard characters <= XLSXLimits.maximumCellCharacters else { throw Self.tooLong(characters, row: row, column: column, sheet: name) }
            try check(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), text, nil), row: row, column: column)
        }

        func writeBareNumber(_ number: Double, row: Int, column: Int) throws {
            try check(worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), number, nil), row: row, column: column)
        }

        /// Filter buttons on the first row over the columns up to `lastColumn`.
        func autofilter(lastRow: Int, lastColumn: Int) {
            worksheet_autofilter(sheet, 0, 0, lxw_row_t(lastRow), lxw_col_t(lastColumn))
        }

        /// Merges a rectangle and writes the value into it.
        func merge(_ value: CellValue?, rows: ClosedRange<Int>, columns: ClosedRange<Int>, style: XLSXCellStyle) throws {
            guard rows.count > 1 || columns.count > 1 else {
                try write(value, row: rows.lowerBound, column: columns.lowerBound, style: style)
                return
            }
            let format = owner.format(style)
            try check(worksheet_merge_range(
                sheet, lxw_row_t(rows.lowerBound), lxw_col_t(columns.lowerBound),
                lxw_row_t(rows.upperBound), lxw_col_t(columns.upperBound), "", format), row: rows.lowerBound, column: columns.lowerBound)
            digest.addMerge(rows: rows, columns: columns)
            // The merge wrote an empty string; the real value (text or number) goes over it.
            if let value { try write(value, row: rows.lowerBound, column: columns.lowerBound, style: style) }
        }

        func setColumnWidth(_ column: Int, _ width: Double) {
            worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil)
        }

        func setRowHeight(_ row: Int, _ height: Double) {
            worksheet_set_row(sheet, lxw_row_t(row), height, nil)
        }

        /// A dropdown over a rectangle: a literal list when it fits Excel's 255-byte limit
        /// (libxlsxwriter aborts beyond it), else a formula naming a range such as `_lists!$A$1:$A$9`.
        func dropdown(rows: ClosedRange<Int>, column: Int, list: [String]?, rangeFormula: String?) throws {
            var validation = lxw_data_validation()
            validation.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
            validation.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_WARNING.rawValue)
            let row1 = lxw_row_t(rows.lowerBound), row2 = lxw_row_t(rows.upperBound), col = lxw_col_t(column)
            if let list {
                // libxlsxwriter 1.1.4 counts characters, not bytes, and overflows beyond 255 bytes.
                guard list.joined(separator: ",").utf8.count <= 255 else {
                    throw JixiaoError("xlsx-write", key: "xlsx-long-dropdown", [:], at: SourcePosition(sheet: name, cell: XLSXCellReference.name(row: rows.lowerBound, column: column)))
                }
                let pointers = list.map { strdup($0) } + [nil]
                defer { pointers.forEach { free($0) } }
                var mutablePointers = pointers
                validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
                try mutablePointers.withUnsafeMutableBufferPointer { buffer in
                    validation.value_list = buffer.baseAddress
                    try check(worksheet_data_validation_range(sheet, row1, col, row2, col, &validation), row: rows.lowerBound, column: column)
                }
            } else if let rangeFormula {
                let formula = strdup(rangeFormula)
                defer { free(formula) }
                validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
                validation.value_formula = formula
                try check(worksheet_data_validation_range(sheet, row1, col, row2, col, &validation), row: rows.lowerBound, column: column)
            }
        }

        /// Protects the sheet, without a password: only cells written with `locked: false` can be
        /// edited; rows can still be inserted and deleted, columns and rows resized.
        func protect() {
            var options = lxw_protection()
            options.format_columns = 1
            options.format_rows = 1
            options.insert_rows = 1
            options.delete_rows = 1
            worksheet_protect(sheet, nil, &options)
        }

        /// A text linked to cell A1 of another sheet of the workbook.
        func writeLink(_ text: String, toSheet target: String, row: Int, column: Int, style: XLSXCellStyle) throws {
            try Self.checkLength(text, row: row, column: column, sheet: name)
            let url = "internal:'\(target.replacingOccurrences(of: "'", with: "''"))'!A1"
            try check(worksheet_write_url_opt(sheet, lxw_row_t(row), lxw_col_t(column), url, owner.format(style), text, nil), row: row, column: column)
        }

        func hide() { worksheet_hide(sheet) }

        /// Keeps the first `rows` rows in view while scrolling.
        func freezeRows(_ rows: Int) { worksheet_freeze_panes(sheet, lxw_row_t(rows), 0) }

        /// Prints these rows at the top of every page.
        func repeatRows(_ rows: ClosedRange<Int>) throws {
            try check(worksheet_repeat_rows(sheet, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound)), row: rows.lowerBound, column: 0)
        }

        /// A4 landscape with the margins `PageFit` counts on; one page wide when `fit` says so,
        /// else printed at its scale.
        func setLandscapeA4(_ fit: PageFit) {
            worksheet_set_landscape(sheet)
            worksheet_set_paper(sheet, 9)
            worksheet_set_margins(sheet, PageFit.sideMargin, PageFit.sideMargin, PageFit.topMargin, PageFit.topMargin)
            if fit.fitsWidth {
                worksheet_fit_to_pages(sheet, 1, 0)
            } else {
                worksheet_set_print_scale(sheet, UInt16(fit.scale))
            }
        }

        private func check(_ status: lxw_error, row: Int, column: Int) throws {
            guard status == LXW_NO_ERROR else {
                throw JixiaoError(
                    "xlsx-write", "cannot write \(XLSXCellReference.name(row: row, column: column)): \(String(cString: lxw_strerror(status)))",
                    at: SourcePosition(sheet: name, cell: XLSXCellReference.name(row: row, column: column)))
            }
        }

        /// A cell holds at most 32,767 characters (UTF-16 units, as Excel counts them).
        static func checkLength(_ text: String, row: Int, column: Int, sheet: String) throws {
            // A text of at most that many UTF-8 bytes has at most that many UTF-16 units: the
            // byte count is known at once, the UTF-16 count needs a walk.
            guard text.utf8.count > XLSXLimits.maximumCellCharacters, text.utf16.count > XLSXLimits.maximumCellCharacters else { return }
            throw tooLong(text.utf16.count, row: row, column: column, sheet: sheet)
        }

        private static func tooLong(_ characters: Int, row: Int, column: Int, sheet: String) -> JixiaoError {
            JixiaoError(
                "xlsx-cell-too-long", key: "xlsx-text-too-long", ["characters": String(characters), "limit": String(XLSXLimits.maximumCellCharacters)],
                at: SourcePosition(sheet: sheet, cell: XLSXCellReference.name(row: row, column: column)))
        }
    }
}

/// How a sheet is printed on A4 landscape: fitted to the page width when the scale that takes
/// keeps the smallest text at 9 pt or larger, else at the smallest scale that does (the sheet
/// then runs over several pages across, its title rows repeated on each).
struct PageFit: Equatable {
    /// Left and right margins, and top and bottom ones, in inches.
    static let sideMargin = 0.5
    static let topMargin = 0.6
    /// A4 landscape is 297 mm wide.
    static let pageWidth = 297 / 25.4
    static let smallestPrintedPoints = 9.0

    var fitsWidth: Bool
    /// Percent: the estimated scale when fitted, else the fixed scale.
    var scale: Int

    /// `widths`: the columns' widths in Excel's units (characters of the default font, whose
    /// digits are 7 pixels wide: a column takes width × 7 + 5 pixels at 96 per inch);
    /// `smallestFont`: the smallest font size on the sheet, in points.
    init(widths: [Double], smallestFont: Double) {
        let pixels = widths.reduce(0) { $0 + ($1 * 7 + 5).rounded() }
        let printable = (Self.pageWidth - 2 * Self.sideMargin) * 96
        let fitted = pixels > 0 ? printable / pixels : 1
        let least = Self.smallestPrintedPoints / smallestFont
        if fitted >= 1 {
            (fitsWidth, scale) = (false, 100)
        } else if fitted >= least {
            (fitsWidth, scale) = (true, Int((fitted * 100).rounded(.down)))
        } else {
            (fitsWidth, scale) = (false, min(100, Int((least * 100).rounded(.up))))
        }
    }
}
