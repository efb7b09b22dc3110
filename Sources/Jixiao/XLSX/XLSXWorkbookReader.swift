import Foundation
import ZIPFoundation

/// One sheet as read: its non-empty cells and merged ranges. Rows and columns are 0-based.
struct XLSXSheet {
    var name: String
    var hidden: Bool
    var cells: [Int: [Int: CellValue]] = [:]
    var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []

    var rowNumbers: [Int] { cells.keys.sorted() }

    func value(row: Int, column: Int) -> CellValue? { cells[row]?[column] }

    /// A merged range's value copied into every cell it covers, as people read the form.
    func carryingMergesDown() -> XLSXSheet {
        var copy = self
        for merge in merges {
            guard let value = value(row: merge.rows.lowerBound, column: merge.columns.lowerBound) else { continue }
            for row in merge.rows {
                for column in merge.columns { copy.cells[row, default: [:]][column] = value }
            }
        }
        return copy
    }

    func position(_ file: String?, row: Int, column: Int) -> SourcePosition {
        SourcePosition(file: file, sheet: name, cell: XLSXCellReference.name(row: row, column: column))
    }
}

/// Reads the sheets of an XLSX file: ZIPFoundation for the zip, a streaming XML scanner for the
/// parts. Bounded against hostile files: parts and the whole archive have size limits counted
/// while inflating (zip bombs), documents with a DTD are refused (entity expansion, external
/// entities), and a sheet may hold only so many filled cells.
enum XLSXWorkbookReader {
    static func read(_ bytes: [UInt8], file: String?) throws -> [XLSXSheet] {
        let place = SourcePosition(file: file)
        if OfficePackage.isLegacyContainer(bytes) {
            throw JixiaoError(
                "xlsx-old-format", "this is an .xls workbook or a password-protected one: save it as .xlsx without a password", at: place)
        }
        var parts = try OfficePackage(bytes, file: file, kind: XLSXLimits.package)
        if !parts.contains("xl/workbook.xml"), parts.contains("word/document.xml") {
            throw JixiaoError("xlsx-missing-part", "not an XLSX workbook but a Word document: read it as docx", at: place)
        }
        let workbook = try WorkbookPart.parse(try parts.required("xl/workbook.xml"), package: parts)
        let relationsPart = "xl/_rels/workbook.xml.rels"
        let relations = Dictionary(try parts.relationships(try parts.required(relationsPart), part: relationsPart).map { ($0.id, $0.target) },
                                   uniquingKeysWith: { _, last in last })
        let sharedStrings = try parts.optional("xl/sharedStrings.xml").map { try SharedStringsPart.parse($0, package: parts) } ?? []
        let dateStyles = try parts.optional("xl/styles.xml").map { try StylesPart.dateStyles($0, package: parts) } ?? []
        var sheets: [XLSXSheet] = []
        for entry in workbook {
            guard let target = relations[entry.relation] else {
                throw JixiaoError("xlsx-missing-sheet", "the workbook lists sheet '\(entry.name)' but names no part for it", at: place)
            }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let data = try parts.optional(path) else {
                throw JixiaoError("xlsx-missing-sheet", "sheet '\(entry.name)' is missing from the archive (\(path))", at: place)
            }
            var sheet = XLSXSheet(name: entry.name, hidden: entry.hidden)
            try SheetPart.parse(data, into: &sheet, sharedStrings: sharedStrings, dateStyles: dateStyles, package: parts)
            sheets.append(sheet)
        }
        return sheets
    }
}

// MARK: - Parts

private enum WorkbookPart {
    struct Entry {
        var name: String
        var relation: String
        var hidden: Bool
    }

    static func parse(_ data: Data, package: OfficePackage) throws -> [Entry] {
        let file = package.file
        final class Handler: PartHandler {
            var entries: [Entry] = []
            override func opened(_ tag: XMLTag) throws {
                guard tag.name == "sheet" else { return }
                let relation = try tag.attribute(localName: "id").map(string) ?? ""
                let hidden = tag["state"].map { $0 != "visible" } ?? false
                entries.append(Entry(name: try tag["name"].map(string) ?? "", relation: relation, hidden: hidden))
            }
        }
        let handler = Handler()
        try package.scan(data, part: "xl/workbook.xml", handler: handler)
        guard !handler.entries.isEmpty else {
            throw JixiaoError("xlsx-missing-sheet", "the workbook has no sheet", at: SourcePosition(file: file))
        }
        return handler.entries
    }
}

private enum SharedStringsPart {
    static func parse(_ data: Data, package: OfficePackage) throws -> [String] {
        final class Handler: PartHandler {
            var strings: [String] = []
            var inPhonetic = false
            override func opened(_ tag: XMLTag) throws {
                if tag.name == "si" {
                    text = ""
                } else if tag.name == "rPh" {
                    inPhonetic = true
                } else if tag.name == "t" {
                    collecting = !inPhonetic
                }
            }
            override func closed(_ name: XMLSpan) throws {
                if name == "si" {
                    guard text.utf8.count <= XLSXLimits.maximumCellCharacters || text.utf16.count <= XLSXLimits.maximumCellCharacters else {
                        throw JixiaoError(
                            "xlsx-cell-too-long",
                            "shared string \(strings.count) has \(text.utf16.count) characters; a cell holds at most \(XLSXLimits.maximumCellCharacters)")
                    }
                    strings.append(text)
                } else if name == "rPh" {
                    inPhonetic = false
                } else if name == "t" {
                    collecting = false
                }
            }
        }
        let handler = Handler()
        try package.scan(data, part: "xl/sharedStrings.xml", handler: handler)
        return handler.strings
    }
}

private enum StylesPart {
    /// The indexes of cell styles (`s=` on a cell) whose number format shows a date or time.
    static func dateStyles(_ data: Data, package: OfficePackage) throws -> Set<Int> {
        final class Handler: PartHandler {
            var customDateFormats: Set<Int> = []
            var inCellStyles = false
            var styleIndex = 0
            var dateStyles: Set<Int> = []
            override func opened(_ tag: XMLTag) throws {
                if tag.name == "numFmt" {
                    if let id = tag["numFmtId"]?.integer, let code = try tag["formatCode"].map(string), StylesPart.isDateFormat(code) {
                        customDateFormats.insert(id)
                    }
                } else if tag.name == "cellXfs" {
                    inCellStyles = true
                } else if tag.name == "xf", inCellStyles {
                    let id = tag["numFmtId"]?.integer ?? 0
                    if (14...22).contains(id) || (45...47).contains(id) || customDateFormats.contains(id) { dateStyles.insert(styleIndex) }
                    styleIndex += 1
                }
            }
            override func closed(_ name: XMLSpan) throws {
                if name == "cellXfs" { inCellStyles = false }
            }
        }
        let handler = Handler()
        try package.scan(data, part: "xl/styles.xml", handler: handler)
        return handler.dateStyles
    }

    /// A format code shows a date when it has y, m, d, h or s outside quotes and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracketed = false
        for character in code {
            switch character {
            case "\"": quoted.toggle()
            case "[": bracketed = true
            case "]": bracketed = false
            default:
                if !quoted && !bracketed && "ymdhsYMDHS".contains(character) { return true }
            }
        }
        return false
    }
}

private enum SheetPart {
    /// A cell's type (`t=`), the few the reader tells apart.
    enum CellType { case number, sharedString, inlineString, string, boolean }

    static func parse(_ data: Data, into sheet: inout XLSXSheet, sharedStrings: [String], dateStyles: Set<Int>, package: OfficePackage) throws {
        final class Handler: PartHandler {
            let sharedStrings: [String]
            let dateStyles: Set<Int>
            let sheetName: String
            var cells: [Int: [Int: CellValue]] = [:]
            var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
            var cellCount = 0
            var row = -1
            var nextColumn = 0
            var column = 0
            var type = CellType.number
            var style = 0
            var value = ""
            var formula = ""
            var inline = ""
            var inCell = false
            /// Which of v, f or an inline t the collected text belongs to.
            var target = 0

            init(sharedStrings: [String], dateStyles: Set<Int>, sheetName: String) {
                self.sharedStrings = sharedStrings
                self.dateStyles = dateStyles
                self.sheetName = sheetName
            }

            func position() -> SourcePosition {
                SourcePosition(file: file, sheet: sheetName, cell: XLSXCellReference.name(row: max(row, 0), column: column))
            }

            override func opened(_ tag: XMLTag) throws {
                if tag.name == "c" {
                    if let reference = tag["r"] {
                        guard let parsed = XLSXCellReference.parse(reference.bytes[reference.range]) else {
                            throw JixiaoError("xlsx-bad-cell", "'\(try string(reference))' is not a cell reference", at: SourcePosition(file: file, sheet: sheetName))
                        }
                        row = parsed.row
                        column = parsed.column
                    } else {
                        column = nextColumn
                    }
                    nextColumn = column + 1
                    type = Self.cellType(tag["t"])
                    style = tag["s"]?.integer ?? 0
                    value = ""
                    formula = ""
                    inline = ""
                    inCell = true
                } else if tag.name == "v" || tag.name == "f" {
                    text = ""
                    collecting = inCell
                } else if tag.name == "t", inCell, type == .inlineString {
                    text = ""
                    collecting = true
                } else if tag.name == "row" {
                    // Rows may omit r=; they then follow the previous one.
                    let number = tag["r"].map { $0.integer ?? -1 } ?? (row + 2)
                    guard (1...XLSXLimits.maximumRows).contains(number) else {
                        throw JixiaoError(
                            "xlsx-bad-cell", "row number \(tag["r"].flatMap { $0.string() } ?? String(number)) is outside a sheet (1-\(XLSXLimits.maximumRows))",
                            at: SourcePosition(file: file, sheet: sheetName))
                    }
                    row = number - 1
                    nextColumn = 0
                } else if tag.name == "mergeCell", let reference = tag["ref"] {
                    try addMerge(try string(reference))
                }
            }

            private static func cellType(_ span: XMLSpan?) -> CellType {
                guard let span else { return .number }
                if span == "s" { return .sharedString }
                if span == "inlineStr" { return .inlineString }
                if span == "str" || span == "e" { return .string }
                if span == "b" { return .boolean }
                return .number
            }

            override func closed(_ name: XMLSpan) throws {
                if name == "v" {
                    value = text
                    collecting = false
                } else if name == "f" {
                    formula = text
                    collecting = false
                } else if name == "t", inCell, type == .inlineString {
                    inline += text
                    collecting = false
                } else if name == "c" {
                    inCell = false
                    try store()
                }
            }

            private func store() throws {
                let cell: CellValue
                // A formula saved without its result (openpyxl, scripts) is kept as its text.
                if value.isEmpty, !formula.isEmpty, type != .inlineString { type = .string; value = "=" + formula }
                switch type {
                case .sharedString:
                    guard let index = Int(value), sharedStrings.indices.contains(index) else {
                        throw JixiaoError("xlsx-bad-cell", "the cell points at shared string '\(value)', which does not exist", at: position())
                    }
                    cell = .text(sharedStrings[index])
                case .inlineString: cell = .text(inline)
                case .string: cell = .text(value)
                case .boolean: cell = .text(value == "1" ? "TRUE" : "FALSE")
                case .number:
                    guard !value.isEmpty else { return }
                    guard let number = ExcelNumber.decimal(value) else {
                        throw JixiaoError("xlsx-bad-cell", "'\(value)' is not a number", at: position())
                    }
                    cell = dateStyles.contains(style) ? .text(ExcelDate.text(serial: number)) : .number(number)
                }
                if case .text(let text) = cell {
                    guard !text.isEmpty else { return }
                    guard text.utf8.count <= XLSXLimits.maximumCellCharacters || text.utf16.count <= XLSXLimits.maximumCellCharacters else {
                        throw JixiaoError(
                            "xlsx-cell-too-long", "the cell holds \(text.utf16.count) characters; a cell holds at most \(XLSXLimits.maximumCellCharacters)",
                            at: position())
                    }
                }
                cellCount += 1
                guard cellCount <= XLSXLimits.maximumCells else {
                    throw JixiaoError("xlsx-too-many-cells", "the sheet holds more than \(XLSXLimits.maximumCells) filled cells: not a filing", at: position())
                }
                cells[row, default: [:]][column] = cell
            }

            private func addMerge(_ reference: String) throws {
                let corners = reference.split(separator: ":")
                guard corners.count == 2, let first = XLSXCellReference.parse(corners[0].utf8), let last = XLSXCellReference.parse(corners[1].utf8),
                      first.row <= last.row, first.column <= last.column else {
                    throw JixiaoError("xlsx-bad-cell", "'\(reference)' is not a merged range", at: SourcePosition(file: file, sheet: sheetName))
                }
                // A merge is only filled cell by cell when read; keep that bounded too.
                guard (last.row - first.row + 1) * (last.column - first.column + 1) <= 10_000 else { return }
                merges.append((first.row...last.row, first.column...last.column))
            }
        }
        let handler = Handler(sharedStrings: sharedStrings, dateStyles: dateStyles, sheetName: sheet.name)
        try package.scan(data, part: "sheet '\(sheet.name)'", handler: handler)
        sheet.cells = handler.cells
        sheet.merges = handler.merges
    }
}

/// Excel's date serials: days since 1899-12-30 (the 1900 leap-year bug folded in).
enum ExcelDate {
    static func text(serial: Decimal) -> String {
        let value = NSDecimalNumber(decimal: serial).doubleValue
        guard value >= 0, value < 2_958_466 else { return CanonicalNumber.format(serial) }
        let days = Int(value.rounded(.down))
        let seconds = Int(((value - Double(days)) * 86_400).rounded())
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        let date = calendar.date(byAdding: .second, value: days * 86_400 + seconds, to: base)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        guard seconds > 0 else { return day }
        return day + String(format: " %02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
    }
}

/// Excel keeps 15 significant digits; writers store the nearest double with 16 or 17, so 97.1
/// arrives as 97.09999999999999. Reading through 15 digits gives back what people typed.
enum ExcelNumber {
    static func decimal(_ text: String) -> Decimal? {
        guard let double = Double(text), double.isFinite else { return nil }
        return Decimal(string: String(format: "%.15G", double), locale: CanonicalNumber.posix)
    }
}
