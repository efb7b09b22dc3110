import ArgumentParser
import Foundation
import Jixiao

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert filings between formats (text, canonical YAML, ...).",
        discussion: """
            Each INPUT is read with the reader its extension implies (or --from); all filings \
            go to one output (-o, or standard output) as a YAML stream, or to one file each \
            with --out-dir. Use - for standard input or output.

            Problems the readers repaired or could not place are reported on standard error as \
            file:line: warning: ... lines (or JSON with --report json); nothing is dropped: text \
            no field holds is kept under `extra` with its position.

            Exit status: 0 when every input was converted; 1 when an input could not be read or \
            written (or, with --strict, gave warnings); 64 for a wrong command line.

            Examples:
              jixiao convert filing.txt -o filing.yaml
              jixiao convert a.yaml b.yaml -o both.yaml
              cat filing.txt | jixiao convert - --from text
              jixiao convert Examples/*.txt --out-dir out/ --report json
            """
    )

    @Argument(help: ArgumentHelp("Input files; - reads standard input.", valueName: "INPUT"))
    var inputs: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write every filing to this file (- for standard output).", valueName: "OUT"))
    var output: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Write one file per filing into this folder (created if missing).", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("Input format, when the extension does not tell (see `jixiao formats`).", valueName: "FORMAT"))
    var from: String?

    @Option(help: ArgumentHelp("Output format; default: implied by -o's extension, else yaml.", valueName: "FORMAT"))
    var to: String?

    @Option(help: ArgumentHelp("Mapping id from Mappings/ for reading text (default: detected from the text).", valueName: "ID"))
    var mapping: String?

    @Option(help: ArgumentHelp("Template id for template formats such as xlsx (see `jixiao templates`).", valueName: "ID"))
    var template: String?

    @Flag(help: "Treat warnings as errors: write nothing for an input that has any.")
    var strict = false

    @Option(help: ArgumentHelp("How to report diagnostics on standard error: text or json.", valueName: "KIND"))
    var report: ReportKind = .text

    @Flag(name: .shortAndLong, help: "Print errors only.")
    var quiet = false

    enum ReportKind: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if output != nil && outDir != nil {
            throw ValidationError("use either -o/--output or --out-dir, not both")
        }
        if inputs.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
    }

    func run() throws {
        InterruptHandling.install()
        let writerFormat: FileFormat
        do {
            writerFormat = try Conversion.writerFormat(named: to, outputPath: output)
        } catch let error as JixiaoError {
            throw ValidationError(error.message)
        }
        var session = ConvertSession(command: self, writerFormat: writerFormat)
        session.run()
        // On standard error, as the option says: standard output may be carrying the filings.
        if report == .json { Console.line(session.jsonReport()) }
        if session.failed > 0 { throw ExitCode(1) }
    }
}

/// One run of `convert`: reads each input, writes its outputs, and keeps the tally.
private struct ConvertSession {
    let command: ConvertCommand
    let writerFormat: FileFormat
    var failed = 0
    var entries: [[String: Any]] = []
    var collected: [Filing] = []
    var usedNames: Set<String> = []

    init(command: ConvertCommand, writerFormat: FileFormat) {
        self.command = command
        self.writerFormat = writerFormat
    }

    mutating func run() {
        let options = WriteOptions(template: command.template)
        for path in command.inputs {
            var entry: [String: Any] = ["input": path]
            var diagnostics: [Diagnostic] = []
            do {
                let input = try InputLoader.load(path)
                let result = try Conversion.read(input, from: command.from, options: ReadOptions(mapping: command.mapping))
                diagnostics = result.diagnostics
                entry["filings"] = result.filings.count
                if command.strict, let first = diagnostics.first(where: { $0.severity >= .warning }) {
                    throw JixiaoError("strict", "stopped by --strict: \(first.message)", at: first.position)
                }
                if let outDir = command.outDir {
                    entry["outputs"] = try writeEach(result.filings, of: path, into: outDir, options: options, diagnostics: &diagnostics)
                } else {
                    collected += result.filings
                }
            } catch {
                failed += 1
                diagnostics.append(Self.diagnostic(for: error, path: path))
            }
            entry["diagnostics"] = diagnostics.map(JSONText.object(for:))
            show(diagnostics)
            entries.append(entry)
        }
        if command.outDir == nil { writeCollected(options: options) }
    }

    /// Everything to one output, unless an input failed: a partial stream would look complete.
    private mutating func writeCollected(options: WriteOptions) {
        guard failed == 0 else { return }
        do {
            if collected.count > 1 && !writerFormat.writer!.holdsSeveralFilings {
                throw JixiaoError(
                    "several-filings", "\(collected.count) filings do not fit one \(writerFormat.name) file; use --out-dir")
            }
            let diagnostics = try Conversion.write(collected, format: writerFormat, to: command.output, inputs: command.inputs, options: options)
            show(diagnostics)
        } catch {
            failed += 1
            show([Self.diagnostic(for: error, path: command.output ?? "-")])
        }
    }

    private mutating func writeEach(
        _ filings: [Filing], of path: String, into folder: String, options: WriteOptions,
        diagnostics: inout [Diagnostic]
    ) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let ext = writerFormat.extensions.first ?? writerFormat.name
        var written: [String] = []
        for (index, filing) in filings.enumerated() {
            // base.yaml, or base-1.yaml, base-2.yaml ...; inputs of the same name elsewhere get _2.
            let stem = filings.count > 1 ? "\(base)-\(index + 1)" : base
            var name = stem
            var attempt = 2
            while usedNames.contains(name) {
                name = "\(stem)_\(attempt)"
                attempt += 1
            }
            usedNames.insert(name)
            let destination = URL(fileURLWithPath: folder).appendingPathComponent("\(name).\(ext)").path
            diagnostics += try Conversion.write([filing], format: writerFormat, to: destination, inputs: command.inputs, options: options)
            written.append(destination)
        }
        return written
    }

    private func show(_ diagnostics: [Diagnostic]) {
        guard command.report == .text else { return }
        for diagnostic in diagnostics where !command.quiet || diagnostic.severity == .error {
            Console.line(diagnostic.description)
        }
    }

    static func diagnostic(for error: Error, path: String) -> Diagnostic {
        if let error = error as? JixiaoError {
            var diagnostic = error.diagnostic
            if diagnostic.position == nil { diagnostic.position = SourcePosition(file: path) }
            return diagnostic
        }
        return Diagnostic(.error, "failed", "\(error.localizedDescription)", at: SourcePosition(file: path))
    }

    func jsonReport() -> String {
        let report: [String: Any] = ["inputs": entries, "failed": failed, "converted": command.inputs.count - failed]
        return (try? JSONText.render(report)) ?? "{}"
    }
}
