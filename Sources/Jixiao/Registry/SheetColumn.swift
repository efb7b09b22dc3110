import Foundation

/// A column of a sheet laid out as data (the consolidated export, a workbook's index sheet): the
/// field it shows, its heading and its width.
public struct SheetColumn<Field: Sendable>: Sendable {
    public var field: Field
    public var header: String
    public var width: Double

    /// The `columns` list of a layout file, each `{field, header, width}`; `field` names the
    /// layout's field for a name, nil for one it does not know (`known` says which it does).
    static func list(_ map: inout YAMLMappingReader, file: String, what: String, known: String,
                     field: (String) -> Field?) throws -> [SheetColumn] {
        try map.list("columns") { node in
            var column = try YAMLMappingReader(node, file: file, what: what)
            let name = try column.requiredString("field")
            guard let field = field(name) else {
                throw JixiaoError("registry-format", key: "column-unknown-field", ["name": name, "known": known], at: column.position(column.mark))
            }
            let result = SheetColumn(field: field, header: try column.requiredString("header"),
                                     width: Double(truncating: (try column.number("width") ?? 12) as NSNumber))
            try column.finish()
            return result
        }
    }
}
