import ArgumentParser
import Jixiao

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List the XLSX upload templates (Schemas/templates/) that `convert --to xlsx --template ID` fills.",
        discussion: """
            Examples:
              jixiao templates
              jixiao convert filing.yaml --template hebei-project-combined -o filing.xlsx
              jixiao convert filing.xlsx --template national-core -o moved.xlsx
            """
    )

    @OptionGroup var localRegistry: RegistryOption

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    func run() throws {
        let catalog = try TemplateCatalog.standard()
        if json {
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
