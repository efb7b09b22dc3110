import Foundation

/// The columns of a consolidated export, as data (`Schemas/exports/ID@VERSION.yaml`): each
/// column shows one filing field or one indicator field of every indicator row.
public struct ExportLayout: Sendable {
    public enum Field: Sendable {
        case filing(FilingField)
        case indicator(IndicatorField)
        /// Where the indicator was read (file:line or Sheet!Cell).
        case indicatorSource
    }

    public typealias Column = SheetColumn<Field>

    public var header: ArtefactHeader
    public var sheet: String
    public var columns: [Column]

    public static func standard(_ reference: String = "consolidated") throws -> ExportLayout {
        let layouts = try ArtefactFile.loadFolder(DataDirectory.schemas().appendingPathComponent("exports"), load)
        return try ArtefactFile.pick(reference, from: layouts, kind: "export layout") { $0.header }
    }

    static func load(_ url: URL) throws -> ExportLayout {
        var (header, map) = try ArtefactFile.open(url, kind: "export")
        let file = url.path
        let layout = ExportLayout(
            header: header, sheet: try map.requiredString("sheet"),
            columns: try Column.list(&map, file: file, what: "an export column", known: "indicator.FIELD, indicator.source or filing.PATH", field: field(named:)))
        try map.finish()
        return layout
    }

    private static func field(named name: String) -> Field? {
        if name == "indicator.source" { return .indicatorSource }
        if name.hasPrefix("indicator.") { return IndicatorField(path: String(name.dropFirst("indicator.".count))).map(Field.indicator) }
        if name.hasPrefix("filing.") { return FilingField.named(String(name.dropFirst("filing.".count))).map(Field.filing) }
        return nil
    }

    /// The cells every row of the filing shares (its filing-level columns; nil elsewhere):
    /// worked out once per filing, not once per indicator.
    func filingCells(of filing: Filing) -> [CellValue?] {
        columns.map { column in
            if case .filing(let field) = column.field { return field.get(filing) }
            return nil
        }
    }

    /// One cell of an indicator row, its canonical value as in canonical YAML, with the
    /// filing's own from `filingCells`.
    func cell(_ index: Int, of indicator: Indicator, filingCells: [CellValue?]) -> CellValue? {
        switch columns[index].field {
        case .filing: return filingCells[index]
        case .indicator(let field): return Self.canonicalCells.render(indicator, field)
        case .indicatorSource: return indicator.source.map { .text($0.description) }
        }
    }

    /// Cells as a template with no symbols of its own shows them: the canonical values.
    private static let canonicalCells = IndicatorCells(template: Template(
        id: "canonical", version: SemanticVersion(1, 0, 0), status: .released, title: "canonical", kind: .project,
        framework: "", sheet: "canonical", caption: nil, header: [], tables: [], symbols: [:], aliases: [:],
        units: [], qualitativeOperator: nil, file: nil))
}
