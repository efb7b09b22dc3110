import Foundation
import Hummingbird
import Jixiao

/// Registry writes: POST /api/v1/artefacts/{id}/versions with the artefact's YAML as the body,
/// checked and stored by `RegistryPublication` in the `--registry` folder. Only with a token
/// (`--token-file`) and a registry folder; one write at a time.
struct RegistryWrites: Sendable {
    let options: ServeOptions
    let queue: WorkQueue
    private let writing = NSLock()

    init(options: ServeOptions, queue: WorkQueue) {
        self.options = options
        self.queue = queue
    }

    func add(to router: Router<some RequestContext>) {
        router.group("api/v1").post("artefacts/{id}/versions") { request, context -> Response in
            guard let given = Self.bearer(request) else {
                throw Self.unauthorized("registry writes need Authorization: Bearer TOKEN")
            }
            guard let token = options.token, let registry = options.registry else {
                throw APIError(.forbidden, "writes-disabled", "this server takes no registry writes: start it with --registry DIR and --token-file F")
            }
            guard Self.same(given, token) else { throw Self.unauthorized("the token is not this server's") }
            let id = context.parameters.get("id") ?? ""
            let kind = try Self.kind(of: id, asked: request.uri.queryParameters["kind"].map(String.init))
            let upload = try await Upload.read(request, limit: options.maximumBodyBytes)
            let root = URL(fileURLWithPath: registry)
            let published = try await queue.run { [writing] in
                try writing.withLock { try RegistryPublication.publish(upload.input.bytes, id: id, kind: kind, root: root) }
            }
            let header = published.header
            let object: [String: Any] = [
                "kind": header.kind, "id": header.id, "version": header.version.description, "status": header.status.rawValue,
                "title": header.title, "replaced_draft": published.replacedDraft,
            ]
            var response = Reply.json(object, status: published.replacedDraft ? .ok : .created)
            response.headers[.location] = "/api/v1/artefacts/\(header.id)/versions/\(header.version)?kind=\(header.kind)"
            return response
        }
    }

    /// The kind asked for, else the one kind the id already has; a new id needs `?kind=`.
    private static func kind(of id: String, asked: String?) throws -> String {
        if let asked, !asked.isEmpty { return asked }
        let kinds = Set(try RegistryListing.standard().artefacts().filter { $0.id == id }.map(\.kind))
        guard kinds.count == 1, let kind = kinds.first else {
            throw APIError(.badRequest, "kind-required", kinds.isEmpty
                ? "'\(id)' is a new artefact: say its kind with ?kind= (framework, mapping, template ...)"
                : "'\(id)' names artefacts of several kinds (\(kinds.sorted().joined(separator: ", "))); add ?kind=")
        }
        return kind
    }

    private static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares every byte whatever differs first, so the time taken tells nothing of the token.
    private static func same(_ given: String, _ token: String) -> Bool {
        let a = Array(given.utf8), b = Array(token.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    private static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, "unauthorized", message, headers: [.wwwAuthenticate: "Bearer"])
    }
}
