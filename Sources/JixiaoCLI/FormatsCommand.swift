import ArgumentParser
import Jixiao

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the formats Jixiao reads and writes, with the extensions they are inferred from."
    )

    @OptionGroup var report: ReportOption

    func run() throws {
        if report.isJSON {
            let entries: [[String: Any]] = FormatRegistry.all.map { format in
                ["name": format.name, "summary": format.summary, "extensions": format.extensions,
                 "read": format.reader != nil, "write": format.writer != nil]
            }
            print(try JSONText.render(entries))
            return
        }
        print("format  read  write  extensions  description")
        for format in FormatRegistry.all {
            let read = format.reader != nil ? "yes" : "-"
            let write = format.writer != nil ? "yes" : "-"
            let extensions = format.extensions.map { ".\($0)" }.joined(separator: " ")
            print("\(format.name.padding(7))\(read.padding(5))\(write.padding(6))\(extensions.padding(11))\(format.summary)")
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count) + " "
    }
}
