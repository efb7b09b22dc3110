import Foundation

/// The index sheet of a workbook holding several filings, as data
/// (`Schemas/workbooks/index@VERSION.yaml`): its sheet name, its columns and how a filing's kind
/// is written. The writer lists the form sheets by it; the reader knows the sheet again by its
/// headings and reads no filing from it.
public struct WorkbookIndex: Sendable {
    public enum Field: Sendable {
        /// The form sheet's name, linked to the sheet.
        case sheet
        /// The filing's kind, as `kinds` writes it.
        case kind
        case filing(FilingField)
    }

    public typealias Column = SheetColumn<Field>

    public var header: ArtefactHeader
    public var sheet: String
    public var columns: [Column]
    public var kinds: [Filing.Kind: String]

    public static func standard(_ reference: String = "index") throws -> WorkbookIndex {
        try cache.value(orLoad: {
            let all = try ArtefactFile.loadFolder(DataDirectory.schemas().appendingPathComponent("workbooks"), load)
            return try ArtefactFile.pick(reference, from: all, kind: "workbook index") { $0.header }
        })
    }

    private static let cache = LockedValue<WorkbookIndex>()

    static func load(_ url: URL) throws -> WorkbookIndex {
        var (header, map) = try ArtefactFile.open(url, kind: "workbook")
        let file = url.path
        let sheet = try map.requiredString("sheet")
        let columns = try Column.list(&map, file: file, what: "an index column", known: "sheet, kind or a filing field such as project.name") { name in
            switch name {
            case "sheet": return .sheet
            case "kind": return .kind
            default: return FilingField.named(name).map(Field.filing)
            }
        }
        var kinds: [Filing.Kind: String] = [:]
        if let names = try map.mapping("kinds", what: "kinds") {
            for (key, text) in try names.stringEntries() {
                guard let kind = Filing.Kind(rawValue: key) else {
                    throw JixiaoError("registry-format", key: "index-unknown-kind", ["kind": key], at: names.position(names.mark))
                }
                kinds[kind] = text
            }
        }
        try map.finish()
        guard !columns.isEmpty, columns.contains(where: { if case .sheet = $0.field { return true } else { return false } }) else {
            throw JixiaoError("registry-format", key: "index-without-sheet-column", [:], at: map.position(map.mark))
        }
        return WorkbookIndex(header: header, sheet: sheet, columns: columns, kinds: kinds)
    }

    /// Whether a sheet is such an index: its first filled row holds exactly the column headings.
    func isIndex(_ sheet: XLSXSheet) -> Bool {
        // Only the first row with a filled cell counts: read in place, not as a table of every row.
        guard let first = sheet.cells.firstRow(where: { !$0.isBlank }) else { return false }
        let texts = first.map(\.value.description).filter { !TextCleaning.isBlank($0) }
        return texts.map(FormText.key) == columns.map { FormText.key($0.header) }
    }
}
