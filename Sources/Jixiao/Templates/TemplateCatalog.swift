import Foundation

/// Every template version found under `Schemas/templates/`, each file named `ID@VERSION.yaml`.
public struct TemplateCatalog: Sendable {
    public var templates: [Template]

    public init(templates: [Template]) {
        self.templates = templates.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// The default data folder's templates.
    public static func standard() throws -> TemplateCatalog {
        try cache.value(orLoad: { try load(from: DataDirectory.schemas().appendingPathComponent("templates")) })
    }

    /// Loaded once per process: a batch converts thousands of files with the same templates.
    private static let cache = LockedValue<TemplateCatalog>()

    public static func load(from folder: URL) throws -> TemplateCatalog {
        TemplateCatalog(templates: try ArtefactFile.loadFolder(folder, TemplateLoader.load))
    }

    /// Each template's latest released version (its latest draft when none is released): the
    /// ones a form with no hidden sheet naming its template is matched against.
    public var latest: [Template] {
        var seen = Set<String>()
        return templates.compactMap { template in
            guard seen.insert(template.id).inserted else { return nil }
            return try? self.template(template.id)
        }
    }

    /// `id` or `id@version`; without a version, the latest released one.
    public func template(_ reference: String) throws -> Template {
        try ArtefactFile.pick(
            reference, from: templates, kind: "template", errorID: "unknown-template", hint: " (see `jixiao templates`)"
        ) { $0.artefact }
    }
}

enum TemplateLoader {
    static func load(_ url: URL) throws -> Template {
        var (header, map) = try ArtefactFile.open(url, kind: "template")
        let file = url.path
        guard let kind = try map.choice("kind", Filing.Kind.self) else {
            throw JixiaoError("missing-field", key: "template-without-kind", [:], at: map.position(map.mark))
        }
        let template = Template(
            id: header.id, version: header.version, status: header.status, title: header.title, kind: kind, framework: try map.requiredString("framework"),
            sheet: try sheetName(map.requiredString("sheet"), map.position(map.mark)),
            caption: try map.string("caption"),
            header: try map.list("header") { try headerRow($0, file: file) },
            tables: try map.list("tables") { try table($0, file: file) },
            symbols: try pairs(&map, "symbols", file: file).mapValues { $0.map { (canonical: $0.0, shown: $0.1) } },
            aliases: try pairs(&map, "aliases", file: file).mapValues { $0.map { (written: $0.0, canonical: $0.1) } },
            units: try map.stringList("units"), qualitativeOperator: try map.string("qualitative_operator"), file: file)
        try map.finish()
        guard !template.tables.isEmpty else {
            throw JixiaoError("registry-format", key: "template-without-table", ["template": header.id], at: map.position(map.mark))
        }
        return template
    }

    /// Sheet names as Excel takes them (`XLSXSheetName`).
    private static func sheetName(_ name: String, _ position: SourcePosition) throws -> String {
        guard XLSXSheetName.isValid(name) else {
            throw JixiaoError("registry-format", key: "sheet-name-invalid", ["name": name], at: position)
        }
        return name
    }

    /// A mapping of field -> (mapping of text -> text), keeping the file's order.
    static func pairs(_ map: inout YAMLMappingReader, _ key: String, file: String) throws -> [String: [(String, String)]] {
        guard var outer = try map.mapping(key, what: key) else { return [:] }
        var result: [String: [(String, String)]] = [:]
        for entry in outer.allEntries {
            guard let inner = try outer.mapping(entry.key.text, what: "\(key).\(entry.key.text)") else { continue }
            result[entry.key.text] = try inner.stringEntries()
        }
        try outer.finish()
        return result
    }

    private static func headerRow(_ node: YAMLNode, file: String) throws -> [Template.HeaderCell] {
        guard case .sequence(let cells, _) = node else {
            throw JixiaoError("yaml-wrong-shape", key: "template-header-row", [:], at: YAMLParser.position(file, node.mark))
        }
        return try cells.map { cell in
            var map = try YAMLMappingReader(cell, file: file, what: "a header cell")
            let label = try map.string("label")
            let fieldName = try map.string("field")
            func named(_ name: String) throws -> FilingField {
                guard let field = FilingField.named(name) else {
                    let known = FilingField.all.map(\.path).joined(separator: ", ")
                    throw JixiaoError("registry-format", key: "template-unknown-field", ["name": name, "known": known], at: map.position(map.mark))
                }
                return field
            }
            let field = try fieldName.map(named)
            let fillFrom = try map.stringList("fill_from").map(named)
            if !fillFrom.isEmpty, field == nil {
                throw JixiaoError("registry-format", key: "template-fill-from", [:], at: map.position(map.mark))
            }
            guard (label == nil) != (field == nil) else {
                throw JixiaoError("registry-format", key: "template-header-cell", [:], at: map.position(map.mark))
            }
            let span = try map.number("span").map { NSDecimalNumber(decimal: $0).intValue } ?? 1
            let result = Template.HeaderCell(
                label: label, field: field, span: max(1, span), numberFormat: try map.string("number_format"),
                aliases: try map.stringList("aliases"), fillFrom: fillFrom)
            try map.finish()
            return result
        }
    }

    private static func table(_ node: YAMLNode, file: String) throws -> Template.Table {
        var map = try YAMLMappingReader(node, file: file, what: "a table")
        let table = Template.Table(
            period: try map.choice("period", Period.self), caption: try map.string("caption"),
            columns: try map.list("columns") { try column($0, file: file) })
        try map.finish()
        return table
    }

    private static func column(_ node: YAMLNode, file: String) throws -> Template.Column {
        var map = try YAMLMappingReader(node, file: file, what: "a column")
        let header: [String]
        if case .sequence? = map.node("header") {
            header = try map.stringList("header")
        } else {
            header = [try map.requiredString("header")]
        }
        let path = try map.requiredString("field")
        guard let field = IndicatorField(path: path) else {
            throw JixiaoError("registry-format", key: "template-unknown-indicator-field", ["path": path], at: map.position(map.mark))
        }
        let column = Template.Column(
            header: header, field: field,
            width: try map.number("width").map { NSDecimalNumber(decimal: $0).doubleValue } ?? 10,
            numberFormat: try map.string("number_format"),
            mergeDown: try map.scalar("merge_down")?.text == "true",
            aliases: try map.stringList("aliases"))
        try map.finish()
        guard (1...2).contains(header.count) else {
            throw JixiaoError("registry-format", key: "template-column-levels", [:], at: map.position(map.mark))
        }
        return column
    }
}
