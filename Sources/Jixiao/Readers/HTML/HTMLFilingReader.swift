import Foundation

/// Reads filings from web pages (.html, .htm) as saved from government sites: the charset found,
/// the page parsed by libxml2's forgiving HTML parser, its tables read cell by cell.
public struct HTMLFilingReader: StructuredDocumentSource {
    public init() {}

    var tableKind: String { "HTML table" }

    /// A filing's page is well under 1 MB; a page larger than this is refused, not parsed.
    static let maximumBytes = 64 << 20

    func document(_ input: InputDocument) throws -> StructuredDocument {
        guard input.bytes.count <= Self.maximumBytes else {
            throw JixiaoError("html-too-large", ["size": String(input.bytes.count >> 20), "limit": String(Self.maximumBytes >> 20)],
                              at: SourcePosition(file: input.name))
        }
        var (text, notes) = try HTMLCharset.decode(input.bytes, file: input.name)
        let handler = HTMLBodyHandler(file: input.name)
        try LibXML2HTMLParser.parse(utf8: Array(text.utf8), handler: handler)
        text = ""
        let blocks = try handler.finish()
        if let first = handler.firstSkippedLink {
            notes.append(Diagnostic(.info, "html-navigation-skipped", ["count": String(handler.skippedLinks)],
                                    at: first, value: String(handler.skippedLinks)))
        }
        return StructuredDocument(name: input.name, blocks: blocks, notes: notes)
    }
}

/// The text of a page: its byte-order mark, else the charset its `<meta>` declares, else UTF-8 or
/// GB18030. Pages often declare one charset and are saved in another (an old GB2312 declaration
/// on a page saved as UTF-8, or none at all on a GBK page): bytes that are valid UTF-8 are read as
/// UTF-8, GB2312 and GBK are read as GB18030 (which covers both), and a mismatch is reported.
enum HTMLCharset {
    /// GB18030-2000 as Foundation names it (kCFStringEncodingGB_18030_2000).
    private static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
    /// Big5 as Foundation names it (kCFStringEncodingBig5).
    private static let big5 = String.Encoding(rawValue: 0x8000_0A03)

    /// Labels of each encoding, as the WHATWG Encoding standard lists the common ones.
    private static let labels: [String: String.Encoding] = [
        "utf-8": .utf8, "utf8": .utf8, "unicode-1-1-utf-8": .utf8,
        "gb2312": gb18030, "gbk": gb18030, "gb18030": gb18030, "x-gbk": gb18030, "cp936": gb18030, "chinese": gb18030,
        "csgb2312": gb18030, "euc-cn": gb18030, "iso-ir-58": gb18030, "windows-936": gb18030,
        "big5": big5, "big5-hkscs": big5, "x-x-big5": big5, "cn-big5": big5,
        "iso-8859-1": .isoLatin1, "latin1": .isoLatin1, "windows-1252": .windowsCP1252, "us-ascii": .windowsCP1252, "ascii": .windowsCP1252,
        "utf-16": .utf16LittleEndian, "utf-16le": .utf16LittleEndian, "utf-16be": .utf16BigEndian,
    ]

    static func decode(_ bytes: [UInt8], file: String) throws -> (String, [Diagnostic]) {
        let place = SourcePosition(file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(validating: bytes.dropFirst(3), as: UTF8.self) { return (text, []) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: Data(bytes.dropFirst(2)), encoding: bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian) else {
                throw JixiaoError("html-bad-encoding", key: "html-bad-utf16", [:], at: place)
            }
            return (text, [])
        }
        let declared = declaredCharset(bytes)
        if let text = String(validating: bytes, as: UTF8.self) {
            let mismatch = declared.flatMap { labels[$0] } != nil && labels[declared!] != .utf8 && bytes.contains { $0 >= 0x80 }
            let notes = mismatch ? [Diagnostic(.warning, "html-charset-mismatch", key: "html-charset-is-utf8", ["charset": declared!], at: place, value: declared)] : []
            return (text, notes)
        }
        guard let declared else {
            guard let text = String(data: Data(bytes), encoding: gb18030) else {
                throw JixiaoError("html-bad-encoding", key: "html-no-charset", [:], at: place)
            }
            return (text, [Diagnostic(.info, "html-charset-guessed", [:], at: place)])
        }
        guard let encoding = labels[declared] else {
            throw JixiaoError("html-unknown-charset", ["charset": declared], at: place)
        }
        if encoding != .utf8, let text = String(data: Data(bytes), encoding: encoding) { return (text, []) }
        // Declared UTF-8 (or another charset) that the bytes are not: pages in China are GBK then.
        if encoding != gb18030, let text = String(data: Data(bytes), encoding: gb18030) {
            return (text, [Diagnostic(.warning, "html-charset-mismatch", key: "html-charset-is-gbk", ["charset": declared], at: place, value: declared)])
        }
        throw JixiaoError("html-bad-encoding", key: "html-charset-wrong", ["charset": declared], at: place)
    }

    /// The charset a `<meta charset>` or `<meta http-equiv content="…; charset=…">` in the first
    /// kilobytes declares, lowercased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096).map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var searchFrom = head.startIndex
        while let meta = head.range(of: "<meta", range: searchFrom..<head.endIndex) {
            let end = head[meta.upperBound...].firstIndex(of: ">") ?? head.endIndex
            let tag = head[meta.upperBound..<end]
            if let charset = tag.range(of: "charset") {
                var value = tag[charset.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                value = value.prefix { $0.isLetter || $0.isNumber || "-_.:".contains($0) }
                if !value.isEmpty { return String(value) }
            }
            searchFrom = end
        }
        return nil
    }
}
