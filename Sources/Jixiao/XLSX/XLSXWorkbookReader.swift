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

/// Reads the sheets of an XLSX file: ZIPFoundation for the zip, a streaming XML parser for the
/// parts. Bounded against hostile files: parts and the whole archive have size limits counted
/// while inflating (zip bombs), documents with a DTD are refused (entity expansion, external
/// entities), and a sheet may hold only so many filled cells.
enum XLSXWorkbookReader {
    static func read(_ bytes: [UInt8], file: String?) throws -> [XLSXSheet] {
        let place = SourcePosition(file: file)
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw JixiaoError(
                "xlsx-old-format", "this is an .xls workbook or a password-protected one: save it as .xlsx without a password", at: place)
        }
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B else {
            throw JixiaoError("xlsx-not-zip", "not an XLSX file: an XLSX file is a zip archive, and this one does not start like one", at: place)
        }
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw JixiaoError("xlsx-bad-zip", "the zip archive is damaged or truncated (no readable central directory)", at: place)
        }
        var parts = PartReader(archive: archive, file: file)
        let workbook = try WorkbookPart.parse(try parts.required("xl/workbook.xml"), file: file)
        let relations = try RelationsPart.parse(try parts.required("xl/_rels/workbook.xml.rels"), file: file)
        let sharedStrings = try parts.optional("xl/sharedStrings.xml").map { try SharedStringsPart.parse($0, file: file) } ?? []
        let dateStyles = try parts.optional("xl/styles.xml").map { try StylesPart.dateStyles($0, file: file) } ?? []
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
            try SheetPart.parse(data, into: &sheet, sharedStrings: sharedStrings, dateStyles: dateStyles, file: file)
            sheets.append(sheet)
        }
        return sheets
    }

    /// Inflates parts with limits counted as the bytes come out, not as the header claims.
    private struct PartReader {
        let archive: Archive
        let file: String?
        var total = 0

        mutating func required(_ path: String) throws -> Data {
            guard let data = try optional(path) else {
                throw JixiaoError("xlsx-missing-part", "not an XLSX workbook: the archive has no \(path)", at: SourcePosition(file: file))
            }
            return data
        }

        mutating func optional(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            var size = 0
            let limit = min(XLSXLimits.maximumPartBytes, XLSXLimits.maximumTotalBytes - total)
            let file = file
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    size += chunk.count
                    guard size <= limit else { throw PartTooLarge() }
                    data.append(chunk)
                }
            } catch is PartTooLarge {
                throw JixiaoError(
                    "xlsx-too-large", "\(path) inflates to more than \(limit >> 20) MB: refused (a zip bomb, or not a filing)",
                    at: SourcePosition(file: file))
            } catch {
                throw JixiaoError("xlsx-bad-zip", "cannot inflate \(path): the archive is damaged (\(error))", at: SourcePosition(file: file))
            }
            total += size
            return data
        }

        private struct PartTooLarge: Error {}
    }
}

// MARK: - Parts

/// Runs the streaming parser over one part, after refusing any DTD: XLSX parts never have one,
/// and a DTD is what entity-expansion and external-entity attacks need.
private func parseXML(_ data: Data, part: String, file: String?, handler: XMLHandler) throws {
    if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
        throw JixiaoError(
            "xlsx-xml-dtd", "\(part) declares a DTD or entities, which XLSX never uses: refused", at: SourcePosition(file: file))
    }
    do {
        try SAXParser.parse(data, handler: handler)
    } catch let error as SAXParser.SAXError {
        if let failure = handler.failure { throw failure }
        throw JixiaoError(
            "xlsx-bad-xml", "\(part) is not well-formed XML (line \(error.line)): \(error.message)", at: SourcePosition(file: file))
    }
    if let failure = handler.failure { throw failure }
    guard handler.depth == 0 else {
        throw JixiaoError("xlsx-bad-xml", "\(part) is not well-formed XML: it ends inside an element (cut short?)", at: SourcePosition(file: file))
    }
}

/// A SAX handler that collects text of the elements a subclass asks for. Subclasses get
/// elements through `opened`/`closed`, by local name.
private class XMLHandler: SAXParser.Handler {
    var failure: JixiaoError?
    var text = ""
    var collecting = false

    func fail(_ error: JixiaoError, _ parser: SAXParser) {
        failure = error
        parser.stop()
    }

    func characters(_ string: String) {
        if collecting { text += string }
    }

    /// Elements open at the moment: not zero at the end means the document was cut short.
    private(set) var depth = 0

    func elementStarted(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {
        depth += 1
        opened(name, attributes, parser)
    }

    func elementEnded(_ name: Substring, _ parser: SAXParser) {
        depth -= 1
        closed(name, parser)
    }

    func opened(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {}

    func closed(_ name: Substring, _ parser: SAXParser) {}
}

private enum WorkbookPart {
    struct Entry {
        var name: String
        var relation: String
        var hidden: Bool
    }

    static func parse(_ data: Data, file: String?) throws -> [Entry] {
        final class Handler: XMLHandler {
            var entries: [Entry] = []
            override func opened(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {
                guard name == "sheet" else { return }
                let relation = attributes.first { localName($0.key) == "id" }?.value ?? ""
                entries.append(Entry(name: attributes["name"] ?? "", relation: relation, hidden: (attributes["state"] ?? "visible") != "visible"))
            }
        }
        let handler = Handler()
        try parseXML(data, part: "xl/workbook.xml", file: file, handler: handler)
        guard !handler.entries.isEmpty else {
            throw JixiaoError("xlsx-missing-sheet", "the workbook has no sheet", at: SourcePosition(file: file))
        }
        return handler.entries
    }
}

private enum RelationsPart {
    static func parse(_ data: Data, file: String?) throws -> [String: String] {
        final class Handler: XMLHandler {
            var targets: [String: String] = [:]
            override func opened(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {
                if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
            }
        }
        let handler = Handler()
        try parseXML(data, part: "xl/_rels/workbook.xml.rels", file: file, handler: handler)
        return handler.targets
    }
}

private enum SharedStringsPart {
    static func parse(_ data: Data, file: String?) throws -> [String] {
        final class Handler: XMLHandler {
            var strings: [String] = []
            var inPhonetic = false
            override func opened(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {
                switch name {
                case "si": text = ""
                case "rPh": inPhonetic = true
                case "t": collecting = !inPhonetic
                default: break
                }
            }
            override func closed(_ name: Substring, _ parser: SAXParser) {
                switch name {
                case "si":
                    guard text.utf16.count <= XLSXLimits.maximumCellCharacters else {
                        fail(JixiaoError("xlsx-cell-too-long", "shared string \(strings.count) has \(text.utf16.count) characters; a cell holds at most \(XLSXLimits.maximumCellCharacters)"), parser)
                        return
                    }
                    strings.append(text)
                case "rPh": inPhonetic = false
                case "t": collecting = false
                default: break
                }
            }
        }
        let handler = Handler()
        try parseXML(data, part: "xl/sharedStrings.xml", file: file, handler: handler)
        return handler.strings
    }
}

private enum StylesPart {
    /// The indexes of cell styles (`s=` on a cell) whose number format shows a date or time.
    static func dateStyles(_ data: Data, file: String?) throws -> Set<Int> {
        final class Handler: XMLHandler {
            var customDateFormats: Set<Int> = []
            var inCellStyles = false
            var styleIndex = 0
            var dateStyles: Set<Int> = []
            override func opened(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {
                switch name {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], StylesPart.isDateFormat(code) {
                        customDateFormats.insert(id)
                    }
                case "cellXfs": inCellStyles = true
                case "xf" where inCellStyles:
                    let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                    if (14...22).contains(id) || (45...47).contains(id) || customDateFormats.contains(id) { dateStyles.insert(styleIndex) }
                    styleIndex += 1
                default: break
                }
            }
            override func closed(_ name: Substring, _ parser: SAXParser) {
                if name == "cellXfs" { inCellStyles = false }
            }
        }
        let handler = Handler()
        try parseXML(data, part: "xl/styles.xml", file: file, handler: handler)
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
    static func parse(_ data: Data, into sheet: inout XLSXSheet, sharedStrings: [String], dateStyles: Set<Int>, file: String?) throws {
        final class Handler: XMLHandler {
            let sharedStrings: [String]
            let dateStyles: Set<Int>
            let sheetName: String
            let file: String?
            var cells: [Int: [Int: CellValue]] = [:]
            var merges: [(rows: ClosedRange<Int>, columns: ClosedRange<Int>)] = []
            var cellCount = 0
            var row = -1
            var nextColumn = 0
            var column = 0
            var type = "n"
            var style = 0
            var value = ""
            var formula = ""
            var inline = ""
            var inCell = false

            init(sharedStrings: [String], dateStyles: Set<Int>, sheetName: String, file: String?) {
                self.sharedStrings = sharedStrings
                self.dateStyles = dateStyles
                self.sheetName = sheetName
                self.file = file
            }

            func position() -> SourcePosition {
                SourcePosition(file: file, sheet: sheetName, cell: XLSXCellReference.name(row: max(row, 0), column: column))
            }

            override func opened(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser) {
                switch name {
                case "row":
                    // Rows may omit r=; they then follow the previous one.
                    let number = attributes["r"].flatMap(Int.init) ?? (row + 2)
                    guard (1...XLSXLimits.maximumRows).contains(number) else {
                        fail(JixiaoError("xlsx-bad-cell", "row number \(number) is outside a sheet (1-\(XLSXLimits.maximumRows))", at: SourcePosition(file: file, sheet: sheetName)), parser)
                        return
                    }
                    row = number - 1
                    nextColumn = 0
                case "c":
                    if let reference = attributes["r"] {
                        guard let parsed = XLSXCellReference.parse(Substring(reference)) else {
                            fail(JixiaoError("xlsx-bad-cell", "'\(reference)' is not a cell reference", at: SourcePosition(file: file, sheet: sheetName)), parser)
                            return
                        }
                        row = parsed.row
                        column = parsed.column
                    } else {
                        column = nextColumn
                    }
                    nextColumn = column + 1
                    type = attributes["t"] ?? "n"
                    style = attributes["s"].flatMap(Int.init) ?? 0
                    value = ""
                    formula = ""
                    inline = ""
                    inCell = true
                case "v", "f":
                    text = ""
                    collecting = inCell
                case "t" where inCell && type == "inlineStr":
                    text = ""
                    collecting = true
                case "mergeCell":
                    if let reference = attributes["ref"] { addMerge(reference, parser) }
                default: break
                }
            }

            override func closed(_ name: Substring, _ parser: SAXParser) {
                switch name {
                case "v":
                    value = text
                    collecting = false
                case "f":
                    formula = text
                    collecting = false
                case "t" where inCell && type == "inlineStr":
                    inline += text
                    collecting = false
                case "c":
                    inCell = false
                    store(parser)
                default: break
                }
            }

            private func store(_ parser: SAXParser) {
                let cell: CellValue?
                // A formula saved without its result (openpyxl, scripts) is kept as its text.
                if value.isEmpty, !formula.isEmpty, type != "inlineStr" { type = "str"; value = "=" + formula }
                switch type {
                case "s":
                    guard let index = Int(value), sharedStrings.indices.contains(index) else {
                        fail(JixiaoError("xlsx-bad-cell", "the cell points at shared string '\(value)', which does not exist", at: position()), parser)
                        return
                    }
                    cell = .text(sharedStrings[index])
                case "inlineStr": cell = .text(inline)
                case "str", "e": cell = .text(value)
                case "b": cell = .text(value == "1" ? "TRUE" : "FALSE")
                default:
                    guard !value.isEmpty else { return }
                    guard let number = ExcelNumber.decimal(value) else {
                        fail(JixiaoError("xlsx-bad-cell", "'\(value)' is not a number", at: position()), parser)
                        return
                    }
                    cell = dateStyles.contains(style) ? .text(ExcelDate.text(serial: number)) : .number(number)
                }
                guard let cell, cell != .text("") else { return }
                if case .text(let text) = cell, text.utf16.count > XLSXLimits.maximumCellCharacters {
                    fail(JixiaoError("xlsx-cell-too-long", "the cell holds \(text.utf16.count) characters; a cell holds at most \(XLSXLimits.maximumCellCharacters)", at: position()), parser)
                    return
                }
                cellCount += 1
                guard cellCount <= XLSXLimits.maximumCells else {
                    fail(JixiaoError("xlsx-too-many-cells", "the sheet holds more than \(XLSXLimits.maximumCells) filled cells: not a filing", at: position()), parser)
                    return
                }
                cells[row, default: [:]][column] = cell
            }

            private func addMerge(_ reference: String, _ parser: SAXParser) {
                let corners = reference.split(separator: ":")
                guard corners.count == 2, let first = XLSXCellReference.parse(corners[0]), let last = XLSXCellReference.parse(corners[1]),
                      first.row <= last.row, first.column <= last.column else {
                    fail(JixiaoError("xlsx-bad-cell", "'\(reference)' is not a merged range", at: SourcePosition(file: file, sheet: sheetName)), parser)
                    return
                }
                // A merge is only filled cell by cell when read; keep that bounded too.
                guard (last.row - first.row + 1) * (last.column - first.column + 1) <= 10_000 else { return }
                merges.append((first.row...last.row, first.column...last.column))
            }
        }
        let handler = Handler(sharedStrings: sharedStrings, dateStyles: dateStyles, sheetName: sheet.name, file: file)
        try parseXML(data, part: "sheet '\(sheet.name)'", file: file, handler: handler)
        sheet.cells = handler.cells
        sheet.merges = handler.merges
    }
}

private func localName(_ name: String) -> Substring {
    if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
    return Substring(name)
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
        return Decimal(string: String(format: "%.15G", double), locale: Locale(identifier: "en_US_POSIX"))
    }
}
