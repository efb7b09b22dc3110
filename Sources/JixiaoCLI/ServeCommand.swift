import ArgumentParser
import Foundation
import Jixiao
import JixiaoServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the page for converting filings, the registry and the API over HTTP.",
        discussion: """
            GET / is a page (Chinese; ?lang=en for English) to choose, drop or paste filings, see \
            the indicators as read with their findings, and download the upload form, canonical \
            YAML or the findings. The API is under /api/v1 (described at /openapi.yaml): the \
            registry's artefacts and templates, and POST /api/v1/convert and /api/v1/validate \
            with the file as the body (POST /api/v1/convert/batch: several files as \
            multipart/form-data, a zip back with an output per file). Inputs stay in memory; outputs are made in a private \
            temporary folder that is removed. SIGTERM or Ctrl-C stops it after the requests in \
            flight. With --registry DIR and --token-file F, POST /api/v1/artefacts/{id}/versions \
            (Authorization: Bearer TOKEN, the artefact's YAML as the body) adds a version to DIR \
            once the registry's loaders and the compatibility policy accept it; a released \
            version is never replaced (409), and its digest is added to \
            DIR/Schemas/released.sha256, which every load of DIR checks.

            Exit status: 0 when stopped; 2 when it could not start; 64 for a wrong command line.

            Examples:
              jixiao serve                                   # http://127.0.0.1:8080/
              jixiao serve --port 9000 --registry data/ --token-file /etc/jixiao/token
              curl --data-binary @filing.txt -o form.xlsx \\
              'localhost:8080/api/v1/convert?filename=a.txt&to=xlsx&template=national-core'
              curl -F files=@a.txt -F files=@b.docx -o forms.zip \\
              'localhost:8080/api/v1/convert/batch?to=xlsx&template=national-core'
            """
    )

    @Option(help: ArgumentHelp("Address to listen on (loopback unless told otherwise).", valueName: "HOST"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0: any free port, printed at the start).", valueName: "PORT"))
    var port = 8080

    @Option(help: ArgumentHelp("A folder of local artefacts (Schemas/…, Mappings/) layered over the shipped registry; writes go there.", valueName: "DIR"))
    var registry: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file holding the bearer token that registry writes need (with --registry).", valueName: "F"))
    var tokenFile: String?

    @Option(name: .customLong("max-upload-mb"), help: ArgumentHelp("The largest request body accepted, in MiB; larger ones get 413.", valueName: "MB"))
    var maxUploadMB = 20

    @Option(name: .customLong("queue"), help: ArgumentHelp("How many conversions may run or wait at once; more get 503.", valueName: "N"))
    var queue = 16

    @Option(name: .customLong("time-limit"), help: ArgumentHelp("How many seconds one conversion may take; longer ones get 503.", valueName: "SECONDS"))
    var timeLimit = 120

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard maxUploadMB >= 1 else { throw ValidationError("--max-upload-mb takes 1 or more") }
        guard queue >= 1 else { throw ValidationError("--queue takes 1 or more") }
        guard timeLimit >= 1 else { throw ValidationError("--time-limit takes 1 or more") }
        if let registry {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: registry, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--registry \(registry) is not a folder")
            }
        }
    }

    func run() throws {
        if let registry {
            // Layered over the shipped registry, and read before anything loads it (once per run).
            setenv("JIXIAO_REGISTRY", (registry as NSString).standardizingPath, 1)
        }
        var token: String?
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("cannot read the token file \(tokenFile)")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (token?.count ?? 0) >= 16 else { throw ValidationError("the token in \(tokenFile) is shorter than 16 characters") }
        }
        let options = ServeOptions(host: host, port: port, maximumBodyBytes: maxUploadMB << 20, queueLimit: queue, timeLimit: Double(timeLimit),
                                   registry: registry.map { ($0 as NSString).standardizingPath }, token: token)
        let outcome = LockedOutcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await JixiaoServer.run(options) } catch { outcome.error = String(describing: error) }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            Console.error(error)
            throw ExitStatus.unusable
        }
    }
}

/// The server's end, handed from its task to the waiting command.
private final class LockedOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var error: String? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
