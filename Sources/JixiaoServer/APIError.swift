import Foundation
import Hummingbird
import Jixiao
import NIOCore

/// An error the API answers with `{"error": {"id", "message", "position"}}` and its status.
struct APIError: Error {
    var status: HTTPResponse.Status
    var id: String
    var message: String
    var position: String?
    /// Headers the answer needs (Allow for a 405, WWW-Authenticate for a 401).
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ id: String, _ message: String, position: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.id = id
        self.message = message
        self.position = position
        self.headers = headers
    }

    /// The project's errors keep their ids and positions. Those about the request itself (a
    /// format, template or framework that does not exist) are 400; an input that cannot be
    /// read is 422.
    init(_ error: JixiaoError) {
        let requestErrors: Set = [
            "unknown-format", "no-reader", "no-writer", "unknown-template", "template-required", "unknown-schema", "unknown-mapping",
            "invalid-id", "unknown-kind", "id-mismatch",
        ]
        let status: HTTPResponse.Status = error.id == "version-released" ? .conflict
            : requestErrors.contains(error.id) ? .badRequest : .unprocessableContent
        self.init(status, error.id, error.message, position: error.position?.description)
    }

    init(any error: Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as JixiaoError:
            self.init(error)
        case is NIOTooManyBytesError:
            self.init(.contentTooLarge, "request-too-large", "the request body is larger than this server accepts")
        case let error as HTTPError:
            switch error.status {
            case .notFound: self.init(.notFound, "not-found", "no such resource")
            case .methodNotAllowed: self.init(.methodNotAllowed, "method-not-allowed", "this method is not allowed here")
            default: self.init(error.status, "http-\(error.status.code)", error.body ?? error.status.reasonPhrase)
            }
        default:
            self.init(.internalServerError, "internal", String(describing: error))
        }
    }

    var response: Response {
        var object: [String: Any] = ["id": id, "message": message]
        object["position"] = position ?? NSNull()
        var response = Reply.json(["error": object], status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}

/// The paths the router serves and their methods, to tell a wrong method (405) from a wrong
/// path (404). Filled once the routes are added, before the server starts.
final class RouteTable: @unchecked Sendable {
    private var routes: [(parts: [Substring], method: String)] = []

    func fill(_ descriptions: [(path: String, method: String)]) {
        routes = descriptions.map { (Self.parts($0.path), $0.method) }
    }

    /// The methods served at `path`; empty when none is.
    func methods(at path: String) -> [String] {
        let asked = Self.parts(path)
        return routes.filter { route in
            route.parts.count == asked.count && zip(route.parts, asked).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method).sorted()
    }

    private static func parts(_ path: String) -> [Substring] { path.split(separator: "/") }
}

/// Turns every error thrown below it into the JSON error body, and logs one line per request.
struct ErrorAndLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            var apiError = APIError(any: error)
            // The router's own 404 for a path it serves with other methods is a 405.
            let unrouted = (error as? HTTPError)?.status == .notFound
            let allowed = unrouted ? routes.methods(at: request.uri.path).filter { $0 != request.method.rawValue } : []
            if !allowed.isEmpty {
                apiError = APIError(.methodNotAllowed, "method-not-allowed", "\(request.method) is not served here; allowed: \(allowed.joined(separator: ", "))",
                                    headers: [.allow: allowed.joined(separator: ", ")])
            }
            response = apiError.response
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let line = "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms\n"
        FileHandle.standardError.write(Data(line.utf8))
        return response
    }
}
