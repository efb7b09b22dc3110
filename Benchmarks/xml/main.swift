// Reads the same XML parts with Jixiao's hand-written scanner (Sources/Jixiao/XLSX/XMLScanner.swift,
// compiled in) and with libxml2 (SAX2 push parser, and xmlTextReader), each part fed in pieces of
// 64 KiB as the reader inflates it, doing the same work per cell as the XLSX reader: the cell's r=,
// t= and s= attributes, the text of its <v> or <t> as a Swift string. Prints, per parser, the
// best of several rounds over every part and what each found (cells, a checksum of their texts),
// which must agree; then which of a set of hostile or odd documents each reads or refuses.
//
//   xml-parsers LIST-FILE ROUNDS [PARSER]   (LIST-FILE: one part path a line; PARSER: run only that one, 0, 1 or 2)
//   xml-parsers --cases                     (what each does with hostile and odd documents)
import Foundation

/// What both parsers do with a sheet's events: counts cells and hashes their texts.
final class SheetWork {
    var cells = 0
    var hash: UInt64 = 0xcbf29ce484222325
    var columnSum = 0
    var inCell = false
    var collecting = false
    var text = ""
    var bytes: [UInt8] = []

    func openCell(reference: UnsafeBufferPointer<UInt8>?, type: UnsafeBufferPointer<UInt8>?, style: UnsafeBufferPointer<UInt8>?) {
        inCell = true
        text = ""
        if let reference {
            var column = 0
            for byte in reference where byte >= 0x41 && byte <= 0x5A { column = column * 26 + Int(byte - 0x40) }
            columnSum &+= column
        }
        if let type { hash = (hash ^ UInt64(type.count)) &* 0x100000001b3 }
        if let style { for byte in style { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 } }
    }

    func openText() { if inCell { collecting = true; bytes.removeAll(keepingCapacity: true) } }

    func closeText(_ string: String?) {
        if collecting, let string { text += string }
        collecting = false
    }

    func closeCell() {
        inCell = false
        cells += 1
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
    }
}

@inline(__always) func isName(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    name.count == literal.utf8CodeUnitCount && memcmp(name.baseAddress!, literal.utf8Start, name.count) == 0
}

// MARK: - The hand-written scanner

final class ScannerAdapter: XMLContentHandler {
    let work: SheetWork
    init(_ work: SheetWork) { self.work = work }

    func opened(_ tag: XMLTag) throws {
        if tag.name == "c" {
            work.openCell(reference: tag["r"].map(Self.buffer), type: tag["t"].map(Self.buffer), style: tag["s"].map(Self.buffer))
        } else if tag.name == "v" || tag.name == "t" {
            work.openText()
        }
    }

    func closed(_ name: XMLSpan) throws {
        if name == "c" { work.closeCell() } else if name == "v" || name == "t" { work.closeText(nil) }
    }

    func text(_ span: XMLSpan) throws {
        guard work.collecting else { return }
        // As the reader does: text that is not UTF-8 or holds an unknown reference is an error.
        guard let string = span.string() else { throw Unreadable() }
        work.text += string
    }

    struct Unreadable: Error {}

    static func buffer(_ span: XMLSpan) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: span.bytes[span.range]) }
}

func scanWithScanner(_ data: [UInt8], work: SheetWork) -> String? {
    let stream = XMLScanner.Stream(handler: ScannerAdapter(work))
    do {
        var start = 0
        while start < data.count {
            try data[start..<min(start + 65536, data.count)].withUnsafeBytes { try stream.feed($0) }
            start += 65536
        }
        try stream.finish()
        return nil
    } catch is ScannerAdapter.Unreadable {
        return "error: text that is not UTF-8 or holds an unknown '&' reference"
    } catch is XMLScanner.DeclarationRefused {
        return "refused: DTD or entity declaration"
    } catch let error as XMLScanner.SyntaxError {
        return "error: \(error.message)"
    } catch {
        return "error: \(error)"
    }
}

// MARK: - libxml2, SAX2 push parser

/// No network, no DTD loading, entities not substituted, errors not printed; a document with a
/// DTD (internal subset) stops the parser, as the scanner refuses it.
let libxml2Options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue)

final class SAXState {
    let work: SheetWork
    var context: xmlParserCtxtPtr?
    var refused = false
    init(_ work: SheetWork) { self.work = work }
}

func buffer(_ pointer: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: pointer, count: pointer.map { strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? 0)
}

func scanWithSAX(_ data: [UInt8], work: SheetWork) -> String? {
    var handler = xmlSAXHandler()
    handler.initialized = XML_SAX2_MAGIC
    handler.startElementNs = { user, localName, _, _, _, _, attributeCount, _, attributes in
        let state = Unmanaged<SAXState>.fromOpaque(user!).takeUnretainedValue()
        let name = buffer(localName)
        if isName(name, "c") {
            var reference: UnsafeBufferPointer<UInt8>?, type: UnsafeBufferPointer<UInt8>?, style: UnsafeBufferPointer<UInt8>?
            for index in 0..<Int(attributeCount) {
                let base = index * 5
                guard attributes![base + 1] == nil else { continue }  // prefixed: not r, t or s
                let attribute = buffer(attributes![base])
                let value = UnsafeBufferPointer(start: attributes![base + 3], count: attributes![base + 3]!.distance(to: attributes![base + 4]!))
                if isName(attribute, "r") { reference = value } else if isName(attribute, "t") { type = value } else if isName(attribute, "s") { style = value }
            }
            state.work.openCell(reference: reference, type: type, style: style)
        } else if isName(name, "v") || isName(name, "t") {
            state.work.openText()
        }
    }
    handler.endElementNs = { user, localName, _, _ in
        let state = Unmanaged<SAXState>.fromOpaque(user!).takeUnretainedValue()
        let name = buffer(localName)
        if isName(name, "c") {
            state.work.closeCell()
        } else if isName(name, "v") || isName(name, "t") {
            state.work.closeText(state.work.collecting ? String(decoding: state.work.bytes, as: UTF8.self) : nil)
        }
    }
    handler.characters = { user, characters, count in
        let state = Unmanaged<SAXState>.fromOpaque(user!).takeUnretainedValue()
        if state.work.collecting { state.work.bytes.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(count))) }
    }
    handler.internalSubset = { user, _, _, _ in
        let state = Unmanaged<SAXState>.fromOpaque(user!).takeUnretainedValue()
        state.refused = true
        xmlStopParser(state.context)
    }
    let state = SAXState(work)
    let user = Unmanaged.passUnretained(state).toOpaque()
    guard let context = xmlCreatePushParserCtxt(&handler, user, nil, 0, nil) else { return "error: no parser" }
    defer { xmlFreeParserCtxt(context) }
    state.context = context
    xmlCtxtUseOptions(context, libxml2Options)
    var failed: Int32 = 0
    data.withUnsafeBufferPointer { bytes in
        let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
        var start = 0
        while start < bytes.count, failed == 0, !state.refused {
            let count = min(65536, bytes.count - start)
            failed = xmlParseChunk(context, base + start, Int32(count), 0)
            start += count
        }
        if failed == 0, !state.refused { failed = xmlParseChunk(context, nil, 0, 1) }
    }
    if state.refused { return "refused: DTD" }
    if failed != 0 || context.pointee.wellFormed == 0 {
        let message = xmlCtxtGetLastError(context).map { String(cString: $0.pointee.message).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "?"
        return "error: \(message)"
    }
    return nil
}

// MARK: - libxml2, xmlTextReader

func scanWithReader(_ data: [UInt8], work: SheetWork) -> String? {
    data.withUnsafeBufferPointer { bytes -> String? in
        let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
        guard let reader = xmlReaderForMemory(base, Int32(bytes.count), nil, nil, libxml2Options) else { return "error: no reader" }
        defer { xmlFreeTextReader(reader) }
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let kind = xmlTextReaderNodeType(reader)
            if kind == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) { return "refused: DTD" }
            let name = buffer(xmlTextReaderConstLocalName(reader))
            if kind == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                if isName(name, "c") {
                    var reference: UnsafeBufferPointer<UInt8>?, type: UnsafeBufferPointer<UInt8>?, style: UnsafeBufferPointer<UInt8>?
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        guard xmlTextReaderConstPrefix(reader) == nil else { continue }
                        let attribute = buffer(xmlTextReaderConstLocalName(reader))
                        let value = buffer(xmlTextReaderConstValue(reader))
                        if isName(attribute, "r") { reference = value } else if isName(attribute, "t") { type = value } else if isName(attribute, "s") { style = value }
                    }
                    work.openCell(reference: reference, type: type, style: style)
                    if empty { work.closeCell() }
                } else if isName(name, "v") || isName(name, "t") {
                    work.openText()
                    if empty { work.closeText(nil) }
                }
            } else if kind == Int32(XML_READER_TYPE_END_ELEMENT.rawValue) {
                if isName(name, "c") {
                    work.closeCell()
                } else if isName(name, "v") || isName(name, "t") {
                    work.closeText(work.collecting ? String(decoding: work.bytes, as: UTF8.self) : nil)
                }
            } else if kind == Int32(XML_READER_TYPE_TEXT.rawValue) || kind == Int32(XML_READER_TYPE_CDATA.rawValue)
                        || kind == Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue) || kind == Int32(XML_READER_TYPE_WHITESPACE.rawValue) {
                if work.collecting { work.bytes.append(contentsOf: buffer(xmlTextReaderConstValue(reader))) }
            }
            status = xmlTextReaderRead(reader)
        }
        if status != 0 {
            let message = xmlGetLastError().map { String(cString: $0.pointee.message).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "?"
            return "error: \(message)"
        }
        return nil
    }
}

// MARK: - The run

let arguments = CommandLine.arguments
let parsers: [(name: String, scan: ([UInt8], SheetWork) -> String?)] = [
    ("hand-written scanner", scanWithScanner),
    ("libxml2 SAX2 (push)", scanWithSAX),
    ("libxml2 xmlTextReader", scanWithReader),
].enumerated().filter { arguments.count < 4 || String($0.offset) == arguments[3] }.map(\.element)
xmlInitParser()

/// Hostile and odd documents: what each parser does with them.
func hostileAndOdd() {
    let cases: [(String, String)] = [
        ("billion laughs", "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"),
        ("external entity (XXE)", "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData></worksheet>"),
        ("undeclared entity", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row></sheetData></worksheet>"),
        ("control character &#x1; (Excel writes it, calamine reads it)", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一级&#x1;指标</t></is></c></row></sheetData></worksheet>"),
        ("cut short", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>"),
    ]
    for (name, xml) in cases {
        let results = parsers.map { parser -> String in
            let work = SheetWork()
            let problem = parser.scan(Array(xml.utf8), work)
            return "\(parser.name): " + (problem ?? "read \(work.cells) cell, its text \(work.text.debugDescription)")
        }
        print("\(name)\n  " + results.joined(separator: "\n  "))
    }
}

if arguments[1] == "--cases" {
    hostileAndOdd()
    exit(0)
}
let paths = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n").map(String.init)
let rounds = Int(arguments[2]) ?? 3
let parts = try paths.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
let total = parts.reduce(0) { $0 + $1.count }
print("parts: \(parts.count), \(String(format: "%.1f", Double(total) / 1e6)) MB")
var best = [Double](repeating: .infinity, count: parsers.count)
var found: [(cells: Int, hash: UInt64, failures: Int)] = Array(repeating: (0, 0, 0), count: parsers.count)
var failed: [[String]] = Array(repeating: [], count: parsers.count)
for _ in 0..<rounds {
    // Parsers take turns within a round, so that a slow moment of the machine hits all of them.
    for (index, parser) in parsers.enumerated() {
        var cells = 0, hash: UInt64 = 0, failures = 0
        var messages: [String] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for (number, part) in parts.enumerated() {
            let work = SheetWork()
            if let problem = parser.scan(part, work) {
                failures += 1
                messages.append("\(paths[number]): \(problem)")
            }
            cells += work.cells
            hash = hash &+ work.hash &+ UInt64(work.columnSum)
        }
        best[index] = min(best[index], Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        found[index] = (cells, hash, failures)
        failed[index] = messages
    }
}
for (index, parser) in parsers.enumerated() {
    print("\(parser.name)\t\(String(format: "%.3f", best[index])) s\t\(String(format: "%.0f", Double(total) / 1e6 / best[index])) MB/s\tcells \(found[index].cells)\tchecksum \(String(found[index].hash, radix: 16))\tnot read \(found[index].failures)")
    for message in failed[index].prefix(20) { print("  \(message)") }
}

