import ArgumentParser
import Foundation
import Jixiao

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert filings between formats (text, Word, PDF, canonical YAML, XLSX forms), one or thousands at a time.",
        discussion: """
            Each INPUT is read with the reader its extension implies (or --from); a folder stands \
            for every readable file below it. All filings go to one output (-o, or standard \
            output), or to one file each with --out-dir. Use - for standard input or output. \
            Inputs are converted in parallel (-j); a bad input is reported and the others still \
            converted.

            The output format is --to, else the one -o's extension names (.yaml, .xlsx), else \
            yaml. --template ID fills that XLSX upload form (see `jixiao templates`) and so \
            implies xlsx; --to xlsx without a template fills the form the region's mapping names, \
            and says which. An extension or format Jixiao cannot write is refused (exit 64).

            Problems the readers repaired or could not place are reported on standard error, one \
            line each, starting with the file they are in. Without -v, what an XLSX form has no \
            place for is one summary line per form; -v lists each field. With --format json, \
            standard error holds one JSON report instead (inputs, filings, outputs, diagnostics). \
            Nothing is dropped: text no field holds is kept under `extra` with its position.

            Exit status: see "Exit status" in README.md (0 done, 1 stopped by --strict, 2 an \
            input unreadable or an output unwritable, 64 a wrong command line, 130 interrupted). \
            With --out-dir the good inputs are still written; -o writes nothing rather than an \
            incomplete stream.

            Examples:
              jixiao convert filing.txt -o filing.yaml
              jixiao convert a.yaml b.yaml -o both.yaml
              jixiao convert filing.txt --template yunnan-project -o form.xlsx
              jixiao convert filing.txt --to xlsx --out-dir forms/
              cat filing.txt | jixiao convert - --from text
              jixiao convert filings/ --out-dir out/ -j 2 --format json 2> report.json
            """
    )

    @OptionGroup var input: FilingInputs
    @OptionGroup var language: LanguageOption

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write every filing to this file (- for standard output).", valueName: "OUT"))
    var output: String?

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Write one file per filing into this folder (created if missing).", valueName: "DIR"),
            completion: .directory)
    var outDir: String?

    @Option(help: ArgumentHelp("Output format: yaml or xlsx (default: -o's extension, xlsx with --template, else yaml).", valueName: "FORMAT"),
            completion: .list(Known.writableFormats.map(\.name)))
    var to: String?

    @Option(help: ArgumentHelp("The XLSX upload form to fill (see `jixiao templates`); implies --to xlsx.", valueName: "ID"),
            completion: .custom { _, _, _ in Known.templateIDs })
    var template: String?

    @Flag(help: "Protect the sheets of an xlsx form (no password): only its data cells can be edited; rows can still be inserted and deleted.")
    var protect = false

    @OptionGroup var jobs: JobsOption

    @Flag(help: "Treat warnings as errors: write nothing for an input that has any.")
    var strict = false

    @OptionGroup var report: ReportOption

    @Flag(name: .shortAndLong, help: "Print errors only: no warnings, progress or summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every finding, each field an XLSX form has no place for included.")
    var verbose = false

    func validate() throws {
        if output != nil && outDir != nil {
            throw ValidationError("use either -o/--output or --out-dir, not both")
        }
        _ = try outputFormat()
        if let template { try Known.template(template) }
    }

    /// The format the command line asks for: --to, else -o's extension, else xlsx for a
    /// template, else yaml. A format or extension Jixiao cannot write is a usage error.
    func outputFormat() throws -> FileFormat {
        let writable = Known.writableFormats
        let spelled = writable.map { "\($0.name) (\($0.extensions.map { ".\($0)" }.joined(separator: ", ")))" }.joined(separator: ", ")
        var format: FileFormat?
        if let to {
            guard let named = FormatRegistry.format(named: to) else {
                throw ValidationError("unknown output format '\(to)'\(Known.didYouMean(to, among: writable.map(\.name))); --to takes \(writable.map(\.name).joined(separator: ", "))")
            }
            guard named.writer != nil else {
                throw ValidationError("Jixiao can read \(named.name) but not write it; --to takes \(writable.map(\.name).joined(separator: ", "))")
            }
            format = named
        }
        if let output, output != "-", case let ext = URL(fileURLWithPath: output).pathExtension.lowercased(), !ext.isEmpty {
            let implied = FormatRegistry.format(forPath: output)
            if let implied, implied.writer != nil {
                if let format, format.name != implied.name {
                    throw ValidationError("-o \(output) is a .\(ext) file but --to asks for \(format.name)")
                }
                format = implied
            } else if (format == nil && template == nil) || implied != nil {
                // An extension Jixiao does not know is let be only when the format is named.
                throw ValidationError("Jixiao cannot write .\(ext) files (-o \(output)); it writes \(spelled)")
            }
        }
        if template != nil {
            if let format, format.name != "xlsx" {
                throw ValidationError("--template fills an xlsx form; it cannot go with \(to != nil ? "--to \(format.name)" : "-o \(output ?? "")")")
            }
            return FormatRegistry.format(named: "xlsx")!
        }
        return format ?? FormatRegistry.format(named: "yaml")!
    }

    func run() throws {
        InterruptHandling.install()
        let writerFormat = try outputFormat()
        let files = try expandedInputs(input, command: "convert")
        let batch = ConvertBatch(command: self, files: files, writerFormat: writerFormat)
        let summary = batch.run()
        if report.isJSON {
            Console.line(summary.jsonReport())
        } else if !quiet && files.count > 1 {
            Console.line(summary.text())
        }
        let failures = summary.outcomes.filter(\.failed).compactMap { $0.diagnostics.last { $0.severity == .error }?.id }
        if failures.contains(ConvertBatch.templateRequired) { throw ExitStatus.usage }
        if failures.contains(where: { $0 != "strict" }) || failures.count < summary.failed { throw ExitStatus.unusable }
        if !failures.isEmpty { throw ExitStatus.findings }
    }
}

/// The inputs with folders expanded; a folder holding nothing readable is a usage error.
func expandedInputs(_ input: FilingInputs, command: String) throws -> [String] {
    do {
        return try InputExpansion.expand(input.inputs)
    } catch let error as JixiaoError {
        usageError(error.description, command: command)
    }
}

/// A usage error found once the command runs (the parser reports those found before):
/// the same first line, and exit 64.
func usageError(_ message: String, command: String) -> Never {
    Console.line("Error: \(message)")
    Console.line("  See 'jixiao \(command) --help' for more information.")
    exit(ExitStatus.usage.rawValue)
}

/// What became of one input.
private struct InputOutcome: Sendable {
    var path: String
    var filings: [Filing] = []
    var outputs: [String] = []
    var diagnostics: [Diagnostic] = []
    var failed = false
    /// The template its filings go into when none was named: the one its mapping names.
    var template: String?

    /// The number of warnings, once the diagnostics themselves were shown and let go of.
    var warningCount: Int?

    var warnings: Int { warningCount ?? diagnostics.filter { $0.severity == .warning }.count }

    /// What the text summary still needs once the diagnostics were shown: whether it failed, why,
    /// and how many warnings. A batch of many thousand inputs keeps no more than this of each, so
    /// its memory stays flat (Benchmarks/form_memory.py).
    func summarized() -> InputOutcome {
        var kept = InputOutcome(path: path, failed: failed)
        kept.warningCount = warnings
        kept.diagnostics = diagnostics.last { $0.severity == .error }.map { [$0] } ?? []
        return kept
    }
}

/// One run of `convert`: reads every input (in parallel), writes the outputs, and keeps the tally.
private struct ConvertBatch: Sendable {
    /// The id of the failure "--to xlsx, and no template named or implied": a usage error.
    static let templateRequired = "template-required"
    /// The ids of what a form has no place for, summed up per form without -v.
    static let coverageIDs: Set<String> = ["xlsx-field-hidden", "xlsx-field-filled"]

    let files: [String]
    let writerFormat: FileFormat
    let outDir: String?
    let output: String?
    let from: String?
    let readOptions: ReadOptions
    let strict: Bool
    let quiet: Bool
    let verbose: Bool
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
        from = command.input.from
        var readOptions = command.input.readOptions
        // Each filing to its own canonical YAML file: an unedited form's copy is written as it is.
        readOptions.canonicalTextSuffices = command.outDir != nil && writerFormat.writer is CanonicalYAMLWriter
        self.readOptions = readOptions
        strict = command.strict
        quiet = command.quiet
        verbose = command.verbose
        textReport = !command.report.isJSON
        jobs = command.jobs.count
        writeOptions = WriteOptions(template: command.template, protect: command.protect)
    }

    /// Whether the form to fill is left to each input's mapping.
    private var templateFromMapping: Bool { writerFormat.name == "xlsx" && writeOptions.template == nil }

    func run() -> BatchSummary {
        if let outDir {
            do {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            } catch {
                let outcome = InputOutcome(path: outDir, diagnostics: [Diagnostic(.error, "output-failed", key: "output-folder-failed", ["reason": error.localizedDescription], at: SourcePosition(file: outDir))], failed: true)
                show(outcome.diagnostics)
                return BatchSummary(outcomes: [outcome], elapsed: 0)
            }
        }
        let progress = Progress(total: files.count, enabled: !quiet && textReport && files.count > 1)
        let started = Date()
        // The JSON report and the outputs collected into one file need every outcome whole.
        let keepWhole = !textReport || outDir == nil
        var outcomes = ParallelRunner.run(count: files.count, width: jobs) { index in
            let outcome = convert(files[index])
            // Diagnostics are printed as each input finishes, above the progress line.
            progress.finished(failed: outcome.failed) {
                // One input into one output: its line waits for the output's, to be one line.
                if outDir == nil && files.count == 1 && !outcome.failed {
                    show(outcome.diagnostics.filter { $0.severity == .error })
                } else {
                    show(outcome.diagnostics, about: outcome.path)
                }
            }
            return keepWhole ? outcome : outcome.summarized()
        }
        progress.end()
        if outDir == nil { writeCollected(&outcomes) }
        return BatchSummary(outcomes: outcomes, elapsed: Date().timeIntervalSince(started))
    }

    private func convert(_ path: String) -> InputOutcome {
        var outcome = InputOutcome(path: path)
        do {
            // The input's bytes go with the read: memory need not hold them beside the filings.
            let result = try Conversion.read(InputLoader.load(path), from: from, options: readOptions)
            outcome.diagnostics = result.diagnostics.map { Self.placed($0, in: path) }
            if strict, let first = result.diagnostics.first(where: { $0.severity >= .warning }) {
                // The warning's own text in each language (its English one in `arguments`, for scripts).
                var stopped = JixiaoError("strict", ["message": first.message], at: first.position)
                for (code, text) in first.otherLanguages {
                    guard let language = MessageLanguage(rawValue: code) else { continue }
                    stopped.localized[code] = MessageCatalog.standard?.render("strict", ["message": text], in: language)
                }
                throw stopped
            }
            var options = writeOptions
            if templateFromMapping {
                let (template, note) = try mappingTemplate(of: result, path: path)
                outcome.template = template
                outcome.diagnostics.append(note)
                options.template = template
            }
            if let outDir {
                for (index, text) in result.canonicalTexts.enumerated() {
                    let destination = names.claim(in: outDir, input: path, index: index, of: result.canonicalTexts.count, extension: writerFormat.extensions.first ?? writerFormat.name)
                    try Conversion.write(canonicalText: text, to: destination, guarding: inputGuard)
                    outcome.outputs.append(destination)
                }
                for (index, filing) in result.filings.enumerated() {
                    let destination = names.claim(in: outDir, input: path, index: index, of: result.filings.count, extension: writerFormat.extensions.first ?? writerFormat.name)
                    outcome.diagnostics += try Conversion.write([filing], format: writerFormat, to: destination, guarding: inputGuard, options: options)
                        .map { Self.placed($0, in: destination) }
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

    /// The template the input's mapping names for its filings' kind (for a form read back, the
    /// one it was read with), and a line saying so.
    private func mappingTemplate(of result: ReadResult, path: String) throws -> (String, Diagnostic) {
        let known = Known.templateIDs.joined(separator: ", ")
        if let read = result.diagnostics.first(where: { $0.id == "xlsx-template-detected" })?.value,
           let id = read.split(separator: "@").first.map(String.init) {
            let note = Diagnostic(.info, "template-chosen", key: "template-chosen-read", ["template": id, "read": read],
                                  at: SourcePosition(file: path), value: id)
            return (id, note)
        }
        let mapping = result.diagnostics.first { $0.id == "mapping-chosen" }?.value ?? readOptions.mapping
        guard let kind = result.filings.first?.kind else {
            throw JixiaoError("no-filing", [:])
        }
        guard let mapping else {
            throw JixiaoError(Self.templateRequired, key: "template-required-no-mapping", ["known": known])
        }
        // The first filing's kind, else another's (a department's file of project filings).
        let forms = try MappingCatalog.standard().resolved(mapping).templates
        let kinds = [kind] + result.filings.map(\.kind).filter { $0 != kind }
        guard let chosenKind = kinds.first(where: { forms[$0.rawValue] != nil }), let template = forms[chosenKind.rawValue] else {
            throw JixiaoError(Self.templateRequired, key: "template-required-no-form", ["mapping": mapping, "kind": "kind-\(kind.rawValue)", "known": known])
        }
        let note = Diagnostic(.info, "template-chosen", key: "template-chosen-mapping",
                              ["template": template, "kind": "kind-\(chosenKind.rawValue)", "mapping": mapping],
                              at: SourcePosition(file: path), value: template)
        return (template, note)
    }

    /// Everything to one output, unless an input failed: a partial stream would look complete.
    private func writeCollected(_ outcomes: inout [InputOutcome]) {
        guard !outcomes.contains(where: \.failed) else { return }
        let filings = outcomes.flatMap(\.filings)
        let target = output ?? "-"
        // Lines about the output start with its name; for standard output, the input's.
        let place = target != "-" ? target : outcomes.count == 1 ? outcomes[0].path
            : MessageCatalog.standard?.word("standard-output", [:], in: .current) ?? target
        do {
            if filings.count > 1 && !writerFormat.writer!.holdsSeveralFilings {
                throw JixiaoError("several-filings", ["count": String(filings.count), "format": writerFormat.name])
            }
            var options = writeOptions
            if templateFromMapping {
                let chosen = Set(outcomes.compactMap(\.template)).sorted()
                if chosen.count > 1 {
                    throw JixiaoError(Self.templateRequired, key: "template-required-different", ["forms": chosen.joined(separator: ", ")])
                }
                options.template = chosen.first
            }
            let diagnostics = try Conversion.write(filings, format: writerFormat, to: output, guarding: inputGuard, options: options)
                .map { Self.placed($0, in: place) }
            if outcomes.count == 1 {
                show(outcomes[0].diagnostics.filter { $0.severity < .error } + diagnostics, about: outcomes[0].path)
            } else {
                // A workbook of several forms: a line per form sheet.
                for (form, notes) in Self.byForm(diagnostics, sheets: filings.count > 1) { show(notes, about: form) }
            }
            outcomes[outcomes.count - 1].diagnostics += diagnostics
            for index in outcomes.indices { outcomes[index].outputs = [target] }
        } catch {
            let diagnostic = Self.diagnostic(for: error, path: target)
            show([diagnostic])
            outcomes.append(InputOutcome(path: target, diagnostics: [diagnostic], failed: true))
        }
    }

    /// Text reports: errors in full; the rest, unless --quiet, as one line about `place` (the
    /// input, or a form): its warnings by id, the template chosen, and what its forms have no
    /// place for. -v prints every diagnostic instead.
    private func show(_ diagnostics: [Diagnostic], about place: String? = nil) {
        guard textReport else { return }
        if verbose && !quiet {
            for diagnostic in diagnostics { Console.line(diagnostic.description) }
            return
        }
        // The summary first: a failed input's last line is its error.
        defer { for diagnostic in diagnostics where diagnostic.severity == .error { Console.line(diagnostic.description) } }
        guard !quiet, let place else { return }
        // The line's words come from the message catalog, in the messages' language.
        let language = MessageLanguage.current
        func say(_ key: String, _ values: [String: String] = [:]) -> String { MessageCatalog.say(key, values, in: language) }
        let separator = MessageCatalog.say("summary-separator", in: language, fallback: "; ")
        var parts: [String] = []
        var warnings: [(id: String, count: Int)] = []
        for diagnostic in diagnostics where diagnostic.severity == .warning {
            if let index = warnings.firstIndex(where: { $0.id == diagnostic.id }) { warnings[index].count += 1 } else { warnings.append((diagnostic.id, 1)) }
        }
        if !warnings.isEmpty {
            let total = warnings.reduce(0) { $0 + $1.count }
            let ids = warnings.map { $0.count > 1 ? "\($0.id) ×\($0.count)" : $0.id }.joined(separator: ", ")
            parts.append(say(total == 1 ? "summary-warnings-one" : "summary-warnings", ["count": String(total), "ids": ids]))
        }
        parts += diagnostics.filter { $0.id == "template-chosen" }.map { $0.text(in: language) }
        let hidden = diagnostics.filter { $0.id == "xlsx-field-hidden" }.count
        let filled = diagnostics.filter { $0.id == "xlsx-field-filled" }.count
        // A form per output file, or per sheet where a workbook holds several (their notes name the sheet).
        let coverageNotes = diagnostics.filter { Self.coverageIDs.contains($0.id) }
        let forms = Set(coverageNotes.map { $0.position?.file }).reduce(0) { total, file in
            total + max(1, Set(coverageNotes.filter { $0.position?.file == file && $0.id == "xlsx-field-hidden" }.compactMap { $0.position?.sheet }).count)
        }
        if hidden > 0 || filled > 0 {
            let subject = forms > 1 ? "summary-forms" : "summary-form"
            let clause = hidden > 0 && filled > 0 ? "hidden-filled" : hidden > 0 ? "hidden" : "filled"
            parts.append(say("\(subject)-\(clause)", [
                "forms": String(forms),
                "hidden": String(hidden), "hidden_noun": hidden == 1 ? "field-one" : "field-many",
                "filled": String(filled), "filled_noun": filled == 1 ? "field-one" : "field-many",
            ]))
        }
        guard !parts.isEmpty else { return }
        let severity = warnings.isEmpty ? "info" : "warning"
        parts.append(say(warnings.isEmpty && hidden + filled == 0 ? "summary-details-notes" : "summary-details"))
        Console.line("\(place): \(severity): \(parts.joined(separator: separator)) [summary]")
    }

    /// A workbook's diagnostics by form: `file:sheet` when it holds several forms.
    private static func byForm(_ diagnostics: [Diagnostic], sheets: Bool) -> [(String, [Diagnostic])] {
        var groups: [(String, [Diagnostic])] = []
        for diagnostic in diagnostics {
            let form = [diagnostic.position?.file, sheets ? diagnostic.position?.sheet : nil].compactMap { $0 }.joined(separator: ":")
            if let index = groups.firstIndex(where: { $0.0 == form }) { groups[index].1.append(diagnostic) } else { groups.append((form, [diagnostic])) }
        }
        return groups
    }

    /// A diagnostic that says where it is: its own position, else the file it came with.
    static func placed(_ diagnostic: Diagnostic, in file: String) -> Diagnostic {
        var placed = diagnostic
        if placed.position == nil {
            placed.position = SourcePosition(file: file)
        } else if placed.position?.file == nil {
            placed.position?.file = file
        }
        return placed
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
        let base = input == "-" ? "stdin" : String(PathText.stem(input))
        let stem = count > 1 ? "\(base)-\(index + 1)" : base
        return lock.withLock {
            var name = stem
            var attempt = 2
            while used.contains(name) {
                name = "\(stem)_\(attempt)"
                attempt += 1
            }
            used.insert(name)
            return PathText.joined(folder, "\(name).\(ext)")
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
        let totals = ["converted": String(converted), "inputs": String(outcomes.count), "warnings": String(warnings),
                      "failed": String(failed), "seconds": String(format: "%.1f", elapsed)]
        var lines = [MessageCatalog.say("batch-converted", totals)]
        for outcome in outcomes where outcome.failed {
            let reason = outcome.diagnostics.last { $0.severity == .error }?.description ?? outcome.path
            lines.append("  " + MessageCatalog.say("batch-failed", ["reason": reason], fallback: reason))
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
