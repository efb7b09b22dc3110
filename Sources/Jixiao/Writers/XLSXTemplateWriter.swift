import Foundation

/// Writes filings into a provincial XLSX form described by a template: the header block, the
/// indicator tables with level-1/level-2 merged down, dropdowns, print titles, and (with
/// `protect`) a protected sheet whose data cells stay editable. Several filings get one form
/// sheet each, named by its filing, after an index sheet listing them. Every filing also goes,
/// as canonical YAML, into a hidden metadata sheet, so fields the visible form has no place for
/// are not lost; they are reported.
public struct XLSXTemplateWriter: FilingWriter {
    public init() {}

    public var holdsSeveralFilings: Bool { true }

    /// The hidden sheets: the filings as canonical YAML, and long dropdown lists.
    static let metadataSheet = "_jixiao"
    static let listsSheet = "_lists"
    /// Empty editable rows left under each table for indicators added by hand.
    static let spareRows = 3

    public func write(_ filings: [Filing], to url: URL, options: WriteOptions) throws -> [Diagnostic] {
        let catalog = try TemplateCatalog.standard()
        guard let reference = options.template else {
            let known = catalog.templates.map(\.reference).joined(separator: ", ")
            throw JixiaoError("template-required", ["templates": known])
        }
        let template = try catalog.template(reference)
        guard !filings.isEmpty else {
            throw JixiaoError("no-filing", [:])
        }
        let framework = try FrameworkCatalog.standard().framework(template.framework)
        let index = filings.count > 1 ? try WorkbookIndex.standard() : nil
        let names = Self.sheetNames(filings, template: template, index: index)
        let workbook = try XLSXWorkbookWriter(path: url.path)
        // The index comes first, where a reader of the workbook starts.
        let indexSheet = try index.map { try workbook.addSheet($0.sheet) }
        let lists = FormLists(workbook: workbook)
        var diagnostics: [Diagnostic] = []
        // Per filing, the fields shown in another field's empty place.
        var filled: [[String]] = []
        // Per form sheet, the digest of its cells: a reader finding it unchanged trusts the hidden copy.
        var digests: [(sheet: String, digest: XLSXCellDigest)] = []
        // With several sheets, each message about a filing names its sheet.
        let places = names.map { index == nil ? nil : SourcePosition(sheet: $0, cell: "A1") }
        for (filing, (name, place)) in zip(filings, zip(names, places)) {
            if filing.kind != template.kind {
                diagnostics.append(Diagnostic(
                    .warning, "xlsx-template-kind",
                    ["template": template.reference, "template_kind": "kind-\(template.kind.rawValue)", "filing_kind": "kind-\(filing.kind.rawValue)"], at: place))
            }
            var layout = FormLayout(template: template, framework: framework, sheet: try workbook.addSheet(name), lists: lists, protect: options.protect)
            try layout.write(filing)
            digests.append((name, layout.sheet.digest))
            filled.append(layout.filled.map(\.source.path))
            for fill in layout.filled {
                diagnostics.append(Diagnostic(
                    .info, "xlsx-field-filled",
                    ["template": template.reference, "source_field": fill.source.path, "label": fill.label, "field": fill.field.path],
                    at: SourcePosition(sheet: name, cell: fill.cell), value: fill.source.path))
            }
        }
        if let index, let indexSheet { try writeIndex(index, filings: filings, names: names, into: indexSheet) }
        // One canonical tree per filing serves the hidden copy and the report of what the form cannot show.
        let documents = filings.map(CanonicalYAML.node(for:))
        try writeMetadata(documents, sheets: index == nil ? [] : names, index: index?.sheet, digests: digests, template: template,
                          into: workbook.addSheet(Self.metadataSheet))
        try workbook.close()
        let coverage = FormCoverage.of(template)
        for (filing, (document, (place, shown))) in zip(filings, zip(documents, zip(places, filled))) {
            diagnostics += coverage.droppedFields(of: filing, document: document, shownElsewhere: Set(shown)).map { dropped in
                var placed = dropped
                placed.position = place ?? dropped.position
                return placed
            }
        }
        return diagnostics
    }

    /// One form sheet name per filing: the template's own for a single filing; for several, each
    /// filing's project name (a department's: its unit's name), else its unit or title, made a
    /// valid sheet name and unique in the workbook.
    static func sheetNames(_ filings: [Filing], template: Template, index: WorkbookIndex?) -> [String] {
        guard let index, filings.count > 1 else { return [template.sheet] }
        var claims = XLSXSheetName.Claims(reserved: [metadataSheet, listsSheet, index.sheet])
        return filings.map { filing in
            let names = filing.kind == .department
                ? [filing.organization?.name, filing.title, filing.project?.name]
                : [filing.project?.name, filing.organization?.name, filing.title]
            // Sheets named with a leading _ are machinery to the reader: the name must not start so.
            let name = names.compactMap { $0 }.map { text in
                var name = XLSXSheetName.cleaned(text)
                while name.first == "_" { name = XLSXSheetName.cleaned(String(name.dropFirst())) }
                return name
            }.first { !$0.isEmpty } ?? template.sheet
            return claims.claim(name)
        }
    }

    /// The index: a heading row, then one row per form sheet, its name linked to the sheet.
    private func writeIndex(_ index: WorkbookIndex, filings: [Filing], names: [String], into sheet: XLSXWorkbookWriter.Sheet) throws {
        let heading = XLSXCellStyle(bold: true, centered: true, fill: 0xDDEBF7)
        let plain = XLSXCellStyle()
        for (column, spec) in index.columns.enumerated() {
            try sheet.write(.text(spec.header), row: 0, column: column, style: heading)
            sheet.setColumnWidth(column, spec.width)
        }
        for (row, (filing, name)) in zip(filings, names).enumerated() {
            for (column, spec) in index.columns.enumerated() {
                switch spec.field {
                case .sheet: try sheet.writeLink(name, toSheet: name, row: row + 1, column: column, style: plain)
                case .kind: try sheet.write(.text(index.kinds[filing.kind] ?? filing.kind.rawValue), row: row + 1, column: column, style: plain)
                case .filing(let field): try sheet.write(field.get(filing), row: row + 1, column: column, style: plain)
                }
            }
        }
        try sheet.repeatRows(0...0)
        sheet.setLandscapeA4(PageFit(widths: index.columns.map(\.width), smallestFont: plain.fontSize))
    }

    /// Template reference in B1; for several filings the index sheet's name, then each form
    /// sheet's name in order (`sheet` rows); then the filings as one canonical YAML stream in
    /// pieces a cell can hold (`filing` rows); then each form sheet's cell digest and name
    /// (`digest` rows: B the digest, C the sheet); last the revision of the canonical layout
    /// the copy is written in (`canonical`).
    private func writeMetadata(_ documents: [YAMLNode], sheets: [String], index: String?, digests: [(sheet: String, digest: XLSXCellDigest)],
                               template: Template, into sheet: XLSXWorkbookWriter.Sheet) throws {
        let plain = XLSXCellStyle(wrap: false, border: false)
        var row = 0
        func put(_ key: String, _ values: String...) throws {
            try sheet.write(.text(key), row: row, column: 0, style: plain)
            for (column, value) in values.enumerated() { try sheet.write(.text(value), row: row, column: column + 1, style: plain) }
            row += 1
        }
        try put("template", template.reference)
        if let index { try put("index", index) }
        for name in sheets { try put("sheet", name) }
        let yaml = String(decoding: try YAMLEmitter.emit(documents), as: UTF8.self)
        for piece in MetadataText.pieces(of: yaml) { try put("filing", piece) }
        let copy = XLSXCellDigest.copy(yaml)
        for (name, cells) in digests { try put("digest", cells.adding(copy).text, name) }
        try put("canonical", CanonicalYAML.layoutRevision)
        sheet.hide()
    }
}

/// Splitting long text over cells of at most 32,767 UTF-16 units, without splitting a character.
enum MetadataText {
    static let pieceLength = 30_000

    static func pieces(of text: String) -> [String] {
        // Most filings fit one cell: no need to walk the characters. Counted on the UTF-8 bytes:
        // `utf16.count` of a native string first builds an index of the whole text.
        if text.utf8.count <= pieceLength || utf16Length(of: text) <= pieceLength { return [text] }
        var pieces: [String] = []
        var current = ""
        var length = 0
        for character in text {
            let size = character.utf16.count
            if length + size > pieceLength {
                pieces.append(current)
                current = ""
                length = 0
            }
            current.append(character)
            length += size
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(current) }
        return pieces
    }

    /// UTF-16 units: one for each character's first byte, two for a four-byte one.
    static func utf16Length(of text: String) -> Int {
        // Over the contiguous bytes, which the compiler vectorises; the UTF-8 view's iterator
        // goes a byte at a time, and the hidden copy is kilobytes long.
        var text = text
        return text.withUTF8 { bytes in
            var length = 0
            for byte in bytes { length &+= byte & 0xC0 == 0x80 ? 0 : byte >= 0xF0 ? 2 : 1 }
            return length
        }
    }
}

/// Lays one filing out on the form's sheet, top to bottom.
private struct FormLayout {
    let template: Template
    let framework: Framework
    let sheet: XLSXWorkbookWriter.Sheet
    let lists: FormLists
    let protect: Bool
    let cells: IndicatorCells
    var row = 0
    /// Display widths per column, grown to fit what is written.
    var widths: [Double]
    var rowHeights: [Int: Double] = [:]
    /// Header cells showing another field's value, their own field having none.
    var filled: [(label: String, field: FilingField, source: FilingField, cell: String)] = []
    /// The heading rows of the table with the most rows (the first of equals): printed at the
    /// top of every page, where that table runs over pages.
    var titleRows: (rows: ClosedRange<Int>, count: Int)?

    static let caption = XLSXCellStyle(bold: true, fontSize: 16, wrap: false, border: false, centered: true)
    static let label = XLSXCellStyle(bold: true, centered: true, fill: 0xDDEBF7)
    static let heading = XLSXCellStyle(bold: true, centered: true, fill: 0xDDEBF7)
    static let tableCaption = XLSXCellStyle(bold: true, fontSize: 12, centered: false, fill: 0xBDD7EE)
    static let data = XLSXCellStyle(locked: false)
    /// The smallest text on the form, which the print scale keeps legible.
    static let smallestFont = [caption, label, heading, tableCaption, data].map(\.fontSize).min()!

    init(template: Template, framework: Framework, sheet: XLSXWorkbookWriter.Sheet, lists: FormLists, protect: Bool) {
        self.template = template
        self.framework = framework
        self.sheet = sheet
        self.lists = lists
        self.protect = protect
        self.cells = IndicatorCells(template: template)
        widths = Array(repeating: 6, count: template.width)
        for table in template.tables {
            for (column, spec) in table.columns.enumerated() { widths[column] = max(widths[column], spec.width) }
        }
    }

    mutating func write(_ filing: Filing) throws {
        if let caption = template.caption {
            try sheet.merge(.text(caption), rows: row...row, columns: 0...(template.width - 1), style: Self.caption)
            rowHeights[row] = 30
            row += 1
        }
        let placements = template.placements(of: filing.indicators)
        fitColumns(filing, placements)
        for headerRow in template.header { try writeHeaderRow(headerRow, filing) }
        for (index, table) in template.tables.enumerated() {
            try writeTable(table, placements[index].map { filing.indicators[$0] })
        }
        for (column, width) in widths.enumerated() { sheet.setColumnWidth(column, width) }
        for (row, height) in rowHeights { sheet.setRowHeight(row, height) }
        if protect { sheet.protect() }
        if let titleRows { try sheet.repeatRows(titleRows.rows) }
        sheet.setLandscapeA4(PageFit(widths: widths, smallestFont: Self.smallestFont))
    }

    private mutating func writeHeaderRow(_ cells: [Template.HeaderCell], _ filing: Filing) throws {
        var column = 0
        for (index, cell) in cells.enumerated() {
            // The last cell reaches to the form's right edge.
            let span = index == cells.count - 1 ? max(cell.span, template.width - column) : cell.span
            let columns = column...(column + span - 1)
            if let label = cell.label {
                try put(.text(label), columns: columns, style: Self.label)
            } else if let field = cell.field {
                var style = Self.data
                style.numberFormat = cell.numberFormat
                let shown = template.shown(cell, of: filing)
                if let source = shown.filledFrom {
                    let label = index > 0 ? cells[index - 1].label ?? field.path : field.path
                    filled.append((label, field, source, XLSXCellReference.name(row: row, column: column)))
                }
                try put(shown.value, columns: columns, style: style)
            }
            column += span
        }
        row += 1
    }

    /// Writes a cell (merged across columns) and grows the row to fit its wrapped text.
    private mutating func put(_ value: CellValue?, rows: ClosedRange<Int>? = nil, columns: ClosedRange<Int>, style: XLSXCellStyle) throws {
        let rows = rows ?? row...row
        try sheet.merge(value, rows: rows, columns: columns, style: style)
        guard let value else { return }
        let available = columns.reduce(0.0) { $0 + widths[$1] }
        let lines = TextWidth.lines(value.description, width: available)
        let height = Double(lines) * 14 + 4
        let perRow = height / Double(rows.count)
        for each in rows { rowHeights[each] = max(rowHeights[each] ?? 18, perRow) }
    }

    private mutating func writeTable(_ table: Template.Table, _ indicators: [Indicator]) throws {
        let lastColumn = table.columns.count - 1
        if let caption = table.caption {
            try put(.text(caption), columns: 0...max(lastColumn, template.width - 1), style: Self.tableCaption)
            row += 1
        }
        if indicators.count > titleRows?.count ?? -1 { titleRows = (row...(row + table.headerDepth - 1), indicators.count) }
        try writeHeadings(table)
        let first = row
        for indicator in indicators {
            for (column, spec) in table.columns.enumerated() where !spec.mergeDown {
                var style = Self.data
                style.numberFormat = spec.numberFormat
                try put(cells.render(indicator, spec.field), columns: column...column, style: style)
            }
            row += 1
        }
        try writeMergedLevels(table, indicators, firstRow: first)
        for _ in 0..<XLSXTemplateWriter.spareRows {
            for column in 0...lastColumn { try sheet.write(nil, row: row, column: column, style: Self.data) }
            row += 1
        }
        try addDropdowns(table, rows: first...(row - 1))
    }

    /// One or two heading rows; a group heading (指标值) is merged over its columns, a plain one
    /// down both rows.
    private mutating func writeHeadings(_ table: Template.Table) throws {
        let depth = table.headerDepth
        var column = 0
        while column < table.columns.count {
            let spec = table.columns[column]
            if spec.header.count == 2 {
                var end = column
                while end + 1 < table.columns.count, table.columns[end + 1].header.count == 2, table.columns[end + 1].header[0] == spec.header[0] { end += 1 }
                try put(.text(spec.header[0]), columns: column...end, style: Self.heading)
                for sub in column...end {
                    try put(.text(table.columns[sub].leaf), rows: (row + 1)...(row + 1), columns: sub...sub, style: Self.heading)
                }
                column = end + 1
            } else {
                try put(.text(spec.leaf), rows: row...(row + depth - 1), columns: column...column, style: Self.heading)
                column += 1
            }
        }
        row += depth
    }

    /// Level columns: equal consecutive values merged down, as the provincial forms print them.
    /// A level-2 run never crosses a level-1 boundary.
    private mutating func writeMergedLevels(_ table: Template.Table, _ indicators: [Indicator], firstRow: Int) throws {
        var boundaries: Set<Int> = [0]
        for (column, spec) in table.columns.enumerated() where spec.mergeDown {
            var start = 0
            while start < indicators.count {
                let value = cells.render(indicators[start], spec.field)
                var end = start
                while end + 1 < indicators.count, !boundaries.contains(end + 1), cells.render(indicators[end + 1], spec.field) == value { end += 1 }
                try put(value, rows: (firstRow + start)...(firstRow + end), columns: column...column, style: Self.data)
                boundaries.insert(start)
                start = end + 1
            }
            boundaries.insert(indicators.count)
        }
    }

    /// Column widths from everything the form will show, before any row height is worked out.
    private mutating func fitColumns(_ filing: Filing, _ placements: [[Int]]) {
        for row in template.header {
            for (index, cell) in row.enumerated() where cell.span == 1 {
                if let label = cell.label { widen(row.prefix(index).reduce(0) { $0 + $1.span }, for: .text(label)) }
            }
        }
        for (table, indices) in zip(template.tables, placements) {
            for index in indices {
                // Taken once a row: read inside the loop, the indicator was copied for every column.
                let indicator = filing.indicators[index]
                for (column, spec) in table.columns.enumerated() { widen(column, for: cells.render(indicator, spec.field)) }
            }
        }
    }

    private mutating func widen(_ column: Int, for value: CellValue?) {
        guard let value else { return }
        // Up to 40 characters wide; longer text wraps.
        let longest = TextWidth.widestLine(value.description)
        widths[column] = min(max(widths[column], longest + 2), 40)
    }

    private mutating func addDropdowns(_ table: Template.Table, rows: ClosedRange<Int>) throws {
        for (column, spec) in table.columns.enumerated() {
            guard let name = spec.field.choiceList else { continue }
            let list = choices(name)
            guard !list.isEmpty else { continue }
            if list.joined(separator: ",").utf8.count <= 255 {
                try sheet.dropdown(rows: rows, column: column, list: list, rangeFormula: nil)
            } else {
                try sheet.dropdown(rows: rows, column: column, list: nil, rangeFormula: try lists.range(name, list))
            }
        }
    }

    private func choices(_ name: String) -> [String] {
        switch name {
        case "level1": return framework.nodes.map(\.name)
        case "level2":
            var seen = Set<String>()
            return framework.nodes.flatMap { $0.children.map(\.name) }.filter { seen.insert($0).inserted }
        case "unit": return template.units
        case "op": return Comparator.allCases.map { template.shown($0.rawValue, field: "op") } + [template.qualitativeOperator].compactMap { $0 }
        case "nature": return Nature.allCases.map { template.shown($0.rawValue, field: "nature") }
        case "period": return Period.allCases.map { template.shown($0.rawValue, field: "period") }
        default: return []
        }
    }
}

/// Lists too long for a literal go to a column of the hidden `_lists` sheet, one sheet and one
/// column per list for the whole workbook, whichever form sheet asks first.
private final class FormLists {
    let workbook: XLSXWorkbookWriter
    private var sheet: XLSXWorkbookWriter.Sheet?
    private var columns: [String: String] = [:]

    init(workbook: XLSXWorkbookWriter) { self.workbook = workbook }

    func range(_ name: String, _ list: [String]) throws -> String {
        if let known = columns[name] { return known }
        let lists = try sheet ?? workbook.addSheet(XLSXTemplateWriter.listsSheet)
        if sheet == nil {
            lists.hide()
            sheet = lists
        }
        let column = columns.count
        for (index, item) in list.enumerated() {
            try lists.write(.text(item), row: index, column: column, style: XLSXCellStyle(wrap: false, border: false))
        }
        let letter = XLSXCellReference.columnName(column)
        let formula = "=\(XLSXTemplateWriter.listsSheet)!$\(letter)$1:$\(letter)$\(list.count)"
        columns[name] = formula
        return formula
    }
}

/// Display width in Latin characters: CJK and other wide characters count twice.
enum TextWidth {
    /// East Asian wide ranges: CJK symbols and ideographs, Hangul, compatibility ideographs,
    /// full-width forms, and the supplementary ideograph planes. A range test, not a Unicode
    /// property lookup: this runs for every character of every cell.
    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        return (0x2E80...0x9FFF).contains(value) || (0xAC00...0xD7AF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFF00...0xFFEF).contains(value) || (0x20000...0x3FFFD).contains(value) || (0x1100...0x115F).contains(value)
    }

    /// Lines the text takes when wrapped at `width`.
    static func lines(_ text: String, width: Double) -> Int {
        var total = 0
        forEachLine(text) { total += max(1, Int(($0 / max(width, 1)).rounded(.up))) }
        return total
    }

    /// The width of the text's widest line.
    static func widestLine(_ text: String) -> Double {
        var widest = 0.0
        forEachLine(text) { widest = max(widest, $0) }
        return widest
    }

    /// The width of each line, in one pass over the characters (this runs for every cell).
    private static func forEachLine(_ text: String, _ body: (Double) -> Void) {
        var width = 0.0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                body(width)
                width = 0
            } else {
                width += isWide(scalar.value) ? 2 : 1
            }
        }
        body(width)
    }
}
