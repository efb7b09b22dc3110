import ArgumentParser
import Jixiao

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the XLSX upload templates (Schemas/templates/) that `convert --template ID` fills.",
        discussion: """
            Examples:
              jixiao templates
              jixiao convert filing.yaml --template hebei-project-combined -o filing.xlsx
              jixiao convert filing.xlsx --template national-core -o moved.xlsx
            """
    )

    @OptionGroup var localRegistry: RegistryOption

    @OptionGroup var report: ReportOption

    @Flag(help: "Print the template ids only, one a line (for scripts and shell completion).")
    var ids = false

    func run() throws {
        let catalog = try TemplateCatalog.standard()
        if ids {
            for id in Known.templateIDs { print(id) }
            return
        }
        if report.isJSON {
            let entries = catalog.templates.map(JSONText.object(for:))
            print(try JSONText.render(entries))
            return
        }
        print("template                          kind        framework                title")
        for template in catalog.templates {
            print("\(template.reference.padding(33))\(template.kind.rawValue.padding(11))\(template.framework.padding(24))\(template.title)")
        }
    }
}
