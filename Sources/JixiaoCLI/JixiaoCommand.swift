import ArgumentParser

@main
struct JixiaoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao",
        abstract: "Move budget performance-target filings (绩效目标表) between formats without retyping.",
        discussion: """
            Readers turn each input into canonical filings; writers put them out as canonical \
            YAML and into provincial XLSX upload forms (`jixiao templates`).

            Examples:
              jixiao convert Examples/yunnan-chenggong-2021-project.txt -o chenggong.yaml
              jixiao convert filing.yaml                  # canonical YAML to standard output
              jixiao convert *.txt --out-dir out/         # one file per filing
              jixiao formats                              # what can be read and written
              jixiao templates                            # XLSX upload forms
              jixiao convert filing.yaml --template yunnan-project -o form.xlsx
              jixiao convert form.xlsx --template national-core -o moved.xlsx
            """,
        subcommands: [
            ConvertCommand.self, ExportCommand.self, FormatsCommand.self, TemplatesCommand.self, TablesCommand.self, ValidateCommand.self, SchemaCommand.self,
            MigrateCommand.self, ServeCommand.self,
        ]
    )
}
