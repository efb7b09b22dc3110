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
            move, rename and merge. An indicator that cannot be placed safely is not guessed: \
            it is listed as refused and nothing is written.

            Exit status: 0 when every filing was migrated; 1 when a change was refused; 2 when \
            the input cannot be read or a framework is unknown.

            Examples:
              jixiao migrate old.yaml --to national@2.0.0 -o new.yaml
              jixiao migrate new.yaml --to national@1.0.0 --log changes.txt
            """
    )

    @OptionGroup var localRegistry: RegistryOption
    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("The filing to migrate; - reads standard input.", valueName: "FILE"))
    var input: String

    @Option(help: ArgumentHelp("The framework version to migrate to.", valueName: "ID@VERSION"))
    var to: String

    @Option(name: .customLong("from-schema"), help: ArgumentHelp("The framework version the filing follows; detected when absent.", valueName: "ID@VERSION"))
    var fromSchema: String?

    @Option(help: ArgumentHelp("Input format, when the extension does not tell.", valueName: "FORMAT"))
    var from: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the migrated filings (default: standard output).", valueName: "OUT"))
    var output: String?

    @Option(help: ArgumentHelp("Write the log to this file instead of standard error.", valueName: "FILE"))
    var log: String?

    func run() throws {
        let results: [MigrationResult]
        do {
            results = try Migrator.migrate(InputLoader.load(input), from: from, source: fromSchema, to: to, registry: SchemaRegistry.standard())
        } catch let error as JixiaoError {
            Console.line((error.position == nil ? "\(input): " : "") + error.diagnostic.description)
            throw ExitCode(2)
        }
        let steps = results.flatMap(\.steps)
        let refused = steps.filter { $0.outcome == .refused }.count
        let summary = refused == 0
            ? "\(steps.count) changes; complete"
            : "\(steps.count - refused) changes, \(refused) refused: nothing written"
        let text = (steps.map(\.description) + [summary]).joined(separator: "\n") + "\n"
        if let log {
            try Data(text.utf8).write(to: URL(fileURLWithPath: log))
        } else {
            FileHandle.standardError.write(Data(text.utf8))
        }
        guard results.allSatisfy(\.isComplete) else { throw ExitCode(1) }
        do {
            _ = try Conversion.write(results.map(\.filing), format: FormatRegistry.format(named: "yaml")!, to: output, guarding: InputGuard(inputs: [input]))
        } catch let error as JixiaoError {
            Console.line(error.diagnostic.description)
            throw ExitCode(2)
        }
    }
}
