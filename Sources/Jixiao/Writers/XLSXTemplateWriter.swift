import Foundation

/// Writes one filing into a provincial XLSX form described by a template: the header block,
/// the indicator tables with level-1/level-2 merged down, dropdowns, and a protected sheet whose
/// data cells stay editable. The whole filing also goes, as canonical YAML, into a hidden
/// metadata sheet, so fields the visible form has no place for are not lost; they are reported.
public struct XLSXTemplateWriter: FilingWriter {
    public init() {}

    public var holdsSeveralFilings: Bool { false }

    /// The hidden sheets: the filing as canonical YAML, and long dropdown lists.
    static let metadataSheet = "_jixiao"
    static let listsSheet = "_lists"
    /// Empty editable rows left under each table for indicators added by hand.
    static let spareRows = 3

    public func write(_ filings: [Filing], to url: URL, options: WriteOptions) throws -> [Diagnostic] {
        let catalog = try TemplateCatalog.standard()
        guard let reference = options.template else {
            let known = catalog.templates.map(\.reference).joined(separator: ", ")
            throw JixiaoError("template-required", "the xlsx writer needs --template ID; templates: \(known)")
        }
        let template = try catalog.template(reference)
        guard filings.count == 1, let filing = filings.first else {
            throw JixiaoError("several-filings", "one XLSX form holds one filing; \(filings.count) given (use --out-dir)")
        }
        let framework = try FrameworkCatalog.standard().framework(template.framework)
        var diagnostics: [Diagnostic] = []
        if filing.kind != template.kind {
            diagnostics.append(Diagnostic(
                .warning, "xlsx-template-kind",
                "template \(template.reference) is a \(template.kind.rawValue) form; this filing is a \(filing.kind.rawValue) filing"))
        }
        let workbook = try XLSXWorkbookWriter(path: url.path)
        var layout = FormLayout(template: template, framework: framework, workbook: workbook, sheet: try workbook.addSheet(template.sheet))
        try layout.write(filing)
        // One canonical tree serves the hidden copy and the report of what the form cannot show.
        let document = CanonicalYAML.node(for: filing)
        try writeMetadata(document, template: template, into: workbook.addSheet(Self.metadataSheet))
        try workbook.close()
        diagnostics += FormCoverage(template: template).droppedFields(of: filing, document: document)
        return diagnostics
    }

    /// Template reference in B1, the canonical YAML in B2, B3 ... in pieces a cell can hold.
    private func writeMetadata(_ document: YAMLNode, template: Template, into sheet: XLSXWorkbookWriter.Sheet) throws {
        let plain = XLSXCellStyle(wrap: false, border: false)
        try sheet.write(.text("template"), row: 0, column: 0, style: plain)
        try sheet.write(.text(template.reference), row: 0, column: 1, style: plain)
        let yaml = String(decoding: try YAMLEmitter.emit([document]), as: UTF8.self)
        for (index, piece) in MetadataText.pieces(of: yaml).enumerated() {
            try sheet.write(.text("filing"), row: index + 1, column: 0, style: plain)
            try sheet.write(.text(piece), row: index + 1, column: 1, style: plain)
        }
        sheet.hide()
    }
}

/// Splitting long text over cells of at most 32,767 UTF-16 units, without splitting a character.
enum MetadataText {
    static let pieceLength = 30_000

    static func pieces(of text: String) -> [String] {
        // Most filings fit one cell: no need to walk the characters.
        if text.utf16.count <= pieceLength { return [text] }
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
}

/// Lays one filing out on the form's sheet, top to bottom.
private struct FormLayout {
    let template: Template
    let framework: Framework
    let workbook: XLSXWorkbookWriter
    let sheet: XLSXWorkbookWriter.Sheet
    let cells: IndicatorCells
    var row = 0
    /// Display widths per column, grown to fit what is written.
    var widths: [Double]
    var rowHeights: [Int: Double] = [:]
    var listsSheet: XLSXWorkbookWriter.Sheet?
    var listColumns: [String: String] = [:]

    static let caption = XLSXCellStyle(bold: true, fontSize: 16, wrap: false, border: false, centered: true)
    static let label = XLSXCellStyle(bold: true, centered: true, fill: 0xDDEBF7)
    static let heading = XLSXCellStyle(bold: true, centered: true, fill: 0xDDEBF7)
    static let tableCaption = XLSXCellStyle(bold: true, fontSize: 12, centered: false, fill: 0xBDD7EE)
    static let data = XLSXCellStyle(locked: false)

    init(template: Template, framework: Framework, workbook: XLSXWorkbookWriter, sheet: XLSXWorkbookWriter.Sheet) {
        self.template = template
        self.framework = framework
        self.workbook = workbook
        self.sheet = sheet
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
        sheet.protect()
        sheet.setLandscapeA4FitWidth()
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
                try put(field.get(filing), columns: columns, style: style)
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
                for (column, spec) in table.columns.enumerated() { widen(column, for: cells.render(filing.indicators[index], spec.field)) }
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
                try sheet.dropdown(rows: rows, column: column, list: nil, rangeFormula: try listRange(name, list))
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

    /// Lists too long for a literal go to a column of the hidden `_lists` sheet.
    private mutating func listRange(_ name: String, _ list: [String]) throws -> String {
        if let known = listColumns[name] { return known }
        if listsSheet == nil {
            listsSheet = try workbook.addSheet(XLSXTemplateWriter.listsSheet)
            listsSheet!.hide()
        }
        let column = listColumns.count
        for (index, item) in list.enumerated() {
            try listsSheet!.write(.text(item), row: index, column: column, style: XLSXCellStyle(wrap: false, border: false))
        }
        let letter = XLSXCellReference.columnName(column)
        let formula = "=\(XLSXTemplateWriter.listsSheet)!$\(letter)$1:$\(letter)$\(list.count)"
        listColumns[name] = formula
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
