import ArgumentParser
import Foundation
import Jixiao

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move filings from one framework version to another, with a log of every change.",
        discussion: """
            Each indicator moves by the migration map in Schemas/migrations/ where it names the \
            node, else by the node's stable code. The log (standard error, or --log) lists every \
            move, rename and merge, each line starting with its file. An indicator that cannot \
            be placed safely is not guessed: it is listed as refused and nothing is written. \
            Several inputs (or folders) go to one YAML stream.

            Exit status (README.md, "Exit status"): 0 when every filing was migrated; 1 when a \
            change was refused; 2 when an input cannot be read or an output not written; 64 for \
            a wrong command line (an unknown --framework among them).

            Examples:
              jixiao migrate old.yaml --framework national@2.0.0 -o new.yaml
              jixiao migrate new.yaml --framework national@1.0.0 --log changes.txt
              jixiao migrate filings/ --framework national@2.0.0 -o all-v2.yaml
            """
    )

    @OptionGroup var input: FilingInputs
    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("The framework version to migrate to.", valueName: "ID@VERSION"),
            completion: .custom { _, _, _ in Known.frameworkReferences })
    var framework: String?

    @Option(name: .customLong("from-framework"), help: ArgumentHelp("The framework version the filings follow; detected when absent.", valueName: "ID@VERSION"),
            completion: .custom { _, _, _ in Known.frameworkReferences })
    var fromFramework: String?

    // Earlier spellings: --to (now --framework, as --to names output formats) and --from-schema.
    @Option(name: .customLong("to"), help: .hidden)
    var oldTo: String?

    @Option(name: .customLong("from-schema"), help: .hidden)
    var oldFromSchema: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the migrated filings as YAML (default: standard output).", valueName: "OUT"))
    var output: String?

    @Option(help: ArgumentHelp("Write the log to this file instead of standard error.", valueName: "FILE"))
    var log: String?

    var target: String? { framework ?? oldTo }
    var source: String? { fromFramework ?? oldFromSchema }

    func validate() throws {
        if oldTo != nil { Notice.deprecated("--to", use: "--framework") }
        if oldFromSchema != nil { Notice.deprecated("--from-schema", use: "--from-framework") }
        guard let target else { throw ValidationError("Missing expected argument '--framework <ID@VERSION>'") }
        try Known.framework(target)
        if let source { try Known.framework(source) }
        if let output, output != "-", case let ext = URL(fileURLWithPath: output).pathExtension.lowercased(), !ext.isEmpty, !["yaml", "yml"].contains(ext) {
            throw ValidationError("migrate writes canonical YAML; -o \(output) is not a .yaml or .yml file")
        }
    }

    func run() throws {
        let files = try expandedInputs(input, command: "migrate")
        let registry: SchemaRegistry
        do {
            registry = try SchemaRegistry.standard()
        } catch {
            Console.error(String(describing: error))
            throw ExitStatus.unusable
        }
        var results: [MigrationResult] = []
        var unreadable = false
        var lines: [String] = []
        for path in files {
            do {
                let migrated = try Migrator.migrate(InputLoader.load(path), from: input.from, options: input.readOptions, source: source,
                                                    to: target!, registry: registry)
                results += migrated
                // Each line starts with its input; a step's own position may name the file the
                // filing was first read from, which says nothing of the input in a batch.
                lines += migrated.flatMap(\.steps).map { step in
                    step.position?.file == nil || (files.count > 1 && step.position?.file != path) ? "\(path): \(step.description)" : step.description
                }
            } catch let error as JixiaoError {
                unreadable = true
                Console.line((error.position == nil ? "\(path): " : "") + error.diagnostic.description)
            }
        }
        let steps = results.flatMap(\.steps)
        let refused = steps.filter { $0.outcome == .refused }.count
        let summary = unreadable
            ? "\(steps.count) changes; an input could not be read: nothing written"
            : refused == 0 ? "\(steps.count) changes; complete" : "\(steps.count - refused) changes, \(refused) refused: nothing written"
        let text = (lines + [summary]).joined(separator: "\n") + "\n"
        if let log {
            try Data(text.utf8).write(to: URL(fileURLWithPath: log))
        } else {
            FileHandle.standardError.write(Data(text.utf8))
        }
        if unreadable { throw ExitStatus.unusable }
        guard results.allSatisfy(\.isComplete) else { throw ExitStatus.findings }
        do {
            _ = try Conversion.write(results.map(\.filing), format: FormatRegistry.format(named: "yaml")!, to: output, guarding: InputGuard(inputs: files))
        } catch let error as JixiaoError {
            Console.line(error.diagnostic.description)
            throw ExitStatus.unusable
        }
    }
}
