import ArgumentParser
import Foundation
import Jixiao

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Print the tables recovered from a file, before any meaning is read into them.",
        discussion: """
            Shows exactly what the reader saw: for a text, the rows it recovered (tabs, pipes, a \
            cell per line, single spaces, prose lists) grouped into tables with their lines; for a \
            workbook, one table per sheet (hidden sheets included) with merged cells as spans; for \
            a Word document, every table (nested ones too) with its merged cells as spans. \
            Rows and columns count from 1, as in a sheet. Use it to see why a file reads as it \
            does.

            Exit status: 0 when the file was read; 1 when it could not be; 64 for a wrong command line.

            Examples:
              jixiao tables filing.txt
              jixiao tables form.xlsx --format json > tables.json
              jixiao tables filing.docx
            """
    )

    @Argument(help: ArgumentHelp("The file to look into; - reads standard input.", valueName: "INPUT"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("Input format, when the extension does not tell (see `jixiao formats`).", valueName: "FORMAT"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("A mapping to read labels through instead of the detected one.", valueName: "ID"))
    var mapping: String?

    @Option(name: .long, help: ArgumentHelp("text (default) or json: {\"tables\": [{\"name\", \"source\", \"cells\": [{\"row\", \"column\", \"row_span\", \"column_span\", \"text\"}]}]}.", valueName: "FORMAT"))
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json, not '\(format)'") }
    }

    func run() throws {
        let tables: [RecoveredTable]
        do {
            let document = try InputLoader.load(input)
            let kind = try Conversion.readerFormat(for: document, named: from)
            tables = try TableRecovery.tables(document, format: kind, options: ReadOptions(mapping: mapping))
        } catch let error as JixiaoError {
            // As convert reports it: "file:place: error: message [id]".
            FileHandle.standardError.write(Data("\(error.diagnostic.description)\n".utf8))
            throw ExitCode(1)
        }
        if format == "json" {
            print(try JSONText.render(["tables": tables.map(JSONText.object(for:))]))
            return
        }
        if tables.isEmpty { print("no tables found") }
        for table in tables {
            print("\(table.name) (\(table.source), \(table.layout))")
            let rows = Dictionary(grouping: table.cells, by: \.row)
            for row in rows.keys.sorted() {
                let cells = rows[row]!.sorted { $0.column < $1.column }
                var line = ""
                var column = 1
                for cell in cells {
                    line += String(repeating: " | ", count: max(0, cell.column - column))
                    line += cell.text.replacingOccurrences(of: "\n", with: "⏎")
                    if cell.rowSpan > 1 || cell.columnSpan > 1 { line += " [\(cell.rowSpan)×\(cell.columnSpan)]" }
                    column = cell.column
                }
                print("  \(row): \(line)")
            }
        }
    }
}
