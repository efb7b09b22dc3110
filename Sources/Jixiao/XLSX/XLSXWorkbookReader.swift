import Foundation

/// One sheet as read: its non-empty cells and merged ranges. Rows and columns are 0-based.
struct XLSXSheet: Sendable {
    var name: String
    var hidden: Bool
    var cells = SheetCells()
    var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []

    var rowNumbers: [Int] { cells.rowNumbers }

    func value(row: Int, column: Int) -> CellValue? { cells.value(row: row, column: column) }

    /// The cells by row and column; with `carryingMergesDown`, a merged range's value copied into
    /// every cell it covers, as people read the form.
    func cellsByRow(carryingMergesDown: Bool = false) -> [Int: [Int: CellValue]] {
        var rows: [Int: [Int: CellValue]] = [:]
        cells.forEach { row, column, value in rows[row, default: [:]][column] = value }
        guard carryingMergesDown else { return rows }
        for merge in merges {
            guard let value = rows[merge.rows.lowerBound]?[merge.columns.lowerBound] else { continue }
            for row in merge.rows {
                for column in merge.columns { rows[row, default: [:]][column] = value }
            }
        }
        return rows
    }

    func position(_ file: String?, row: Int, column: Int) -> SourcePosition {
        SourcePosition(file: file, sheet: name, cell: XLSXCellReference.name(row: row, column: column))
    }
}

/// The filled cells of a sheet, in row order and then column order: per row its number and where
/// its cells start, per cell its column and value (about 30 bytes a cell beside its text, where a
/// dictionary of rows would take several times that).
struct SheetCells: Sendable {
    private var rows: [Int32] = []
    private var starts: [Int32] = []
    private var columns: [Int32] = []
    private var values: [CellValue] = []
    /// Whether cells came in row and column order (they do from every writer seen); else `finish` sorts them.
    private var ordered = true

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }
    var rowNumbers: [Int] { rows.map(Int.init) }
    /// The rightmost filled column, if any.
    var lastColumn: Int? { columns.max().map(Int.init) }

    /// Adds a cell; a cell given twice keeps its last value, as a sheet's XML would be read over.
    mutating func append(row: Int, column: Int, _ value: CellValue) {
        if let last = rows.last, Int(last) == row {
            if column <= Int(columns[columns.count - 1]) { ordered = false }
        } else {
            if let last = rows.last, Int(last) > row { ordered = false }
            rows.append(Int32(row))
            starts.append(Int32(values.count))
        }
        columns.append(Int32(column))
        values.append(value)
    }

    /// Puts cells given out of order into order.
    mutating func finish() {
        guard !ordered else { return }
        var entries: [(row: Int, column: Int, index: Int)] = []
        entries.reserveCapacity(values.count)
        forEachIndex { row, column, index in entries.append((row, column, index)) }
        entries.sort { ($0.row, $0.column, $0.index) < ($1.row, $1.column, $1.index) }
        let old = values
        self = SheetCells()
        for (position, entry) in entries.enumerated() {
            if position + 1 < entries.count, entries[position + 1].row == entry.row, entries[position + 1].column == entry.column { continue }
            append(row: entry.row, column: entry.column, old[entry.index])
        }
    }

    func value(row: Int, column: Int) -> CellValue? {
        guard let index = rowIndex(row) else { return nil }
        return cellRange(ofRowAt: index).first { Int(columns[$0]) == column }.map { values[$0] }
    }

    /// The cells, left to right, of the first row holding a cell for which `holds` is true.
    func firstRow(where holds: (CellValue) -> Bool) -> [(column: Int, value: CellValue)]? {
        for index in rows.indices {
            let cells = cellRange(ofRowAt: index)
            if cells.contains(where: { holds(values[$0]) }) {
                return cells.map { (Int(columns[$0]), values[$0]) }
            }
        }
        return nil
    }

    /// Every cell, row by row, left to right.
    func forEach(_ body: (_ row: Int, _ column: Int, _ value: CellValue) throws -> Void) rethrows {
        try forEachIndex { row, column, index in try body(row, column, values[index]) }
    }

    private func forEachIndex(_ body: (_ row: Int, _ column: Int, _ index: Int) throws -> Void) rethrows {
        for index in rows.indices {
            let row = Int(rows[index])
            for cell in cellRange(ofRowAt: index) { try body(row, Int(columns[cell]), cell) }
        }
    }

    private func cellRange(ofRowAt index: Int) -> Range<Int> {
        Int(starts[index])..<(index + 1 < starts.count ? Int(starts[index + 1]) : values.count)
    }

    private func rowIndex(_ row: Int) -> Int? {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if Int(rows[middle]) < row { low = middle + 1 } else { high = middle }
        }
        return low < rows.count && Int(rows[low]) == row ? low : nil
    }
}

/// Reads the sheets of an XLSX file: `ZipArchive` for the zip, a streaming XML scanner for the
/// parts, each part scanned as it is inflated, so that memory holds the sheet being read and one
/// piece of its part, never the archive's parts. Bounded against hostile files: parts and the
/// whole archive have size limits counted while inflating (zip bombs), documents with a DTD are
/// refused (entity expansion, external entities), and a sheet may hold only so many filled cells.
enum XLSXWorkbookReader {
    static func read(_ bytes: [UInt8], file: String?) throws -> [XLSXSheet] {
        var sheets: [XLSXSheet] = []
        try read(bytes, file: file) { sheets.append($0) }
        return sheets
    }

    /// Hands each sheet to `body` as it is read, in the workbook's order (the sheet named `first`,
    /// if there is one, before all others), so that a caller that is done with a sheet holds no
    /// more than one. `listed` learns every sheet's name before the first sheet is read.
    static func read(_ bytes: [UInt8], file: String?, first: String? = nil, listed: ([String]) throws -> Void = { _ in },
                     each body: (XLSXSheet) throws -> Void) throws {
        if OfficePackage.isLegacyContainer(bytes) {
            if OfficePackage.isEncrypted(bytes) {
                throw JixiaoError("xlsx-encrypted", key: "xls-encrypted", [:], at: SourcePosition(file: file))
            }
            throw JixiaoError("xlsx-old-format", [:], at: SourcePosition(file: file))
        }
        var parts = try OfficePackage(bytes, file: file, kind: XLSXLimits.package)
        try read(&parts, first: first, listed: listed, each: body)
    }

    /// The same from the file at `path`, read as its parts are needed rather than loaded whole;
    /// `file` names it in messages. A file that does not start like a zip is loaded and read as
    /// bytes, for the messages those give (a legacy or password-protected workbook, not a zip).
    static func read(fileAt path: String, file: String?, first: String? = nil, listed: ([String]) throws -> Void = { _ in },
                     each body: (XLSXSheet) throws -> Void) throws {
        guard try InputLoader.head(path, count: 2) == [0x50, 0x4B] else {
            return try read(try InputLoader.load(path).bytes, file: file, first: first, listed: listed, each: body)
        }
        var parts = try OfficePackage(fileAt: path, file: file, kind: XLSXLimits.package)
        try read(&parts, first: first, listed: listed, each: body)
    }

    private static func read(_ parts: inout OfficePackage, first: String?, listed: ([String]) throws -> Void, each body: (XLSXSheet) throws -> Void) throws {
        let file = parts.file
        let place = SourcePosition(file: file)
        // The parts are found as the package declares them: its relationships name the workbook,
        // the workbook's name its sheets, strings and styles (any case, any folder).
        let workbookPath = try parts.mainPart(fallback: "xl/workbook.xml")
        if !parts.contains(workbookPath), parts.contains("word/document.xml") {
            throw JixiaoError("xlsx-missing-part", key: "xlsx-is-docx", [:], at: place)
        }
        let workbook = try WorkbookPart.parse(workbookPath, in: &parts)
        let related = try parts.relationships(of: workbookPath)
        let relations = Dictionary(related.map { ($0.id, $0.target) }, uniquingKeysWith: { _, last in last })
        func part(ofType type: String, usually name: String) -> String {
            related.first { $0.type.hasSuffix("/" + type) }?.target ?? OfficePackage.resolve(name, from: workbookPath)
        }
        let sharedStrings = try SharedStringsPart.parse(part(ofType: "sharedStrings", usually: "sharedStrings.xml"), in: &parts)
        let dateStyles = try StylesPart.dateStyles(part(ofType: "styles", usually: "styles.xml"), in: &parts)
        let dates = ExcelDate(formats: dateStyles, from1904: workbook.from1904)
        try listed(workbook.sheets.map(\.name))
        let ordered = workbook.sheets.filter { $0.name == first } + workbook.sheets.filter { $0.name != first }
        for entry in ordered {
            guard let path = relations[entry.relation] else {
                throw JixiaoError("xlsx-missing-sheet", key: "xlsx-sheet-without-part", ["sheet": entry.name], at: place)
            }
            guard parts.contains(path) else {
                throw JixiaoError("xlsx-missing-sheet", key: "xlsx-sheet-missing", ["sheet": entry.name, "part": path], at: place)
            }
            var sheet = XLSXSheet(name: entry.name, hidden: entry.hidden)
            try SheetPart.parse(path, in: &parts, into: &sheet, sharedStrings: sharedStrings, dates: dates)
            try body(sheet)
        }
    }
}

// MARK: - Parts

private enum WorkbookPart {
    struct Entry {
        var name: String
        var relation: String
        var hidden: Bool
    }

    static func parse(_ part: String, in package: inout OfficePackage) throws -> (sheets: [Entry], from1904: Bool) {
        let file = package.file
        final class Handler: PartHandler {
            var entries: [Entry] = []
            var from1904 = false
            override func opened(_ tag: XMLTag) throws {
                if tag.name == "workbookPr" {
                    // Dates count from 1904 in workbooks made on old Macs.
                    from1904 = tag["date1904"].map { $0 == "1" || $0 == "true" } ?? false
                }
                guard tag.name == "sheet" else { return }
                let relation = try tag.attribute(localName: "id").map(string) ?? ""
                let hidden = tag["state"].map { $0 != "visible" } ?? false
                entries.append(Entry(name: try tag["name"].map(string) ?? "", relation: relation, hidden: hidden))
            }
        }
        let handler = Handler()
        try package.scanRequired(part, handler: handler)
        guard !handler.entries.isEmpty else {
            throw JixiaoError("xlsx-missing-sheet", key: "xlsx-no-sheet", [:], at: SourcePosition(file: file))
        }
        return (handler.entries, handler.from1904)
    }
}

private enum SharedStringsPart {
    /// The strings of the part at `path`; none when the workbook has none.
    static func parse(_ path: String, in package: inout OfficePackage) throws -> [String] {
        final class Handler: PartHandler {
            // Unchecked for exclusivity, as PartHandler says.
            @exclusivity(unchecked) var strings: [String] = []
            @exclusivity(unchecked) var inPhonetic = false
            @exclusivity(unchecked) var run = TextRun()
            override func opened(_ tag: XMLTag) throws {
                if tag.name == "si" {
                    text = ""
                } else if tag.name == "rPh" {
                    inPhonetic = true
                } else if tag.name == "t" {
                    collecting = !inPhonetic
                    run.open(tag, at: text)
                }
            }
            override func closed(_ name: XMLSpan) throws {
                if name == "si" {
                    guard text.utf8.count <= XLSXLimits.maximumCellCharacters || text.utf16.count <= XLSXLimits.maximumCellCharacters else {
                        throw JixiaoError(
                            "xlsx-cell-too-long",
                            key: "xlsx-shared-string-too-long", ["index": String(strings.count), "characters": String(text.utf16.count), "limit": String(XLSXLimits.maximumCellCharacters)])
                    }
                    strings.append(ExcelEscapes.decoded(text))
                } else if name == "rPh" {
                    inPhonetic = false
                } else if name == "t" {
                    if collecting { run.close(&text) }
                    collecting = false
                }
            }
        }
        let handler = Handler()
        try package.scan(path, as: "xl/sharedStrings.xml", handler: handler)
        return handler.strings
    }
}

private enum StylesPart {
    /// The indexes of cell styles (`s=` on a cell) whose number format shows a date or time.
    static func dateStyles(_ path: String, in package: inout OfficePackage) throws -> [Int: ExcelDate.Kind] {
        final class Handler: PartHandler {
            var customDateFormats: [Int: ExcelDate.Kind] = [:]
            var inCellStyles = false
            var styleIndex = 0
            var dateStyles: [Int: ExcelDate.Kind] = [:]
            override func opened(_ tag: XMLTag) throws {
                if tag.name == "numFmt" {
                    if let id = tag["numFmtId"]?.integer, let code = try tag["formatCode"].map(string), let kind = StylesPart.dateKind(code) {
                        customDateFormats[id] = kind
                    }
                } else if tag.name == "cellXfs" {
                    inCellStyles = true
                } else if tag.name == "xf", inCellStyles {
                    let id = tag["numFmtId"]?.integer ?? 0
                    // Excel's built-in formats: 14–17 and 22 dates, 18–21 and 45, 47 times, 46 [h]:mm:ss.
                    if let kind = customDateFormats[id] ?? ((14...17).contains(id) || id == 22 ? .date
                        : (18...21).contains(id) || id == 45 || id == 47 ? .time : id == 46 ? .duration : nil) {
                        dateStyles[styleIndex] = kind
                    }
                    styleIndex += 1
                }
            }
            override func closed(_ name: XMLSpan) throws {
                if name == "cellXfs" { inCellStyles = false }
            }
        }
        let handler = Handler()
        try package.scan(path, as: "xl/styles.xml", handler: handler)
        return handler.dateStyles
    }

    /// What a format code shows: a duration with [h], [m] or [s]; a time with h or s and no y or
    /// d; a date with y, m or d; nil for none of them (outside quotes and other brackets).
    static func dateKind(_ code: String) -> ExcelDate.Kind? {
        var quoted = false, bracketed = false, bracket = ""
        var letters = Set<Character>()
        var elapsed = false
        for character in code {
            switch character {
            case "\"": quoted.toggle()
            case "[": bracketed = true; bracket = ""
            case "]":
                bracketed = false
                if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket.lowercased()) { elapsed = true }
            default:
                if bracketed { bracket.append(character) } else if !quoted, "ymdhsYMDHS".contains(character) {
                    letters.insert(Character(character.lowercased()))
                }
            }
        }
        if elapsed { return .duration }
        if letters.isEmpty { return nil }
        if letters.isDisjoint(with: ["y", "d"]), !letters.isDisjoint(with: ["h", "s"]) { return .time }
        return .date
    }
}

private enum SheetPart {
    /// A cell's type (`t=`), the few the reader tells apart.
    enum CellType { case number, sharedString, inlineString, string, boolean, isoDate }

    static func parse(_ path: String, in package: inout OfficePackage, into sheet: inout XLSXSheet, sharedStrings: [String], dates: ExcelDate) throws {
        final class Handler: PartHandler {
            let sharedStrings: [String]
            let dates: ExcelDate
            let sheetName: String
            // Unchecked for exclusivity, as PartHandler says.
            @exclusivity(unchecked) var cells = SheetCells()
            @exclusivity(unchecked) var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
            @exclusivity(unchecked) var row = -1
            @exclusivity(unchecked) var nextColumn = 0
            @exclusivity(unchecked) var column = 0
            @exclusivity(unchecked) var type = CellType.number
            @exclusivity(unchecked) var style = 0
            @exclusivity(unchecked) var value = ""
            @exclusivity(unchecked) var formula = ""
            @exclusivity(unchecked) var inline = ""
            @exclusivity(unchecked) var inCell = false
            @exclusivity(unchecked) var run = TextRun()

            init(sharedStrings: [String], dates: ExcelDate, sheetName: String) {
                self.sharedStrings = sharedStrings
                self.dates = dates
                self.sheetName = sheetName
            }

            func position() -> SourcePosition {
                SourcePosition(file: file, sheet: sheetName, cell: XLSXCellReference.name(row: max(row, 0), column: column))
            }

            override func opened(_ tag: XMLTag) throws {
                if tag.name == "c" {
                    if let reference = tag["r"] {
                        guard let parsed = XLSXCellReference.parse(reference.bytes[reference.range]) else {
                            throw JixiaoError("xlsx-bad-cell", key: "xlsx-not-a-cell-reference", ["reference": try string(reference)], at: SourcePosition(file: file, sheet: sheetName))
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
                    run.open(tag, at: text)
                } else if tag.name == "row" {
                    // Rows may omit r=; they then follow the previous one.
                    let number = tag["r"].map { $0.integer ?? -1 } ?? (row + 2)
                    guard (1...XLSXLimits.maximumRows).contains(number) else {
                        throw JixiaoError(
                            "xlsx-bad-cell", key: "xlsx-row-outside", ["row": tag["r"].flatMap { $0.string() } ?? String(number), "limit": String(XLSXLimits.maximumRows)],
                            at: SourcePosition(file: file, sheet: sheetName))
                    }
                    row = number - 1
                    nextColumn = 0
                } else if tag.name == "mergeCell", let reference = tag["ref"] {
                    try addMerge(reference)
                }
            }

            private static func cellType(_ span: XMLSpan?) -> CellType {
                guard let span else { return .number }
                if span == "s" { return .sharedString }
                if span == "inlineStr" { return .inlineString }
                if span == "str" || span == "e" { return .string }
                if span == "b" { return .boolean }
                if span == "d" { return .isoDate }
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
                    run.close(&text)
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
                        throw JixiaoError("xlsx-bad-cell", key: "xlsx-missing-shared-string", ["index": value], at: position())
                    }
                    cell = .text(sharedStrings[index])
                case .inlineString: cell = .text(ExcelEscapes.decoded(inline))
                case .string: cell = .text(ExcelEscapes.decoded(value))
                // An ISO 8601 date or time as written ("2021-01-01T10:10:10"), as dates read.
                case .isoDate: cell = .text(value.replacingOccurrences(of: "T", with: " "))
                case .boolean: cell = .text(value == "1" ? "TRUE" : "FALSE")
                case .number:
                    guard !value.isEmpty else { return }
                    guard let number = ExcelNumber.decimal(value) else {
                        throw JixiaoError("xlsx-bad-cell", key: "xlsx-cell-not-a-number", ["written": value], at: position())
                    }
                    cell = dates.text(serial: number, style: style).map(CellValue.text) ?? .number(number)
                }
                if case .text(let text) = cell {
                    guard !text.isEmpty else { return }
                    guard text.utf8.count <= XLSXLimits.maximumCellCharacters || text.utf16.count <= XLSXLimits.maximumCellCharacters else {
                        throw JixiaoError(
                            "xlsx-cell-too-long", key: "xlsx-cell-too-long", ["characters": String(text.utf16.count), "limit": String(XLSXLimits.maximumCellCharacters)],
                            at: position())
                    }
                }
                guard cells.count < XLSXLimits.maximumCells else {
                    throw JixiaoError("xlsx-too-many-cells", ["limit": String(XLSXLimits.maximumCells)], at: position())
                }
                cells.append(row: row, column: column, cell)
            }

            /// From the attribute's bytes: a string split into characters costs more than the rest.
            private func addMerge(_ span: XMLSpan) throws {
                let reference = span.bytes[span.range]
                let corners = reference.split(separator: 0x3A)
                // A one-cell "merge" (openpyxl writes them) merges nothing.
                if corners.count == 1, XLSXCellReference.parse(corners[0]) != nil { return }
                guard corners.count == 2, let first = XLSXCellReference.parse(corners[0]), let last = XLSXCellReference.parse(corners[1]),
                      first.row <= last.row, first.column <= last.column else {
                    throw JixiaoError("xlsx-bad-cell", key: "xlsx-not-a-merged-range", ["reference": try string(span)], at: SourcePosition(file: file, sheet: sheetName))
                }
                // A merge is only filled cell by cell when read; keep that bounded too.
                guard (last.row - first.row + 1) * (last.column - first.column + 1) <= 10_000 else { return }
                merges.append((first.row...last.row, first.column...last.column))
            }
        }
        let handler = Handler(sharedStrings: sharedStrings, dates: dates, sheetName: sheet.name)
        try package.scanRequired(path, as: "sheet '\(sheet.name)'", handler: handler)
        handler.cells.finish()
        sheet.cells = handler.cells
        sheet.merges = handler.merges
    }
}

/// Excel's date serials: days since 1899-12-30 (the 1900 leap-year bug folded in), or since
/// 1904-01-01 in workbooks that say so; shown as the cell's style says.
struct ExcelDate {
    enum Kind { case date, time, duration }

    /// Style index -> what its number format shows.
    var formats: [Int: Kind] = [:]
    var from1904 = false

    /// The cell's text when its style shows a date, a time or a duration: "2021-01-01",
    /// "2021-01-01 10:10:10", "10:10:10" (a date-time under one day), "250:10:10" (elapsed hours).
    func text(serial: Decimal, style: Int) -> String? {
        guard let kind = formats[style] else { return nil }
        let value = NSDecimalNumber(decimal: serial).doubleValue
        guard value >= 0, value < 2_958_466 else { return CanonicalNumber.format(serial) }
        let days = Int(value.rounded(.down))
        let seconds = Int(((value - Double(days)) * 86_400).rounded())
        let clock = String(format: "%02d:%02d:%02d", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60)
        if kind == .duration {
            let total = days * 86_400 + seconds
            return String(format: "%d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60)
        }
        // Under a day is a time of day, whatever the format (serial 0 names no real date).
        if days == 0 { return clock }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: from1904 ? DateComponents(year: 1904, month: 1, day: 1) : DateComponents(year: 1899, month: 12, day: 30))!
        let date = calendar.date(byAdding: .second, value: days * 86_400 + seconds, to: base)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        return seconds > 0 ? day + " " + clock : day
    }
}

/// One `<t>` of a string: its text is trimmed of XML white space at both ends unless it says
/// `xml:space="preserve"` (Excel says so whenever such white space belongs to the text).
struct TextRun {
    private var start = 0
    private var preserve = false

    mutating func open(_ tag: XMLTag, at text: String) {
        start = text.utf8.count
        preserve = tag["xml:space"].map { $0 == "preserve" } ?? false
    }

    func close(_ text: inout String) {
        guard !preserve else { return }
        let utf8 = text.utf8
        // Most runs neither start nor end with white space, which is ASCII: told from the
        // bytes, without breaking the text into characters.
        guard start < utf8.count, let last = utf8.last else { return }
        let first = utf8[utf8.index(utf8.startIndex, offsetBy: start)]
        let isSpaceByte = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard isSpaceByte(first) || isSpaceByte(last) else { return }
        let head = utf8.index(utf8.startIndex, offsetBy: min(start, utf8.count))
        let own = text[head...]
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = own.first, let last = own.last, isSpace(first) || isSpace(last) else { return }
        let trimmed = own.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        text = String(text[..<head]) + String(trimmed)
    }
}

/// Characters XML cannot carry, written `_xHHHH_` in cell text (`_x000D_` a carriage return);
/// `_x005F_` is the escape's own underscore ("_x005F_x0000_" is the text "_x0000_").
enum ExcelEscapes {
    static func decoded(_ text: String) -> String {
        // A byte search: Foundation's `contains` would copy a long text (the hidden sheet's
        // canonical YAML, full of field names with '_') into UTF-16 first.
        guard text.containsBytes(of: "_x") else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16), code < 0xFFFE,
               let scalar = Unicode.Scalar(code) {
                result.append(scalar)
                index += 7
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }
}

/// Excel keeps 15 significant digits; writers store the nearest double with 16 or 17, so 97.1
/// arrives as 97.09999999999999. Reading through 15 digits gives back what people typed.
enum ExcelNumber {
    static func decimal(_ text: String) -> Decimal? {
        // Up to 15 digits in plain notation the text already is what the double shows through 15
        // digits (a double keeps any 15-digit decimal): read at once, without formatting the double
        // again (thousands of instructions a cell). A trailing zero after the point takes the
        // long way, so that both ways give the same Decimal.
        let utf8 = text.utf8
        if utf8.count <= 16, utf8.last != 0x30 || !utf8.contains(0x2E),
           utf8.reduce(0, { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) }) <= 15,
           let plain = CanonicalNumber.parse(text) {
            return plain
        }
        guard let double = Double(text), double.isFinite else { return nil }
        return Decimal(string: String(format: "%.15G", double), locale: CanonicalNumber.posix)
    }
}
