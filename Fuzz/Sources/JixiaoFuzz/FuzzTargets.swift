import CFuzzerDriver
import Foundation
@testable import Jixiao

/// libFuzzer's entry points for every reader and the parsers under them. One binary holds every
/// target; `JIXIAO_FUZZ_TARGET` picks the one a run fuzzes (scripts/fuzz.sh sets it), so that one
/// sanitizer build serves them all.
///
/// Each target checks properties, not only survival: a reader returns filings or throws a
/// `JixiaoError` with a position; what it returns survives a canonical YAML round trip byte for
/// byte. Memory and time per input are bounded by libFuzzer's own limits (-rss_limit_mb,
/// -malloc_limit_mb, -timeout), set by the script.
enum FuzzTarget: String, CaseIterable {
    /// Text extracted from filings: decoding, layouts, the interpreter.
    case text
    /// Canonical YAML (libyaml underneath).
    case yaml
    /// An XLSX package: zip, XML, sheets, the form and sheet readers.
    case xlsx
    /// The XML scanner under the XLSX and DOCX readers: a document scanned whole and fed in
    /// pieces (of a size the input's first byte picks) gives the same events, or the same error
    /// at the same line.
    case xml
    /// A Word document.
    case docx
    /// A web page (libxml2's HTML parser underneath).
    case html
    /// The text of a PDF's pages as pdftotext lays them out (form feeds between pages), read by the
    /// PDF column reader: poppler itself is fuzzed upstream.
    case pdf
    /// One target cell through the one target parser.
    case target
    /// The table interpreter on a document of tables: rows by line, cells by tab, tables by a blank line.
    case tables

    func run(_ bytes: [UInt8]) {
        switch self {
        case .text: read(TextFilingReader(), "in.txt", bytes)
        case .yaml: read(CanonicalYAMLReader(), "in.yaml", bytes)
        case .xlsx: read(XLSXTemplateReader(), "in.xlsx", bytes)
        case .xml: scanXML(bytes)
        case .docx: read(DocxFilingReader(), "in.docx", bytes)
        case .html: read(HTMLFilingReader(), "in.html", bytes)
        case .pdf:
            let pages = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\u{0C}")
            check("in.pdf") { try PDFFilingReader.read(pages: pages, file: "in.pdf", options: ReadOptions()) }
        case .target: parseTarget(bytes)
        case .tables:
            check("in.tables") { try StructuredDocumentReader.read(Self.document(of: bytes), options: ReadOptions()) }
        }
    }

    private func read(_ reader: some FilingReader, _ name: String, _ bytes: [UInt8]) {
        check(name) { try reader.read(InputDocument(name: name, bytes: bytes), options: ReadOptions()) }
    }

    /// Runs a read and checks what came of it.
    private func check(_ name: String, _ read: () throws -> ReadResult) {
        let result: ReadResult
        do {
            result = try read()
        } catch let error as JixiaoError {
            // A refusal says where: at least the file.
            guard error.position != nil else { fail("an error without a position: \(error)") }
            return
        } catch {
            fail("an error that is no diagnostic: \(error)")
        }
        if result.filings.isEmpty { fail("a read that found nothing returned instead of throwing") }
        roundTrip(result.filings)
    }

    /// What a reader returns, written as canonical YAML, reads back to the same YAML byte for byte.
    private func roundTrip(_ filings: [Filing]) {
        do {
            let written = try CanonicalYAML.encode(filings)
            let again = try CanonicalYAML.encode(try CanonicalYAML.decode(written))
            if written != again {
                fail("canonical YAML changed on a round trip:\n\(String(decoding: written, as: UTF8.self))\n---\n\(String(decoding: again, as: UTF8.self))")
            }
        } catch {
            fail("canonical YAML of what was read does not read back: \(error)")
        }
    }

    private func scanXML(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let document = Array(bytes.dropFirst())
        let size = Int(first) + 1
        let whole = XMLEventLog.outcome { try XMLEventLog.scan(document) }
        let pieces = XMLEventLog.outcome { try XMLEventLog.scan(document, inPiecesOf: size) }
        if whole != pieces { fail("scanned whole and in pieces of \(size) bytes, the XML gives different events:\n\(whole)\n---\n\(pieces)") }
    }

    private static let lookup = MappingLookup(try! MappingCatalog.standard().resolved("common"))

    /// Four cells (operator, value, unit, nature) split by tabs; a target read from them is a
    /// valid indicator target that survives the round trip.
    private func parseTarget(_ bytes: [UInt8]) {
        let cells = String(decoding: bytes, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func cell(_ index: Int) -> TargetParser.Cell? { cells.indices.contains(index) && !cells[index].isEmpty ? (cells[index], 1) : nil }
        var parser = TargetParser(lookup: Self.lookup)
        var log = TextDiagnostics(file: "in.txt")
        parser.read(op: cell(0), value: cell(1), unit: cell(2), nature: cell(3), log: &log)
        var filing = Filing(kind: .project)
        filing.indicators = [Indicator(name: "指标", op: parser.op, value: parser.value, unit: parser.unit, nature: parser.nature)]
        roundTrip([filing])
    }

    /// A document of tables: rows by line, cells by tab, a blank line between tables; lines
    /// without a tab are paragraphs.
    static func document(of bytes: [UInt8]) -> StructuredDocument {
        var blocks: [StructuredDocument.Block] = []
        var rows: [[String]] = []
        var line = 0
        func flush() {
            guard !rows.isEmpty else { return }
            let number = blocks.count + 1
            let source = SourcePosition(file: "in.tables", line: line)
            let cells = rows.enumerated().flatMap { row, texts in
                texts.enumerated().map { column, text in
                    DocumentTable.Cell(row: row + 1, column: column + 1, rowSpan: 1, columnSpan: 1,
                                       content: [.paragraph(text, source)], source: source)
                }
            }
            blocks.append(.table(DocumentTable(number: number, source: source, rowCount: rows.count, cells: cells, container: nil)))
            rows = []
        }
        for text in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            if text.isEmpty {
                flush()
            } else if text.contains("\t") {
                rows.append(text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
            } else {
                flush()
                blocks.append(.paragraph(String(text), SourcePosition(file: "in.tables", line: line)))
            }
        }
        flush()
        return StructuredDocument(name: "in.tables", blocks: blocks)
    }
}

/// Reports a broken property and stops, so that libFuzzer keeps the input as a crash.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("property failed: \(message)\n".utf8))
    abort()
}

/// Stops before fuzzing when the registry's files do not load. Every read would then throw the same
/// positioned error, which the targets accept as a refusal, and the run would fuzz nothing but that
/// error path (a binary older than the data files once did so, its coverage a tenth of the usual).
func checkTheDataLoads() {
    do {
        _ = try MappingCatalog.standard()
        _ = try TemplateCatalog.standard()
        _ = try SchemaRegistry.standard()
    } catch {
        FileHandle.standardError.write(Data("the registry does not load, so fuzzing would test only that error: \(error)\n".utf8))
        exit(70)
    }
}

/// Runs libFuzzer's driver on the target `JIXIAO_FUZZ_TARGET` names, with libFuzzer's own arguments.
@main
struct FuzzMain {
    nonisolated(unsafe) static var target: FuzzTarget?

    static func main() {
        let name = ProcessInfo.processInfo.environment["JIXIAO_FUZZ_TARGET"] ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set JIXIAO_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        target = chosen
        checkTheDataLoads()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzMain.target?.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        })
    }
}
