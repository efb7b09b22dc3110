import Foundation
import ZIPFoundation

/// The parts of an Office package (an XLSX workbook, a Word document): a zip archive whose parts
/// are inflated with limits counted as the bytes come out, not as the headers claim (zip bombs),
/// and scanned by `XMLScanner`, which refuses DTDs and entity declarations (entity expansion,
/// external entities). Error ids start with the format's name ("xlsx-bad-zip", "docx-bad-zip").
struct OfficePackage {
    /// What the package should be, for messages and error ids.
    struct Kind {
        /// "xlsx", "docx": the start of every error id.
        var id: String
        /// "an XLSX workbook", "a Word document".
        var noun: String
        /// "an XLSX file", "a .docx file".
        var fileNoun: String
        var maximumPartBytes: Int
        var maximumTotalBytes: Int
    }

    let kind: Kind
    let file: String?
    private let archive: Archive
    /// The archive's entries by path, read once: a lookup by path walks the whole directory.
    private var entries: [String: Entry] = [:]
    /// The same by lower-cased path: part names are case-insensitive (xl/SharedStrings.xml).
    private var entriesIgnoringCase: [String: Entry] = [:]
    private var total = 0

    /// Opens the archive; `bytes` must start like a zip (an OLE file, the container of legacy and
    /// password-protected Office files, is for the caller to tell apart first).
    init(_ bytes: [UInt8], file: String?, kind: Kind) throws {
        self.kind = kind
        self.file = file
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B else {
            throw JixiaoError("\(kind.id)-not-zip", "not \(kind.fileNoun): \(kind.fileNoun) is a zip archive, and this one does not start like one",
                              at: SourcePosition(file: file))
        }
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw JixiaoError("\(kind.id)-bad-zip", "the zip archive is damaged or truncated (no readable central directory)",
                              at: SourcePosition(file: file))
        }
        for entry in archive {
            entries[entry.path] = entry
            entriesIgnoringCase[entry.path.lowercased()] = entry
        }
    }

    /// A part path from a relationship's target: absolute ("/xl/styles.xml") from the package
    /// root, else relative to the folder of the part holding the relationship ("./worksheets/…",
    /// "../media/…").
    static func resolve(_ target: String, from source: String) -> String {
        let base = target.hasPrefix("/") ? [] : source.split(separator: "/").dropLast().map(String.init)
        var path: [String] = base
        for segment in target.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": if !path.isEmpty { path.removeLast() }
            default: path.append(String(segment))
            }
        }
        return path.joined(separator: "/")
    }

    /// The relationships of a part (from `folder/_rels/name.rels`), targets resolved to part
    /// paths; external targets (hyperlinks) left out.
    mutating func relationships(of part: String) throws -> [(id: String, type: String, target: String)] {
        var folder = part.split(separator: "/").map(String.init)
        let name = folder.popLast() ?? ""
        let path = (folder + ["_rels", name + ".rels"]).joined(separator: "/")
        guard let data = try optional(path) else { return [] }
        return try relationships(data, part: path).filter { !$0.target.contains("://") }
            .map { ($0.id, $0.type, Self.resolve($0.target, from: part)) }
    }

    /// The package's main part: the target of the root relationship whose type ends in
    /// "/officeDocument", else `fallback` (where the usual writers put it).
    mutating func mainPart(fallback: String) throws -> String {
        try relationships(of: "").first { $0.type.hasSuffix("/officeDocument") }?.target ?? fallback
    }

    /// Whether the old Office container (OLE) holds the file: a legacy .xls/.doc, or any Office
    /// file saved with a password.
    static func isLegacyContainer(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
    }

    /// Whether an OLE container holds an Office file saved with a password: its directory names
    /// the stream "EncryptedPackage" (in UTF-16).
    static func isEncrypted(_ bytes: [UInt8]) -> Bool { holdsStream("EncryptedPackage", in: bytes) }

    /// Whether an OLE container holds an Excel 97-2003 (or WPS) workbook: a "Workbook" or "Book" stream.
    static func isLegacyWorkbook(_ bytes: [UInt8]) -> Bool {
        isLegacyContainer(bytes) && !isEncrypted(bytes) && (holdsStream("Workbook", in: bytes) || holdsStream("Book", in: bytes))
    }

    /// Whether an OLE container's directory names a stream (names are UTF-16).
    private static func holdsStream(_ stream: String, in bytes: [UInt8]) -> Bool {
        let name = Array(stream.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        return bytes.count >= name.count && bytes.indices.dropLast(name.count - 1).contains { start in
            bytes[start] == name[0] && bytes[start..<(start + name.count)].elementsEqual(name)
        }
    }

    func contains(_ path: String) -> Bool { entry(path) != nil }

    private func entry(_ path: String) -> Entry? { entries[path] ?? entriesIgnoringCase[path.lowercased()] }

    mutating func required(_ path: String) throws -> Data {
        guard let data = try optional(path) else {
            throw JixiaoError("\(kind.id)-missing-part", "not \(kind.noun): the archive has no \(path)", at: SourcePosition(file: file))
        }
        return data
    }

    mutating func optional(_ path: String) throws -> Data? {
        guard let entry = entry(path) else { return nil }
        var data = Data()
        var size = 0
        let limit = min(kind.maximumPartBytes, kind.maximumTotalBytes - total)
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                size += chunk.count
                guard size <= limit else { throw PartTooLarge() }
                data.append(chunk)
            }
        } catch is PartTooLarge {
            throw JixiaoError(
                "\(kind.id)-too-large", "\(path) inflates to more than \(limit >> 20) MB: refused (a zip bomb, or not a filing)",
                at: SourcePosition(file: file))
        } catch {
            throw JixiaoError("\(kind.id)-bad-zip", "cannot inflate \(path): the archive is damaged (\(error))", at: SourcePosition(file: file))
        }
        let checksum = data.withUnsafeBytes { ZipChecksum.crc32($0) }
        guard checksum == entry.checksum else {
            throw JixiaoError("\(kind.id)-bad-zip", "\(path) is damaged: its checksum does not match", at: SourcePosition(file: file))
        }
        total += size
        return data
    }

    /// Scans one part with `handler`. A part saved as UTF-16 (it says so with a byte-order mark)
    /// is recoded first; malformed XML is an error naming the part and its line.
    func scan(_ data: Data, part: String, handler: PartHandler) throws {
        var data = data
        // UTF-16 says so with a byte-order mark, or shows itself in the "<" that opens the part.
        let encoding: String.Encoding? = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) ? .utf16
            : data.starts(with: [0x3C, 0x00]) ? .utf16LittleEndian : data.starts(with: [0x00, 0x3C]) ? .utf16BigEndian : nil
        if let encoding {
            guard let text = String(data: data, encoding: encoding) else {
                throw JixiaoError("\(kind.id)-bad-xml", "\(part) is not well-formed XML: its UTF-16 text is damaged", at: SourcePosition(file: file))
            }
            data = Data(text.utf8)
        }
        handler.part = part
        handler.file = file
        handler.errorID = "\(kind.id)-bad-xml"
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do {
                try XMLScanner.scan(bytes, handler: handler)
            } catch is XMLScanner.DeclarationRefused {
                throw JixiaoError(
                    "\(kind.id)-xml-dtd", "\(part) declares a DTD or entities, which Office files never use: refused", at: SourcePosition(file: file))
            } catch let error as XMLScanner.SyntaxError {
                throw JixiaoError(
                    "\(kind.id)-bad-xml", "\(part) is not well-formed XML (line \(XMLScanner.line(of: error.offset, in: bytes))): \(error.message)",
                    at: SourcePosition(file: file))
            }
        }
    }

    /// The targets of a relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`) by id,
    /// and by type for the package's own relationships.
    func relationships(_ data: Data, part: String) throws -> [(id: String, type: String, target: String)] {
        final class Handler: PartHandler {
            var found: [(id: String, type: String, target: String)] = []
            override func opened(_ tag: XMLTag) throws {
                guard tag.name == "Relationship", let target = tag["Target"] else { return }
                found.append((try tag["Id"].map(string) ?? "", try tag["Type"].map(string) ?? "", try string(target)))
            }
        }
        let handler = Handler()
        try scan(data, part: part, handler: handler)
        return handler.found
    }

    private struct PartTooLarge: Error {}
}

/// A scan handler that collects the text of the elements a subclass asks for.
class PartHandler: XMLContentHandler {
    var part = ""
    var file: String?
    var errorID = "bad-xml"
    var text = ""
    var collecting = false

    func opened(_ tag: XMLTag) throws {}

    func closed(_ name: XMLSpan) throws {}

    func text(_ span: XMLSpan) throws {
        if collecting { text += try string(span) }
    }

    /// The span's text; invalid UTF-8 or an unknown reference is an error naming the part.
    func string(_ span: XMLSpan) throws -> String {
        guard let string = span.string() else {
            throw JixiaoError(
                errorID, "\(part) is not well-formed XML: text that is not UTF-8 or holds an unknown '&' reference",
                at: SourcePosition(file: file))
        }
        return string
    }
}
