import Foundation

/// JSON output for scripts and the HTTP API, with sorted keys so that it is stable.
public enum JSONText {
    public static func render(_ object: Any) throws -> String {
        String(decoding: try data(object), as: UTF8.self)
    }

    public static func data(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    public static func object(for diagnostic: Diagnostic) -> [String: Any] {
        var object: [String: Any] = [
            "severity": diagnostic.severity.rawValue, "id": diagnostic.id, "message": diagnostic.text(),
        ]
        // The field a message names by its label, as its path for scripts.
        if let field = diagnostic.arguments["field"] { object["field"] = field }
        if let position = diagnostic.position { object["position"] = position.description }
        if let value = diagnostic.value { object["value"] = value }
        return object
    }

    /// A registry artefact as `schema list --json` and the API list it.
    public static func object(for header: ArtefactHeader) -> [String: Any] {
        var object: [String: Any] = [
            "kind": header.kind, "id": header.id, "version": header.version.description,
            "status": header.status.rawValue, "title": header.title, "file": header.file,
        ]
        if let from = header.validFrom { object["valid_from"] = from }
        if let to = header.validTo { object["valid_to"] = to }
        return object
    }

    /// A typed change between two framework versions, as `schema diff --json` and the API give it.
    public static func object(for change: FrameworkChange) -> [String: Any] {
        var object: [String: Any] = ["kind": change.kind.rawValue]
        if let value = change.oldPath { object["old_path"] = value }
        if let value = change.newPath { object["new_path"] = value }
        if let value = change.oldCode { object["old_code"] = value }
        if let value = change.newCode { object["new_code"] = value }
        if let value = change.detail { object["detail"] = value }
        return object
    }

    /// A recovered table as `tables --format json` and the API give it.
    public static func object(for table: RecoveredTable) -> [String: Any] {
        ["name": table.name, "source": table.source.description, "layout": table.layout,
         "cells": table.cells.map { cell in
             ["row": cell.row, "column": cell.column, "row_span": cell.rowSpan, "column_span": cell.columnSpan,
              "text": cell.text, "source": cell.source?.description ?? ""] as [String: Any]
         }]
    }

    /// An upload form as `templates --json` and the API list it.
    public static func object(for template: Template) -> [String: Any] {
        ["id": template.id, "version": template.version.description, "status": template.status.rawValue,
         "kind": template.kind.rawValue, "framework": template.framework, "title": template.title,
         "columns": template.tables.flatMap { $0.columns.map { $0.header.joined(separator: "/") } }]
    }

    /// A YAML tree as JSON values: plain scalars that read as numbers, booleans or null become
    /// those; every other scalar stays text.
    public static func value(of node: YAMLNode) -> Any {
        switch node {
        case .scalar(let scalar):
            guard scalar.isPlain else { return scalar.text }
            switch scalar.text {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            case "null", "Null", "NULL", "~", "": return NSNull()
            default:
                if let integer = Int(scalar.text) { return integer }
                if scalar.text.contains("."), let number = Double(scalar.text), number.isFinite { return number }
                return scalar.text
            }
        case .sequence(let items, _):
            return items.map(value(of:))
        case .mapping(let pairs, _):
            var object: [String: Any] = [:]
            for pair in pairs { object[pair.key.text] = value(of: pair.value) }
            return object
        }
    }
}
