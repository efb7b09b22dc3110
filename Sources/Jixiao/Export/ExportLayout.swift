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
    /// How choices are written, by indicator field: canonical -> shown (`nature`: qualitative ->
    /// 定性), as a template's `symbols`; a choice not listed is written canonical.
    public var symbols: [String: [(canonical: String, shown: String)]] = [:]
    private var cells = ExportLayout.canonicalCells

    public static func standard(_ reference: String = "consolidated") throws -> ExportLayout {
        let layouts = try ArtefactFile.loadFolder(DataDirectory.schemas().appendingPathComponent("exports"), load)
        return try ArtefactFile.pick(reference, from: layouts, kind: "export layout") { $0.header }
    }

    static func load(_ url: URL) throws -> ExportLayout {
        var (header, map) = try ArtefactFile.open(url, kind: "export")
        let file = url.path
        var layout = ExportLayout(
            header: header, sheet: try map.requiredString("sheet"),
            columns: try Column.list(&map, file: file, what: "an export column", known: "indicator.FIELD, indicator.source or filing.PATH", field: field(named:)))
        layout.symbols = try TemplateLoader.pairs(&map, "symbols", file: file).mapValues { $0.map { (canonical: $0.0, shown: $0.1) } }
        if !layout.symbols.isEmpty { layout.cells = IndicatorCells(template: canonicalTemplate(symbols: layout.symbols)) }
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
        case .indicator(let field): return cells.render(indicator, field)
        case .indicatorSource: return indicator.source.map { .text($0.description) }
        }
    }

    /// Cells as a template with no symbols of its own shows them: the canonical values.
    private static let canonicalCells = IndicatorCells(template: canonicalTemplate(symbols: [:]))

    private static func canonicalTemplate(symbols: [String: [(canonical: String, shown: String)]]) -> Template {
        Template(
            id: "canonical", version: SemanticVersion(1, 0, 0), status: .released, title: "canonical", kind: .project,
            framework: "", sheet: "canonical", caption: nil, header: [], tables: [], symbols: symbols, aliases: [:],
            units: [], qualitativeOperator: nil, file: nil)
    }
}
