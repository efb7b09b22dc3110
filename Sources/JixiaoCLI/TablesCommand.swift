import ArgumentParser
import Foundation
import Jixiao

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Print the tables recovered from files, before any meaning is read into them.",
        discussion: """
            Shows exactly what the reader saw: for a text, the rows it recovered (tabs, pipes, a \
            cell per line, single spaces, prose lists) grouped into tables with their lines; for a \
            workbook, one table per sheet (hidden sheets included) with merged cells as spans; for \
            a Word document, every table (nested ones too) with its merged cells as spans. \
            Rows and columns count from 1, as in a sheet. Use it to see why a file reads as it \
            does. Several inputs (or folders) give the tables of each in turn; each table names \
            its source.

            Exit status (README.md, "Exit status"): 0 when every file was read; 2 when one could \
            not be (nothing of it is printed; the others are); 64 for a wrong command line.

            Examples:
              jixiao tables filing.txt
              jixiao tables form.xlsx --format json > tables.json
              jixiao tables filing.docx
            """
    )

    @OptionGroup var input: FilingInputs
    @OptionGroup var language: LanguageOption

    // json: {"tables": [{"name", "source", "cells": [{"row", "column", "row_span", "column_span", "text"}]}]}.
    @OptionGroup var report: ReportOption

    private var format: String { report.isJSON ? "json" : "text" }

    func run() throws {
        let files = try expandedInputs(input, command: "tables")
        var written = 0
        var failed = false
        var opened = false
        for path in files {
            do {
                // Each file's tables go to a temporary file as they are read, and out once all
                // were read: nothing is printed for a file that fails, and a workbook's sheets are not all held.
                let count = try recover(path, after: written) { temporary in
                    if format == "json" && !opened {
                        FileHandle.standardOutput.write(Data("{\n  \"tables\" : [\n".utf8))
                        opened = true
                    }
                    try copyOut(temporary)
                }
                if count == 0 && format == "text" {
                    FileHandle.standardOutput.write(Data((files.count > 1 ? "\(path): no tables found\n" : "no tables found\n").utf8))
                }
                written += count
            } catch let error as JixiaoError {
                // As convert reports it: "file:place: error: message [id]".
                var diagnostic = error.diagnostic
                if diagnostic.position == nil { diagnostic.position = SourcePosition(file: path) }
                FileHandle.standardError.write(Data("\(diagnostic.description)\n".utf8))
                failed = true
            }
        }
        if format == "json" && (opened || !failed) {
            if !opened { FileHandle.standardOutput.write(Data("{\n  \"tables\" : [\n".utf8)) }
            FileHandle.standardOutput.write(Data("\n  ]\n}\n".utf8))
        }
        if failed { throw ExitStatus.unusable }
    }

    /// Writes one file's tables to a temporary file and hands it over once all were read;
    /// `after`: how many tables were written before (JSON separates them with commas).
    private func recover(_ path: String, after: Int, finished: (URL) throws -> Void) throws -> Int {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-tables-\(UUID().uuidString).\(format)")
        TemporaryFiles.shared.register(temporary)
        defer {
            unlink(temporary.path)
            TemporaryFiles.shared.unregister(temporary)
        }
        var count = 0
        var output = try BufferedOutput(writingTo: temporary)
        try TableRecovery.eachTable(fileAt: path, format: input.from, options: input.readOptions) { table in
            if format == "json" { try writeJSON(table, first: after + count == 0, to: &output) } else { try writeText(table, to: &output) }
            count += 1
        }
        try output.close()
        try finished(temporary)
        return count
    }

    /// Copied out in pieces: the output may be larger than anyone wants held in memory.
    private func copyOut(_ temporary: URL) throws {
        let written = try FileHandle(forReadingFrom: temporary)
        defer { try? written.close() }
        while let piece = try written.read(upToCount: 1 << 20), !piece.isEmpty {
            FileHandle.standardOutput.write(piece)
        }
    }

    /// A table as `JSONSerialization` lays it out (pretty, keys sorted) in the tables' array,
    /// written a cell at a time: a sheet of a million rows would take gigabytes as dictionaries.
    private func writeJSON(_ table: RecoveredTable, first: Bool, to output: inout BufferedOutput) throws {
        try output.write(first ? "    {\n      \"cells\" : [\n" : ",\n    {\n      \"cells\" : [\n")
        var firstCell = true
        try table.forEachCell { cell in
            try output.write(firstCell ? "        {\n" : ",\n        {\n")
            firstCell = false
            try output.write("          \"column\" : \(cell.column),\n          \"column_span\" : \(cell.columnSpan),\n")
            try output.write("          \"row\" : \(cell.row),\n          \"row_span\" : \(cell.rowSpan),\n")
            try output.write("          \"source\" : ")
            try output.writeJSONString(cell.source?.description ?? "")
            try output.write(",\n          \"text\" : ")
            try output.writeJSONString(cell.text)
            try output.write("\n        }")
        }
        try output.write("\n      ],\n      \"layout\" : ")
        try output.writeJSONString(table.layout)
        try output.write(",\n      \"name\" : ")
        try output.writeJSONString(table.name)
        try output.write(",\n      \"source\" : ")
        try output.writeJSONString(table.source.description)
        try output.write("\n    }")
    }

    private func writeText(_ table: RecoveredTable, to output: inout BufferedOutput) throws {
        try output.write("\(table.name) (\(table.source), \(table.layout))\n")
        try table.forEachRow { row, cells in
                var line = ""
                var column = 1
                for cell in cells {
                    line += String(repeating: " | ", count: max(0, cell.column - column))
                    line += cell.text.utf8.contains(0x0A) ? cell.text.replacingOccurrences(of: "\n", with: "⏎") : cell.text
                    if cell.rowSpan > 1 || cell.columnSpan > 1 { line += " [\(cell.rowSpan)×\(cell.columnSpan)]" }
                    column = cell.column
                }
            try output.write("  \(row): \(line)\n")
        }
    }
}

/// A file written in large pieces.
struct BufferedOutput {
    private let url: URL
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []

    init(writingTo url: URL) throws {
        self.url = url
        file = fopen(url.path, "wb")
        guard file != nil else { throw failed(url) }
    }

    mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// A JSON string as `JSONSerialization` writes it: quotes, backslashes and control
    /// characters escaped, everything else as it is.
    mutating func writeJSONString(_ text: String) throws {
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
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func close() throws {
        try flush()
        let closed = fclose(file)
        file = nil
        guard closed == 0 else { throw failed(url) }
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw failed(url) }
        buffer.removeAll(keepingCapacity: true)
    }
}

private func failed(_ url: URL) -> JixiaoError {
    JixiaoError("output-failed", key: "output-temporary-failed", ["path": url.path, "reason": String(cString: strerror(errno))])
}
