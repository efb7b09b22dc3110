import Foundation

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
    private let archive: ZipArchive
    /// The archive's entries by path.
    private var entries: [String: ZipArchive.Entry] = [:]
    /// The same by lower-cased path: part names are case-insensitive (xl/SharedStrings.xml).
    private var entriesIgnoringCase: [String: ZipArchive.Entry] = [:]
    private var total = 0

    /// Opens the archive; `bytes` must start like a zip (an OLE file, the container of legacy and
    /// password-protected Office files, is for the caller to tell apart first).
    init(_ bytes: [UInt8], file: String?, kind: Kind) throws {
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B else {
            throw JixiaoError("\(kind.id)-not-zip", key: "package-not-zip", ["kind": kind.fileNoun],
                              at: SourcePosition(file: file))
        }
        self.kind = kind
        self.file = file
        do {
            archive = try ZipArchive(bytes: bytes)
        } catch {
            throw Self.damaged(kind, file: file, error)
        }
        indexEntries()
    }

    /// Opens the archive in the file at `path`, which must start like a zip: only its central
    /// directory is read now, and each part's bytes when it is scanned.
    init(fileAt path: String, file: String?, kind: Kind) throws {
        self.kind = kind
        self.file = file
        do {
            archive = try ZipArchive(fileAt: path)
        } catch {
            throw Self.damaged(kind, file: file, error)
        }
        indexEntries()
    }

    private static func damaged(_ kind: Kind, file: String?, _ error: Error) -> JixiaoError {
        JixiaoError("\(kind.id)-bad-zip", key: "package-damaged", ["reason": "\(error)"], at: SourcePosition(file: file))
    }

    private mutating func indexEntries() {
        for entry in archive.entries {
            entries[entry.path] = entry
            entriesIgnoringCase[entry.path.lowercased()] = entry
        }
    }

    /// A part path from a relationship's target: absolute ("/xl/styles.xml") from the package
    /// root, else relative to the folder of the part holding the relationship ("./worksheets/…",
    /// "../media/…").
    static func resolve(_ target: String, from source: String) -> String {
        // Most targets are plain ("worksheets/sheet1.xml"): joined to the source's folder as they
        // stand, without splitting both into segments.
        let plain = target.utf8.first.map { $0 != 0x2F } == true && target.utf8.last != 0x2E && target.utf8.last != 0x2F
            && source.utf8.first != 0x2F && !source.containsBytes(of: "//")
            && !target.containsBytes(of: "./") && !target.containsBytes(of: "//")
        if plain {
            guard let slash = source.utf8.lastIndex(of: 0x2F) else { return target }
            return source[...slash] + target
        }
        let base = target.hasPrefix("/") ? [] : segments(of: source).dropLast()
        var path: [String] = Array(base)
        for segment in segments(of: target) {
            switch segment {
            case ".": continue
            case "..": if !path.isEmpty { path.removeLast() }
            default: path.append(segment)
            }
        }
        return path.joined(separator: "/")
    }

    /// A part path's non-empty segments, split on the bytes: String's own `split` breaks the
    /// text into characters first, thousands of instructions a path.
    private static func segments(of path: String) -> [String] {
        path.utf8.split(separator: 0x2F).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The relationships of a part (from `folder/_rels/name.rels`), targets resolved to part
    /// paths; external targets (hyperlinks) left out.
    mutating func relationships(of part: String) throws -> [(id: String, type: String, target: String)] {
        var folder = Self.segments(of: part)
        let name = folder.popLast() ?? ""
        let path = (folder + ["_rels", name + ".rels"]).joined(separator: "/")
        final class Handler: PartHandler {
            var found: [(id: String, type: String, target: String)] = []
            override func opened(_ tag: XMLTag) throws {
                guard tag.name == "Relationship", let target = tag["Target"] else { return }
                found.append((try tag["Id"].map(string) ?? "", try tag["Type"].map(string) ?? "", try string(target)))
            }
        }
        let handler = Handler()
        guard try scan(path, handler: handler) else { return [] }
        return handler.found.filter { !$0.target.containsBytes(of: "://") }.map { ($0.id, $0.type, Self.resolve($0.target, from: part)) }
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

    private func entry(_ path: String) -> ZipArchive.Entry? { entries[path] ?? entriesIgnoringCase[path.lowercased()] }

    /// Scans a part the package must have, as `scan` does.
    mutating func scanRequired(_ path: String, as name: String? = nil, handler: PartHandler) throws {
        guard try scan(path, as: name, handler: handler) else {
            throw JixiaoError("\(kind.id)-missing-part", key: "package-missing-part", ["kind": kind.noun, "part": path], at: SourcePosition(file: file))
        }
    }

    /// Scans one part with `handler` as it is inflated, a piece at a time, so that memory holds
    /// one piece of it rather than the part (or the archive); false when the archive has no such
    /// part. `name` names the part in messages ("sheet 'Sheet1'"). The part's size and the
    /// package's are counted as the bytes come out, not as the headers claim, and its checksum is
    /// checked at its end: a part whose checksum does not match is reported as damaged even when
    /// its damage first showed as malformed XML. A part saved as UTF-16 (a byte-order mark says
    /// so, or the "<" that opens it) is recoded first, whole.
    @discardableResult
    mutating func scan(_ path: String, as name: String? = nil, handler: PartHandler) throws -> Bool {
        guard let entry = entry(path) else { return false }
        let part = name ?? path
        handler.part = part
        handler.file = file
        handler.errorID = "\(kind.id)-bad-xml"
        let stream = XMLScanner.Stream(handler: handler)
        let limit = min(kind.maximumPartBytes, kind.maximumTotalBytes - total)
        var size = 0
        var checksum: UInt32 = 0
        /// The first bytes, until there are two to tell UTF-16 by; then the whole of a UTF-16 part.
        var held: [UInt8] = []
        var utf16: String.Encoding?
        var decided = false
        /// The first error the scan met: thrown once the checksum is known to match.
        var failure: Error?
        func feed(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil else { return }
            do {
                if !decided {
                    held.append(contentsOf: bytes)
                    guard held.count >= 2 else { return }
                    decided = true
                    utf16 = held.starts(with: [0xFF, 0xFE]) || held.starts(with: [0xFE, 0xFF]) ? .utf16
                        : held.starts(with: [0x3C, 0x00]) ? .utf16LittleEndian : held.starts(with: [0x00, 0x3C]) ? .utf16BigEndian : nil
                    if utf16 == nil {
                        try held.withUnsafeBytes { try stream.feed($0) }
                        held = []
                    }
                } else if utf16 != nil {
                    held.append(contentsOf: bytes)
                } else {
                    try stream.feed(bytes)
                }
            } catch {
                failure = error
            }
        }
        do {
            try archive.read(entry) { bytes in
                size += bytes.count
                guard size <= limit else { throw PartTooLarge() }
                checksum = ZipChecksum.crc32(bytes, continuing: checksum)
                feed(bytes)
            }
        } catch is PartTooLarge {
            throw JixiaoError(
                "\(kind.id)-too-large", key: "package-part-too-large", ["part": path, "limit": String(limit >> 20)],
                at: SourcePosition(file: file))
        } catch {
            throw JixiaoError("\(kind.id)-bad-zip", key: "package-part-damaged", ["part": path, "reason": "\(error)"], at: SourcePosition(file: file))
        }
        guard checksum == entry.checksum else {
            throw JixiaoError("\(kind.id)-bad-zip", key: "package-part-checksum", ["part": path], at: SourcePosition(file: file))
        }
        total += size
        do {
            if let failure { throw failure }
            if let utf16 {
                guard let text = String(bytes: held, encoding: utf16) else {
                    throw JixiaoError("\(kind.id)-bad-xml", key: "package-bad-utf16", ["part": part], at: SourcePosition(file: file))
                }
                held = []
                try Array(text.utf8).withUnsafeBytes { try stream.feed($0) }
            } else if !decided {
                try held.withUnsafeBytes { try stream.feed($0) }
            }
            try stream.finish()
        } catch is XMLScanner.DeclarationRefused {
            throw JixiaoError(
                "\(kind.id)-xml-dtd", key: "package-dtd", ["part": part], at: SourcePosition(file: file))
        } catch let error as XMLScanner.SyntaxError {
            throw JixiaoError(
                "\(kind.id)-bad-xml", "\(part) is not well-formed XML (line \(error.line)): \(error.message)", at: SourcePosition(file: file))
        }
        return true
    }

    private struct PartTooLarge: Error {}
}

/// A scan handler that collects the text of the elements a subclass asks for.
class PartHandler: XMLContentHandler {
    var part = ""
    var file: String?
    var errorID = "bad-xml"
    /// State touched at every tag is left out of Swift's run-time exclusivity checks (a lookup in
    /// a per-thread table at each access, some 6 % of reading a form): a handler is driven by
    /// one scan, on one thread, and none of its methods lends a property to another.
    @exclusivity(unchecked) var text = ""
    @exclusivity(unchecked) var collecting = false

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
