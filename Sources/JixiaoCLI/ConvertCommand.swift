import ArgumentParser
import Foundation
import Jixiao

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert filings between formats (text, canonical YAML, ...), one or thousands at a time.",
        discussion: """
            Each INPUT is read with the reader its extension implies (or --from); a folder stands \
            for every readable file below it. All filings go to one output (-o, or standard \
            output) as a YAML stream, or to one file each with --out-dir. Use - for standard \
            input or output. Inputs are converted in parallel (-j); a bad input is reported and \
            the others still converted.

            Problems the readers repaired or could not place are reported on standard error as \
            file:line: warning: ... lines; with --report json, standard error holds one JSON \
            report instead (inputs, filings, outputs, diagnostics). Nothing is dropped: text no \
            field holds is kept under `extra` with its position. A progress line shows on a \
            terminal (plain lines every few seconds otherwise; none with --quiet).

            Exit status: 0 when every input was converted; 1 when any input could not be read or \
            written (or, with --strict, gave warnings): the others are still written with \
            --out-dir, while -o writes nothing rather than an incomplete stream; 64 for a wrong \
            command line; 130 when interrupted (no half-written file is left).

            Examples:
              jixiao convert filing.txt -o filing.yaml
              jixiao convert a.yaml b.yaml -o both.yaml
              jixiao convert a.yaml b.yaml --template yunnan-project -o both.xlsx   # a form sheet each
              cat filing.txt | jixiao convert - --from text
              jixiao convert filings/ --out-dir out/ -j 2 --report json 2> report.json
            """
    )

    @OptionGroup var localRegistry: RegistryOption
    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("Input files or folders; - reads standard input.", valueName: "INPUT"))
    var inputs: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write every filing to this file (- for standard output).", valueName: "OUT"))
    var output: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Write one file per filing into this folder (created if missing).", valueName: "DIR"))
    var outDir: String?

    @Option(help: ArgumentHelp("Input format, when the extension does not tell (see `jixiao formats`).", valueName: "FORMAT"))
    var from: String?

    @Option(help: ArgumentHelp("Output format; default: implied by -o's extension, else yaml.", valueName: "FORMAT"))
    var to: String?

    @Option(help: ArgumentHelp("Template id for template formats such as xlsx (see `jixiao templates`).", valueName: "ID"))
    var template: String?

    @Flag(help: "Protect the sheets of an xlsx form (no password): only its data cells can be edited; rows can still be inserted and deleted.")
    var protect = false

    @Option(help: ArgumentHelp("Mapping id from Mappings/ for text inputs, instead of detecting the region (e.g. yunnan).", valueName: "ID"))
    var mapping: String?

    @Option(name: .short, help: ArgumentHelp("How many inputs to convert at once (default: all cores).", valueName: "N"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Treat warnings as errors: write nothing for an input that has any.")
    var strict = false

    @Option(help: ArgumentHelp("How to report diagnostics on standard error: text or json.", valueName: "KIND"))
    var report: ReportKind = .text

    @Flag(name: .shortAndLong, help: "Print errors only: no warnings, progress or summary.")
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
        if jobs < 1 {
            throw ValidationError("-j needs a number of jobs of at least 1")
        }
    }

    func run() throws {
        InterruptHandling.install()
        let writerFormat: FileFormat
        let files: [String]
        do {
            writerFormat = try Conversion.writerFormat(named: to, outputPath: output)
            files = try InputExpansion.expand(inputs)
        } catch let error as JixiaoError {
            throw ValidationError(error.description)
        }
        let batch = ConvertBatch(command: self, files: files, writerFormat: writerFormat)
        let summary = batch.run()
        if report == .json {
            Console.line(summary.jsonReport())
        } else if !quiet && files.count > 1 {
            Console.line(summary.text())
        }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

/// What became of one input.
private struct InputOutcome: Sendable {
    var path: String
    var filings: [Filing] = []
    var outputs: [String] = []
    var diagnostics: [Diagnostic] = []
    var failed = false

    var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// One run of `convert`: reads every input (in parallel), writes the outputs, and keeps the tally.
private struct ConvertBatch: Sendable {
    let files: [String]
    let writerFormat: FileFormat
    let outDir: String?
    let output: String?
    let from: String?
    let readOptions: ReadOptions
    let strict: Bool
    let quiet: Bool
    let textReport: Bool
    let jobs: Int
    let writeOptions: WriteOptions
    let names = OutputNames()
    let inputGuard: InputGuard

    init(command: ConvertCommand, files: [String], writerFormat: FileFormat) {
        self.files = files
        self.writerFormat = writerFormat
        inputGuard = InputGuard(inputs: files)
        outDir = command.outDir
        output = command.output
        from = command.from
        readOptions = ReadOptions(mapping: command.mapping)
        strict = command.strict
        quiet = command.quiet
        textReport = command.report == .text
        jobs = command.jobs
        writeOptions = WriteOptions(template: command.template, protect: command.protect)
    }

    func run() -> BatchSummary {
        if let outDir {
            do {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            } catch {
                let outcome = InputOutcome(path: outDir, diagnostics: [Diagnostic(.error, "output-failed", "cannot create the folder: \(error.localizedDescription)", at: SourcePosition(file: outDir))], failed: true)
                show(outcome.diagnostics)
                return BatchSummary(outcomes: [outcome], elapsed: 0)
            }
        }
        let progress = Progress(total: files.count, enabled: !quiet && textReport && files.count > 1)
        let started = Date()
        var outcomes = ParallelRunner.run(count: files.count, width: jobs, { index in
            convert(files[index])
        }, whenDone: { _, outcome in
            // Diagnostics are printed as each input finishes, above the progress line.
            progress.finished(failed: outcome.failed) { show(outcome.diagnostics) }
        })
        progress.end()
        if outDir == nil { writeCollected(&outcomes) }
        return BatchSummary(outcomes: outcomes, elapsed: Date().timeIntervalSince(started))
    }

    private func convert(_ path: String) -> InputOutcome {
        var outcome = InputOutcome(path: path)
        do {
            // The input's bytes go with the read: memory need not hold them beside the filings.
            let result = try Conversion.read(InputLoader.load(path), from: from, options: readOptions)
            outcome.diagnostics = result.diagnostics
            if strict, let first = result.diagnostics.first(where: { $0.severity >= .warning }) {
                throw JixiaoError("strict", "stopped by --strict: \(first.message)", at: first.position)
            }
            if let outDir {
                for (index, filing) in result.filings.enumerated() {
                    let destination = names.claim(in: outDir, input: path, index: index, of: result.filings.count, extension: writerFormat.extensions.first ?? writerFormat.name)
                    outcome.diagnostics += try Conversion.write([filing], format: writerFormat, to: destination, guarding: inputGuard, options: writeOptions)
                    outcome.outputs.append(destination)
                }
            } else {
                outcome.filings = result.filings
            }
        } catch {
            outcome.failed = true
            outcome.diagnostics.append(Self.diagnostic(for: error, path: path))
        }
        return outcome
    }

    /// Everything to one output, unless an input failed: a partial stream would look complete.
    private func writeCollected(_ outcomes: inout [InputOutcome]) {
        guard !outcomes.contains(where: \.failed) else { return }
        let filings = outcomes.flatMap(\.filings)
        let target = output ?? "-"
        do {
            if filings.count > 1 && !writerFormat.writer!.holdsSeveralFilings {
                throw JixiaoError("several-filings", "\(filings.count) filings do not fit one \(writerFormat.name) file; use --out-dir")
            }
            let diagnostics = try Conversion.write(filings, format: writerFormat, to: output, guarding: inputGuard, options: writeOptions)
            show(diagnostics)
            outcomes[outcomes.count - 1].diagnostics += diagnostics
            for index in outcomes.indices { outcomes[index].outputs = [target] }
        } catch {
            let diagnostic = Self.diagnostic(for: error, path: target)
            show([diagnostic])
            outcomes.append(InputOutcome(path: target, diagnostics: [diagnostic], failed: true))
        }
    }

    private func show(_ diagnostics: [Diagnostic]) {
        guard textReport else { return }
        for diagnostic in diagnostics where !quiet || diagnostic.severity == .error {
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
}

/// Output names for --out-dir: base.ext, or base-1.ext, base-2.ext for several filings; a name
/// already taken in this run (same base name from another folder) gets _2, _3 ...
private final class OutputNames: @unchecked Sendable {
    private let lock = NSLock()
    private var used: Set<String> = []

    func claim(in folder: String, input: String, index: Int, of count: Int, extension ext: String) -> String {
        let base = input == "-" ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        let stem = count > 1 ? "\(base)-\(index + 1)" : base
        return lock.withLock {
            var name = stem
            var attempt = 2
            while used.contains(name) {
                name = "\(stem)_\(attempt)"
                attempt += 1
            }
            used.insert(name)
            return (folder as NSString).appendingPathComponent("\(name).\(ext)")
        }
    }
}

private struct BatchSummary {
    var outcomes: [InputOutcome]
    var elapsed: TimeInterval

    var failed: Int { outcomes.filter(\.failed).count }
    var converted: Int { outcomes.filter { !$0.failed }.count }
    var warnings: Int { outcomes.reduce(0) { $0 + $1.warnings } }

    func text() -> String {
        var lines = ["converted \(converted) of \(outcomes.count) inputs, \(warnings) warnings, \(failed) failed, in \(String(format: "%.1f", elapsed)) s"]
        for outcome in outcomes where outcome.failed {
            let reason = outcome.diagnostics.last { $0.severity == .error }?.description ?? "failed"
            lines.append("  failed: \(reason)")
        }
        return lines.joined(separator: "\n")
    }

    func jsonReport() -> String {
        let inputs: [[String: Any]] = outcomes.map { outcome in
            var entry: [String: Any] = [
                "input": outcome.path, "failed": outcome.failed, "outputs": outcome.outputs,
                "diagnostics": outcome.diagnostics.map(JSONText.object(for:)),
            ]
            if !outcome.filings.isEmpty || !outcome.outputs.isEmpty {
                entry["filings"] = max(outcome.filings.count, outcome.outputs.count)
            }
            return entry
        }
        let report: [String: Any] = [
            "inputs": inputs, "converted": converted, "failed": failed, "warnings": warnings,
            "seconds": (elapsed * 1000).rounded() / 1000,
        ]
        return (try? JSONText.render(report)) ?? "{}"
    }
}
