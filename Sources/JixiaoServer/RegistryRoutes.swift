import Foundation
import Hummingbird
import Jixiao

/// Registry reads: the artefacts of `schema list`, their versions and files, and the templates
/// of `jixiao templates`. An id or version from a request is only compared with the listing,
/// never made into a path: the file read is the one the listing names.
enum RegistryRoutes {
    static func add(to router: Router<some RequestContext>) {
        let api = router.group("api/v1")
        api.get("artefacts") { _, _ -> Response in
            let listing = try RegistryListing.standard().artefacts()
            let groups = Dictionary(grouping: listing) { GroupKey(kind: $0.kind, id: $0.id) }
            let entries = groups.keys.sorted().map { key in summary(groups[key]!) }
            return Reply.json(["artefacts": entries])
        }
        api.get("artefacts/{id}/versions") { request, context -> Response in
            let matches = try versions(of: context.parameters.get("id") ?? "", kind: kindParameter(request))
            return Reply.json(summary(matches))
        }
        api.get("artefacts/{id}/versions/{version}") { request, context -> Response in
            let wanted = context.parameters.get("version") ?? ""
            let matches = try versions(of: context.parameters.get("id") ?? "", kind: kindParameter(request))
            guard let header = matches.first(where: { $0.version.description == wanted }) else {
                let known = matches.map(\.version.description).joined(separator: ", ")
                throw APIError(.notFound, "unknown-version", "no version '\(wanted)' of \(matches[0].id); versions: \(known)")
            }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: header.file)))
            if wantsJSON(request) {
                let documents = try YAMLParser.parseStream(bytes, file: "\(header.reference).yaml")
                return Reply.json(documents.first.map(JSONText.value(of:)) ?? [:])
            }
            return Reply.bytes(bytes, type: Reply.yamlType)
        }
        api.get("artefacts/{id}/diff") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let query = request.uri.queryParameters
            guard let from = query["from"].map(String.init), !from.isEmpty, let to = query["to"].map(String.init), !to.isEmpty else {
                throw APIError(.badRequest, "missing-parameter", "a diff needs from=VERSION and to=VERSION")
            }
            let catalog = try FrameworkCatalog.standard()
            guard !catalog.versions(of: id).isEmpty else {
                throw APIError(.notFound, "unknown-artefact", "no framework '\(id)'; diffs are between framework versions")
            }
            func version(_ text: String) throws -> Framework {
                do { return try catalog.framework("\(id)@\(text)") } catch let error as JixiaoError {
                    throw APIError(.notFound, "unknown-version", error.message)
                }
            }
            let older = try version(from), newer = try version(to)
            return Reply.json(["old": older.reference, "new": newer.reference,
                               "changes": FrameworkDiff.changes(from: older, to: newer).map(JSONText.object(for:))])
        }
        api.get("templates") { _, _ -> Response in
            Reply.json(["templates": try TemplateCatalog.standard().templates.map(JSONText.object(for:))])
        }
    }

    private struct GroupKey: Hashable, Comparable {
        var kind: String
        var id: String
        static func < (a: GroupKey, b: GroupKey) -> Bool { (a.kind, a.id) < (b.kind, b.id) }
    }

    /// One artefact id of one kind: its versions in order, and the status of the one used by
    /// default (the latest released, else the latest draft).
    private static func summary(_ headers: [ArtefactHeader]) -> [String: Any] {
        let sorted = headers.sorted { $0.version < $1.version }
        let current = sorted.last { $0.status == .released } ?? sorted.last!
        return [
            "kind": current.kind, "id": current.id, "title": current.title, "status": current.status.rawValue,
            "latest": current.version.description,
            "versions": sorted.map { header -> [String: Any] in
                var object: [String: Any] = ["version": header.version.description, "status": header.status.rawValue, "title": header.title]
                if let from = header.validFrom { object["valid_from"] = from }
                if let to = header.validTo { object["valid_to"] = to }
                return object
            },
        ]
    }

    /// The versions of one id; `kind` picks among kinds that share it (a framework and a template
    /// may both be `hubei-department`).
    private static func versions(of id: String, kind: String?) throws -> [ArtefactHeader] {
        let all = try RegistryListing.standard().artefacts()
        let matches = all.filter { $0.id == id && (kind == nil || $0.kind == kind) }
        guard !matches.isEmpty else {
            throw APIError(.notFound, "unknown-artefact", "no artefact '\(id)'\(kind.map { " of kind \($0)" } ?? ""); see /api/v1/artefacts")
        }
        let kinds = Set(matches.map(\.kind)).sorted()
        guard kinds.count == 1 else {
            throw APIError(.badRequest, "ambiguous-artefact", "'\(id)' names artefacts of several kinds (\(kinds.joined(separator: ", "))); add ?kind=")
        }
        return matches
    }

    private static func kindParameter(_ request: Request) -> String? {
        request.uri.queryParameters["kind"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// JSON when the client asks for it and prefers it to YAML; YAML otherwise.
    private static func wantsJSON(_ request: Request) -> Bool {
        let accept = request.headers[.accept]?.lowercased() ?? ""
        guard let json = accept.range(of: "application/json") else { return false }
        guard let yaml = accept.range(of: "yaml") else { return true }
        return json.lowerBound < yaml.lowerBound
    }
}
