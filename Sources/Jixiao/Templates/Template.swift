import Foundation

/// A provincial XLSX upload form, described as data (`Schemas/templates/ID@VERSION.yaml`): the
/// header block of labelled cells above one or more indicator tables, and how each column shows a
/// canonical field. The writer lays a filing out by it; the reader finds the same labels and
/// column headers again, in our own files and in ones people made by hand.
public struct Template: Equatable, Sendable {
    public var id: String
    public var version: SemanticVersion
    public var status: ReleaseStatus
    public var title: String
    public var kind: Filing.Kind
    /// The framework version whose level-1 and level-2 names fill the dropdown lists.
    public var framework: String
    public var sheet: String
    /// The form's own title, written across the top row.
    public var caption: String?
    public var header: [[HeaderCell]]
    public var tables: [Table]
    /// How a choice is shown in a cell, per field (`op`, `nature`): canonical value -> text.
    public var symbols: [String: [(canonical: String, shown: String)]]
    /// Other spellings accepted when reading a choice, per field: text -> canonical value.
    public var aliases: [String: [(written: String, canonical: String)]]
    /// The unit dropdown list.
    public var units: [String]
    /// Forms that write a qualitative target as this word in the comparator column with the text
    /// in the unit column (seed 001: 文字描述 | | 效果显著).
    public var qualitativeOperator: String?
    public var file: String?

    /// Its registry header, for picking versions and for `schema list`.
    public var artefact: ArtefactHeader {
        ArtefactHeader(kind: "template", id: id, version: version, status: status, title: title, file: file ?? reference)
    }

    /// "yunnan-project@1.0.0"
    public var reference: String { "\(id)@\(version)" }

    /// The number of columns the form spans: its widest table or header row.
    public var width: Int {
        let headerWidth = header.map { $0.reduce(0) { $0 + $1.span } }.max() ?? 0
        return max(headerWidth, tables.map(\.columns.count).max() ?? 0)
    }

    public static func == (lhs: Template, rhs: Template) -> Bool { lhs.reference == rhs.reference }

    /// The text a canonical choice is shown as (`>=` -> `≥`); the canonical text when unmapped.
    public func shown(_ canonical: String, field: String) -> String {
        symbols[field]?.first { $0.canonical == canonical }?.shown ?? canonical
    }

    /// The canonical choice a cell's text stands for, through the shown texts and the aliases.
    public func canonical(_ text: String, field: String) -> String? {
        if let match = symbols[field]?.first(where: { $0.shown == text }) { return match.canonical }
        if let match = aliases[field]?.first(where: { $0.written == text }) { return match.canonical }
        return nil
    }

    /// One cell of the header block: a fixed label, or the value of a filing field.
    public struct HeaderCell: Equatable, Sendable {
        public var label: String?
        public var field: FilingField?
        /// Columns the cell is merged across.
        public var span: Int
        /// An Excel number format for a number field, e.g. "#,##0.00" for amounts.
        public var numberFormat: String?
        /// Other spellings of the label in forms people made by hand.
        public var aliases: [String]
        /// Fields whose value the cell shows when the filing has none for its own field, the
        /// first that has one (项目实施单位 from organization.name).
        public var fillFrom: [FilingField] = []
    }

    /// One indicator table: its caption, the period its rows belong to, and its columns.
    public struct Table: Equatable, Sendable {
        /// Rows of which period go here; nil takes every indicator not placed elsewhere.
        public var period: Period?
        public var caption: String?
        public var columns: [Column]

        /// Header rows: two when any column sits under a group heading (指标值 / 符号).
        public var headerDepth: Int { columns.map(\.header.count).max() ?? 1 }
    }

    public struct Column: Equatable, Sendable {
        /// The heading, outermost first: ["指标值", "符号"] sits under a merged 指标值.
        public var header: [String]
        public var field: IndicatorField
        /// Minimum width in Latin characters; the writer widens it to fit the content.
        public var width: Double
        /// An Excel number format for numeric cells, e.g. "0.00".
        public var numberFormat: String?
        /// Merge equal consecutive values down the rows, as the forms show level-1/level-2.
        public var mergeDown: Bool
        /// Other headings the column goes by in forms people made by hand.
        public var aliases: [String]

        /// The heading text that names the column (the innermost one).
        public var leaf: String { header.last ?? "" }
    }
}

extension Template {
    /// The table an indicator goes into: the first whose period is the indicator's, else the
    /// first open one; nil when the form has no place for it (it then lives in the metadata only).
    public func tableIndex(for indicator: Indicator) -> Int? {
        tables.firstIndex { $0.period == indicator.period } ?? tables.firstIndex { $0.period == nil }
    }

    /// Each table's indicators, in filing order.
    public func placements(of indicators: [Indicator]) -> [[Int]] {
        var result = Array(repeating: [Int](), count: tables.count)
        for (index, indicator) in indicators.enumerated() {
            if let table = tableIndex(for: indicator) { result[table].append(index) }
        }
        return result
    }

    /// What a header cell shows for a filing: its field's value, else the value of the first of
    /// its `fill_from` fields that has one (and which). The writer writes it; the reader takes a
    /// cell still showing it as unchanged.
    func shown(_ cell: HeaderCell, of filing: Filing) -> (value: CellValue?, filledFrom: FilingField?) {
        if let value = cell.field?.get(filing) { return (value, nil) }
        for source in cell.fillFrom {
            if let value = source.get(filing) { return (value, source) }
        }
        return (nil, nil)
    }

    /// The header cell showing a field.
    func headerCell(showing field: FilingField) -> HeaderCell? {
        header.lazy.flatMap { $0 }.first { $0.field == field }
    }

    /// The header fields the form shows, each with the label before it.
    var labelledFields: [(label: HeaderCell, field: FilingField)] {
        header.flatMap { row in
            zip(row, row.dropFirst()).compactMap { pair in
                guard pair.0.label != nil, let field = pair.1.field else { return nil }
                return (pair.0, field)
            }
        }
    }
}
