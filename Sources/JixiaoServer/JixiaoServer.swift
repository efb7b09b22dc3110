import Foundation
import Hummingbird
import Jixiao

/// `jixiao serve`: the page, the registry and the work of the commands over HTTP. The routes
/// only read requests and shape responses; the work is the library's (Conversion, Validator,
/// the registry catalogs), as for the command line.
public enum JixiaoServer {
    /// The routes, for the server and for tests.
    static func router(_ options: ServeOptions) throws -> Router<BasicRequestContext> {
        // Load the registry once before serving, so that a broken data folder stops the start.
        _ = try RegistryListing.standard().artefacts()
        _ = try TemplateCatalog.standard()
        let router = Router()
        let routes = RouteTable()
        router.add(middleware: ErrorAndLogMiddleware(routes: routes))
        let queue = WorkQueue(limit: options.queueLimit, timeLimit: options.timeLimit)
        router.get("healthz") { _, _ -> Response in Reply.json(["status": "ok"]) }
        router.get("openapi.yaml") { _, _ -> Response in
            Reply.bytes(Array(try PageWords.resource("openapi", "yaml").utf8), type: Reply.yamlType)
        }
        RegistryRoutes.add(to: router)
        WorkRoutes(options: options, queue: queue).add(to: router)
        RegistryWrites(options: options, queue: queue).add(to: router)
        try PageRoutes(options: options, queue: queue).add(to: router)
        routes.fill(router.routes.map { ("\($0.path)", $0.method.rawValue) })
        return router
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    public static func run(_ options: ServeOptions) async throws {
        let app = Application(
            router: try router(options),
            // A connection that sends nothing for half a minute (a stalled upload) is closed.
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "jixiao"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                let host = options.host.contains(":") ? "[\(options.host)]" : options.host
                FileHandle.standardError.write(Data("jixiao serve: listening on http://\(host):\(port)/\n".utf8))
            }
        )
        try await app.runService()
    }
}
