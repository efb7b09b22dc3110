import ArgumentParser
import Foundation
import Jixiao

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every indicator of every filing as one row of one workbook (a consolidated table).",
        discussion: """
            Reads each INPUT (any readable format; a folder stands for the files below it) and \
            writes one row per indicator into OUT.xlsx, in input order, with the columns of an \
            export layout from Schemas/exports/ (default: consolidated). Rows are streamed to the \
            file, so memory stays flat however many filings; inputs are read in parallel (-j).

            A bad input is reported and skipped; the export is still written, and the exit status \
            is 2 (see "Exit status" in README.md). The output appears only when complete (written \
            to a temporary file, then renamed).

            Examples:
              jixiao export Examples/ -o all.xlsx
              jixiao export filings/*.yaml -o 2024.xlsx -j 2 --quiet
            """
    )

    @OptionGroup var input: FilingInputs
    @OptionGroup var language: LanguageOption

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The workbook to write.", valueName: "OUT.xlsx"))
    var output: String

    @Option(help: ArgumentHelp("Export layout id from Schemas/exports/.", valueName: "ID"))
    var layout = "consolidated"

    @OptionGroup var jobs: JobsOption

    @Flag(name: .shortAndLong, help: "Print errors only.")
    var quiet = false

    func validate() throws {
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard ext == "xlsx" else {
            throw ValidationError("export writes one .xlsx workbook; -o \(output) is not one")
        }
    }

    func run() throws {
        InterruptHandling.install()
        let files: [String]
        let exportLayout: ExportLayout
        do {
            files = try InputExpansion.expand(input.inputs)
            exportLayout = try ExportLayout.standard(layout)
            if InputGuard(inputs: files).protects(output) {
                throw JixiaoError("output-is-input", ["path": output])
            }
        } catch let error as JixiaoError {
            usageError(error.description, command: "export")
        }
        let progress = Progress(total: files.count, enabled: !quiet && files.count > 1)
        var failed = 0
        var filings = 0
        let rows: Int
        do {
            rows = try write(files: files, layout: exportLayout, progress: progress, failed: &failed, filings: &filings)
        } catch {
            progress.end()
            Console.line((error as? JixiaoError).map { $0.position == nil ? "\(output): error: \($0.text())" : $0.diagnostic.description } ?? "\(output): error: \(error)")
            throw ExitStatus.unusable
        }
        progress.end()
        if !quiet {
            let totals = ["rows": String(rows), "filings": String(filings), "done": String(files.count - failed),
                          "inputs": String(files.count), "output": output]
            Console.line(MessageCatalog.say("export-done", totals))
        }
        if failed > 0 { throw ExitStatus.unusable }
    }

    /// Streams every filing's rows into the workbook; returns how many rows.
    private func write(files: [String], layout exportLayout: ExportLayout, progress: Progress, failed: inout Int, filings: inout Int) throws -> Int {
        try AtomicFile.write(to: URL(fileURLWithPath: output), shownAs: output) { temporary in
            let export = try ConsolidatedExport(layout: exportLayout, path: temporary.path)
            try OrderedFilingStream.run(
                files: files, from: input.from, options: input.readOptions, jobs: jobs.count, prepare: { ExportRows($0, layout: exportLayout) }, consume: export.append
            ) { path, outcome in
                switch outcome {
                case .read(let count, _):
                    filings += count
                    progress.finished(failed: false) {}
                case .failed(let error):
                    failed += 1
                    let message = (error as? JixiaoError).map { error in
                        error.position == nil ? "\(path): \(error.text())" : error.description
                    } ?? "\(path): \(error)"
                    progress.finished(failed: true) { Console.line("\(message) [skipped]") }
                }
            }
            try export.close()
            return export.rows
        }
    }
}
