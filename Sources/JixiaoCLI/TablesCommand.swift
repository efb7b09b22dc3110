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
            tables = try TableRecovery.tables(fileAt: input, format: from, options: ReadOptions(mapping: mapping))
        } catch let error as JixiaoError {
            // As convert reports it: "file:place: error: message [id]".
            FileHandle.standardError.write(Data("\(error.diagnostic.description)\n".utf8))
            throw ExitCode(1)
        }
        var output = BufferedOutput()
        if format == "json" {
            writeJSON(tables, to: &output)
        } else {
            writeText(tables, to: &output)
        }
        output.flush()
    }

    /// The tables as `JSONSerialization` lays them out (pretty, keys sorted), written a cell at a
    /// time: a sheet of a million rows would take gigabytes as dictionaries.
    private func writeJSON(_ tables: [RecoveredTable], to output: inout BufferedOutput) {
        output.write("{\n  \"tables\" : [\n")
        if tables.isEmpty { output.write("\n") }
        for (index, table) in tables.enumerated() {
            output.write("    {\n      \"cells\" : [\n")
            var first = true
            table.forEachCell { cell in
                output.write(first ? "        {\n" : ",\n        {\n")
                first = false
                output.write("          \"column\" : \(cell.column),\n          \"column_span\" : \(cell.columnSpan),\n")
                output.write("          \"row\" : \(cell.row),\n          \"row_span\" : \(cell.rowSpan),\n")
                output.write("          \"source\" : ")
                output.writeJSONString(cell.source?.description ?? "")
                output.write(",\n          \"text\" : ")
                output.writeJSONString(cell.text)
                output.write("\n        }")
            }
            output.write("\n      ],\n")
            output.write("      \"layout\" : ")
            output.writeJSONString(table.layout)
            output.write(",\n      \"name\" : ")
            output.writeJSONString(table.name)
            output.write(",\n      \"source\" : ")
            output.writeJSONString(table.source.description)
            output.write(index + 1 < tables.count ? "\n    },\n" : "\n    }\n")
        }
        output.write("  ]\n}\n")
    }

    private func writeText(_ tables: [RecoveredTable], to output: inout BufferedOutput) {
        if tables.isEmpty { output.write("no tables found\n") }
        for table in tables {
            output.write("\(table.name) (\(table.source), \(table.layout))\n")
            table.forEachRow { row, cells in
                var line = ""
                var column = 1
                for cell in cells {
                    line += String(repeating: " | ", count: max(0, cell.column - column))
                    line += cell.text.utf8.contains(0x0A) ? cell.text.replacingOccurrences(of: "\n", with: "⏎") : cell.text
                    if cell.rowSpan > 1 || cell.columnSpan > 1 { line += " [\(cell.rowSpan)×\(cell.columnSpan)]" }
                    column = cell.column
                }
                output.write("  \(row): \(line)\n")
            }
        }
    }
}

/// Standard output written in large pieces.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A JSON string as `JSONSerialization` writes it: quotes, backslashes and control
    /// characters escaped, everything else as it is.
    mutating func writeJSONString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x08: buffer.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: buffer.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
