import ArgumentParser
import Foundation
import Jixiao

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check filings against their indicator framework and filing schema.",
        discussion: """
            Each INPUT is read like `convert` reads it (canonical YAML, or any format Jixiao \
            reads; a folder stands for every readable file below it). Each filing is checked \
            against a framework version: the one named with --framework, else the one detected \
            from its level names and fiscal year (the report says which and why). Rules and \
            their severities are data: Schemas/rules/.

            Exit status (README.md, "Exit status"): 0 when every filing is valid (warnings \
            allowed); 1 when a filing has an error finding; 2 when an input cannot be read or no \
            framework fits it; 64 for a wrong command line (an unknown --framework among them).

            Examples:
              jixiao validate filing.yaml
              jixiao validate a.yaml b.yaml --framework national@2.0.0
              jixiao validate filings/ --format json
              jixiao validate filing.yaml --lang en     # messages in English
            """
    )

    @OptionGroup var input: FilingInputs
    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("Framework to check against, ID or ID@VERSION (see `jixiao schema list`).", valueName: "ID@VERSION"),
            completion: .custom { _, _, _ in Known.frameworkReferences })
    var framework: String?

    // The earlier spelling of --framework.
    @Option(name: .customLong("schema"), help: .hidden)
    var oldSchema: String?

    @OptionGroup var report: ReportOption

    /// The framework asked for, under either spelling.
    var frameworkReference: String? { framework ?? oldSchema }

    func validate() throws {
        if oldSchema != nil { Notice.deprecated("--schema", use: "--framework") }
        if let frameworkReference { try Known.framework(frameworkReference) }
    }

    func run() throws {
        let validator: Validator
        do {
            validator = try Validator.standard()
        } catch {
            Console.error(String(describing: error))
            throw ExitStatus.unusable
        }
        var outcomes: [(input: String, result: Result<[FilingValidation], JixiaoError>)] = []
        for path in try expandedInputs(input, command: "validate") {
            do {
                let validations = try validator.readAndValidate(InputLoader.load(path), from: input.from, schema: frameworkReference,
                                                                options: input.readOptions).validations
                outcomes.append((path, .success(validations)))
            } catch let error as JixiaoError {
                outcomes.append((path, .failure(error)))
            } catch {
                outcomes.append((path, .failure(JixiaoError("failed", String(describing: error), at: SourcePosition(file: path)))))
            }
        }
        if report.isJSON { print(try json(outcomes)) } else { printTable(outcomes) }
        if outcomes.contains(where: { if case .failure = $0.result { return true } else { return false } }) { throw ExitStatus.unusable }
        if outcomes.contains(where: { (try? $0.result.get())?.contains { !$0.isValid } ?? false }) { throw ExitStatus.findings }
    }

    private func printTable(_ outcomes: [(input: String, result: Result<[FilingValidation], JixiaoError>)]) {
        var valid = 0, invalid = 0, unusable = 0
        for (input, result) in outcomes {
            switch result {
            case .failure(let error):
                unusable += 1
                let place = error.position ?? SourcePosition(file: input)
                print("\(place): \(MessageCatalog.say("validate-unusable", ["message": error.text(), "id": error.id]))")
            case .success(let validations):
                for validation in validations {
                    validation.isValid ? (valid += 1) : (invalid += 1)
                    print(heading(input, validation))
                    guard !validation.findings.isEmpty else { continue }
                    let headers = ["column-position", "column-severity", "column-rule", "column-value", "column-message"].map { MessageCatalog.say($0) }
                    let rows = [headers] + validation.findings.map {
                        [$0.position?.description ?? input, MessageCatalog.say("severity-\($0.severity.rawValue)"), $0.id, Table.clip($0.value ?? "", to: 24), $0.text()]
                    }
                    Table.print(rows, indent: "  ")
                }
            }
        }
        print(MessageCatalog.say("validate-totals", ["valid": String(valid), "invalid": String(invalid), "unusable": String(unusable)]))
    }

    private func heading(_ input: String, _ validation: FilingValidation) -> String {
        let errors = validation.findings.filter { $0.severity == .error }.count
        let warnings = validation.findings.filter { $0.severity == .warning }.count
        var text = "\(input) #\(validation.index)"
        if let title = validation.title { text += " \(title)" }
        var values = [
            "verdict": validation.isValid ? "verdict-valid" : "verdict-invalid", "errors": String(errors), "warnings": String(warnings),
            "framework": validation.framework, "schema": validation.schema,
        ]
        values["reason"] = validation.detectionText()
        return text + MessageCatalog.say(validation.detection == nil ? "validate-heading" : "validate-heading-detected", values)
    }

    private func json(_ outcomes: [ValidationReport.Outcome]) throws -> String {
        try JSONText.render(ValidationReport.object(outcomes))
    }
}
