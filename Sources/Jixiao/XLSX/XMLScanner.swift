import Foundation

/// What a scanned document's elements are handed to. Tags and text are views into the scanned
/// bytes, valid only during the call; a handler throws to stop the scan.
protocol XMLContentHandler: AnyObject {
    func opened(_ tag: XMLTag) throws
    func closed(_ name: XMLSpan) throws
    func text(_ text: XMLSpan) throws
}

/// A streaming, non-validating XML scanner for the parts of an XLSX package, working on the
/// bytes: names, attributes and text are handed out as spans and become Swift strings only when
/// a handler asks. It checks what makes a document well-formed for this use (tags balance and
/// nest, one root element, attributes quoted and not repeated, references known, UTF-8 valid
/// where read) and refuses what XLSX never has and attacks need: a DTD, entity declarations,
/// and entities other than the five predefined ones and character references.
///
/// A document is scanned whole (`scan`) or fed in pieces as it is inflated (`Stream`): each
/// piece is scanned up to the last markup or text it holds entire, and only the rest is kept.
enum XMLScanner {
    struct SyntaxError: Error {
        var message: String
        /// Bytes from the start of the document, and the 1-based line there.
        var offset: Int
        var line: Int
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, handler: some XMLContentHandler) throws {
        var state = State()
        var cursor = Cursor(bytes: bytes, state: state, final: true)
        try cursor.run(handler)
        state = cursor.state
        try state.finish(at: cursor.index, in: bytes)
    }

    /// The 1-based line of a byte offset, for messages.
    static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.prefix(min(offset, bytes.count)).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// A document fed in pieces: `feed` each piece as it comes, then `finish`. Spans handed to
    /// the handler are valid during the call only, as for `scan`; memory holds one piece and
    /// the markup or text cut at its end.
    final class Stream<Handler: XMLContentHandler> {
        let handler: Handler
        private var state = State()
        /// Bytes fed but not yet scanned: the start of a tag or text cut at a piece's end.
        private var pending: [UInt8] = []
        /// How many pending bytes the last scan could not finish: a piece is scanned again only
        /// once they have doubled, so that a long text fed in small pieces is not rescanned each time.
        private var unfinished = 0

        init(handler: Handler) { self.handler = handler }

        func feed(_ piece: UnsafeRawBufferPointer) throws {
            guard !piece.isEmpty else { return }
            if pending.isEmpty {
                let bytes = piece.bindMemory(to: UInt8.self)
                let scanned = try scan(bytes, final: false)
                pending.append(contentsOf: bytes[scanned...])
            } else {
                pending.append(contentsOf: piece.bindMemory(to: UInt8.self))
                guard pending.count >= 2 * unfinished else { return }
                let scanned = try pending.withUnsafeBufferPointer { try scan($0, final: false) }
                pending.removeFirst(scanned)
            }
            unfinished = pending.count
        }

        func finish() throws {
            try pending.withUnsafeBufferPointer { bytes in
                // A final scan takes every byte or throws; the state then stands at the end.
                let scanned = try scan(bytes, final: true)
                try state.finish(at: 0, in: UnsafeBufferPointer(rebasing: bytes[scanned...]))
            }
            pending = []
        }

        /// Scans what `bytes` holds entire; the bytes scanned.
        private func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Int {
            // The cursor takes the state while it runs, so that its arrays are not copied on write.
            var cursor = Cursor(bytes: bytes, state: state, final: final)
            state = State()
            defer { state = cursor.state }
            try cursor.run(handler)
            cursor.state.consume(bytes.prefix(cursor.index))
            return cursor.index
        }
    }

    /// What a scan carries from one piece to the next.
    private struct State {
        /// Qualified names of the open elements, one after another, in the bytes up to the last
        /// end: the bytes after it are left from closed elements and written over, so that
        /// closing an element copies and frees nothing.
        var openNames: [UInt8] = []
        var openEnds: [Int] = []
        var sawRoot = false
        /// Bytes and lines in the pieces already scanned.
        var offset = 0
        var lines = 1

        private var innermostRange: Range<Int>? {
            guard let end = openEnds.last else { return nil }
            return (openEnds.count > 1 ? openEnds[openEnds.count - 2] : 0)..<end
        }

        var innermost: ArraySlice<UInt8>? { innermostRange.map { openNames[$0] } }

        /// Whether the innermost open element has this name (false when none is open).
        func innermostIs(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let range = innermostRange, range.count == name.count else { return false }
            guard !range.isEmpty else { return true }
            return openNames.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, name.baseAddress!, range.count) == 0 }
        }

        mutating func push(_ name: UnsafeBufferPointer<UInt8>) {
            let start = openEnds.last ?? 0, end = start + name.count
            if openNames.count < end { openNames.append(contentsOf: repeatElement(0, count: end - openNames.count)) }
            if let source = name.baseAddress, !name.isEmpty {
                openNames.withUnsafeMutableBufferPointer { ($0.baseAddress! + start).update(from: source, count: name.count) }
            }
            openEnds.append(end)
        }

        mutating func pop() {
            openEnds.removeLast()
        }

        mutating func consume(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
            offset += bytes.count
            lines += Self.newlines(in: UnsafeBufferPointer(rebasing: bytes))
        }

        static func newlines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
            guard var position = bytes.baseAddress else { return 0 }
            let end = position + bytes.count
            var count = 0
            while position < end, let found = memchr(position, 0x0A, end - position) {
                count += 1
                position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return count
        }

        func error(_ message: String, at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SyntaxError {
            let index = min(index, bytes.count)
            return SyntaxError(message: message, offset: offset + index,
                               line: lines + Self.newlines(in: UnsafeBufferPointer(rebasing: bytes[..<index])))
        }

        /// The checks at the end of the document; `index` is where the last scan stopped.
        func finish(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) throws {
            if let innermost {
                throw error("the document ends inside element <\(Cursor.text(innermost))> (cut short?)", at: index, in: bytes)
            }
            guard sawRoot else { throw error("the document has no root element", at: index, in: bytes) }
        }
    }

    /// Thrown inside a scan when markup or text runs past the end of a piece.
    private struct NeedMore: Error {}

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var state: State
        /// Whether the document ends with these bytes; else markup cut at their end waits for more.
        let final: Bool
        var index = 0
        /// The current tag's attributes are the first `attributeCount`: the array is written
        /// over from tag to tag, never emptied, so that a tag costs no array bookkeeping.
        var attributes: [XMLTag.Attribute] = []
        var attributeCount = 0

        init(bytes: UnsafeBufferPointer<UInt8>, state: State, final: Bool) {
            self.bytes = bytes
            self.state = state
            self.final = final
        }

        func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
            state.error(message, at: offset ?? index, in: bytes)
        }

        /// The document ends here: an error at its true end, else wait for the next piece.
        func cut(_ message: String) -> Error {
            final ? fail(message) : NeedMore()
        }

        mutating func run(_ handler: some XMLContentHandler) throws {
            let count = bytes.count
            if state.offset == 0, index == 0 {
                if !final, count < 3 { return }
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            }
            while index < count {
                let start = index
                let sawRoot = state.sawRoot
                do {
                    try next(handler)
                } catch is NeedMore {
                    index = start
                    state.sawRoot = sawRoot
                    return
                }
            }
        }

        private mutating func next(_ handler: some XMLContentHandler) throws {
            let count = bytes.count
            guard bytes[index] == XMLByte.less else {
                guard let end = find(XMLByte.less, from: index) ?? (final ? count : nil) else { throw NeedMore() }
                if state.openEnds.isEmpty {
                    if let stray = bytes[index..<end].firstIndex(where: { !XMLByte.isSpace($0) }) {
                        throw fail("text outside the root element", at: stray)
                    }
                } else {
                    try handler.text(XMLSpan(bytes: bytes, range: index..<end, kind: .text))
                }
                index = end
                return
            }
            guard index + 1 < count else { throw cut("the document ends inside a tag") }
            switch bytes[index + 1] {
            case XMLByte.slash: try endTag(handler)
            case XMLByte.question: try skip(past: "?>", what: "processing instruction")
            case XMLByte.bang: try markup(handler)
            default: try startTag(handler)
            }
        }

        private mutating func markup(_ handler: some XMLContentHandler) throws {
            // "<![CDATA[" and "<!DOCTYPE" are told apart by their first nine bytes.
            if !final, bytes.count - index < 9 { throw NeedMore() }
            if starts(with: "<!--", at: index) {
                try skip(past: "-->", what: "comment")
            } else if starts(with: "<![CDATA[", at: index) {
                guard !state.openEnds.isEmpty else { throw fail("character data outside the root element") }
                let start = index + 9
                guard let end = find("]]>", from: start) else { throw cut("the document ends inside a CDATA section") }
                try handler.text(XMLSpan(bytes: bytes, range: start..<end, kind: .characterData))
                index = end + 3
            } else if starts(with: "<!DOCTYPE", at: index) || starts(with: "<!ENTITY", at: index) {
                throw XMLScanner.DeclarationRefused()
            } else {
                throw fail("unknown markup after '<!'")
            }
        }

        private mutating func startTag(_ handler: some XMLContentHandler) throws {
            let nameStart = index + 1
            let nameEnd = scanName(from: nameStart)
            if nameEnd == bytes.count, !final { throw NeedMore() }
            guard nameEnd > nameStart else { throw fail("a '<' that starts no tag") }
            if state.openEnds.isEmpty && state.sawRoot { throw fail("a second root element <\(string(nameStart..<nameEnd))>") }
            state.sawRoot = true
            index = nameEnd
            attributeCount = 0
            var selfClosing = false
            while true {
                let hadSpace = skipSpace()
                guard index < bytes.count else { throw cut("the document ends inside tag <\(string(nameStart..<nameEnd))>") }
                let byte = bytes[index]
                if byte == XMLByte.greater { index += 1; break }
                if byte == XMLByte.slash {
                    guard index + 1 < bytes.count else { throw cut("'/' not followed by '>' in a tag") }
                    guard bytes[index + 1] == XMLByte.greater else { throw fail("'/' not followed by '>' in a tag") }
                    index += 2
                    selfClosing = true
                    break
                }
                guard hadSpace else { throw fail("attributes must be separated by white space") }
                try attribute()
            }
            // The tag sees the attributes where they are, valid during the calls: no copy, no count kept.
            let bytes = bytes
            let attributeCount = attributeCount
            try attributes.withUnsafeBufferPointer { attributes in
                let tag = XMLTag(bytes: bytes, qualifiedName: nameStart..<nameEnd, attributes: UnsafeBufferPointer(rebasing: attributes.prefix(attributeCount)))
                try handler.opened(tag)
                if selfClosing { try handler.closed(tag.name) }
            }
            if !selfClosing {
                state.push(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]))
            }
        }

        private mutating func attribute() throws {
            let nameStart = index
            let nameEnd = scanName(from: nameStart)
            if nameEnd == bytes.count, !final { throw NeedMore() }
            guard nameEnd > nameStart else { throw fail("a tag holds something that is not an attribute") }
            index = nameEnd
            skipSpace()
            guard index < bytes.count else { throw cut("attribute '\(string(nameStart..<nameEnd))' has no value") }
            guard bytes[index] == XMLByte.equals else { throw fail("attribute '\(string(nameStart..<nameEnd))' has no value") }
            index += 1
            skipSpace()
            guard index < bytes.count else { throw cut("the value of attribute '\(string(nameStart..<nameEnd))' is not quoted") }
            guard bytes[index] == XMLByte.quote || bytes[index] == XMLByte.apostrophe else {
                throw fail("the value of attribute '\(string(nameStart..<nameEnd))' is not quoted")
            }
            let quote = bytes[index]
            let valueStart = index + 1
            // Values are a few bytes: one loop looks for the closing quote and a stray '<' at once.
            var valueEnd = valueStart
            while valueEnd < bytes.count, bytes[valueEnd] != quote {
                if bytes[valueEnd] == XMLByte.less { throw fail("'<' inside the value of attribute '\(string(nameStart..<nameEnd))'") }
                valueEnd += 1
            }
            guard valueEnd < bytes.count else { throw cut("the document ends inside an attribute value") }
            for other in 0..<attributeCount where equal(attributes[other].name, nameStart..<nameEnd) {
                throw fail("attribute '\(string(nameStart..<nameEnd))' appears twice")
            }
            let attribute = XMLTag.Attribute(name: nameStart..<nameEnd, value: valueStart..<valueEnd)
            if attributeCount < attributes.count { attributes[attributeCount] = attribute } else { attributes.append(attribute) }
            attributeCount += 1
            index = valueEnd + 1
        }

        private mutating func endTag(_ handler: some XMLContentHandler) throws {
            let nameStart = index + 2
            let nameEnd = scanName(from: nameStart)
            index = nameEnd
            skipSpace()
            guard index < bytes.count else { throw cut("a closing tag that does not end with '>'") }
            guard bytes[index] == XMLByte.greater else { throw fail("a closing tag that does not end with '>'") }
            guard !state.openEnds.isEmpty else { throw fail("closing tag </\(string(nameStart..<nameEnd))> with no element open") }
            guard state.innermostIs(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])) else {
                throw fail("closing tag </\(string(nameStart..<nameEnd))> does not match <\(Self.text(state.innermost ?? []))>")
            }
            state.pop()
            index += 1
            try handler.closed(XMLSpan(bytes: bytes, range: XMLTag.localName(of: nameStart..<nameEnd, in: bytes), kind: .name))
        }

        /// Names run to white space or a delimiter; anything else (letters of any script,
        /// digits, '-', '.', ':', '_') is left to the handlers, which compare with known names.
        private func scanName(from start: Int) -> Int {
            var end = start
            while end < bytes.count, !XMLByte.endsName(bytes[end]) { end += 1 }
            return end
        }

        /// Called several times a tag, mostly where there is no space at all: inlined, with
        /// that case tested first.
        @discardableResult @inline(__always)
        private mutating func skipSpace() -> Bool {
            guard index < bytes.count, XMLByte.isSpace(bytes[index]) else { return false }
            index += 1
            while index < bytes.count, XMLByte.isSpace(bytes[index]) { index += 1 }
            return true
        }

        private mutating func skip(past terminator: StaticString, what: String) throws {
            guard let end = find(terminator, from: index + 2) else { throw cut("the document ends inside a \(what)") }
            index = end + terminator.utf8CodeUnitCount
        }

        private func find(_ byte: UInt8, from start: Int, to end: Int? = nil) -> Int? {
            let end = end ?? bytes.count
            guard start < end, let base = bytes.baseAddress else { return nil }
            guard let found = memchr(base + start, Int32(byte), end - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        private func find(_ needle: StaticString, from start: Int) -> Int? {
            let first = needle.utf8Start.pointee
            var position = start
            while let candidate = find(first, from: position) {
                if starts(with: needle, at: candidate) { return candidate }
                position = candidate + 1
            }
            return nil
        }

        private func starts(with prefix: StaticString, at offset: Int) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard offset + length <= bytes.count else { return false }
            return memcmp(bytes.baseAddress! + offset, prefix.utf8Start, length) == 0
        }

        /// Attribute names are a few bytes: compared in a loop, not by a call to memcmp.
        private func equal(_ left: Range<Int>, _ right: Range<Int>) -> Bool {
            guard left.count == right.count else { return false }
            for offset in 0..<left.count where bytes[left.lowerBound + offset] != bytes[right.lowerBound + offset] { return false }
            return true
        }

        private func string(_ range: Range<Int>) -> String { Self.text(bytes[range]) }

        static func text(_ name: some Collection<UInt8>) -> String {
            String(decoding: name.prefix(80), as: UTF8.self)
        }
    }

    /// Thrown for a document type declaration or an entity declaration.
    struct DeclarationRefused: Error {}
}

/// A start tag: its name and attributes as spans of the scanned bytes.
struct XMLTag {
    struct Attribute {
        var name: Range<Int>
        var value: Range<Int>
    }

    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let attributes: UnsafeBufferPointer<Attribute>
    /// The name without its namespace prefix.
    let name: XMLSpan

    fileprivate init(bytes: UnsafeBufferPointer<UInt8>, qualifiedName: Range<Int>, attributes: UnsafeBufferPointer<Attribute>) {
        self.bytes = bytes
        self.attributes = attributes
        self.name = XMLSpan(bytes: bytes, range: Self.localName(of: qualifiedName, in: bytes), kind: .name)
    }

    /// The attribute with exactly this (qualified) name.
    subscript(_ name: StaticString) -> XMLSpan? {
        for attribute in attributes where XMLSpan(bytes: bytes, range: attribute.name, kind: .name) == name {
            return XMLSpan(bytes: bytes, range: attribute.value, kind: .attribute)
        }
        return nil
    }

    /// The attribute with this name after any namespace prefix (`r:id` for "id").
    func attribute(localName name: StaticString) -> XMLSpan? {
        for attribute in attributes where XMLSpan(bytes: bytes, range: Self.localName(of: attribute.name, in: bytes), kind: .name) == name {
            return XMLSpan(bytes: bytes, range: attribute.value, kind: .attribute)
        }
        return nil
    }

    fileprivate static func localName(of range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = range.upperBound
        while start > range.lowerBound, bytes[start - 1] != XMLByte.colon { start -= 1 }
        return start..<range.upperBound
    }
}

/// A name, an attribute value or a run of text in the scanned bytes. Strings are made on demand,
/// with references replaced and line ends normalised as XML prescribes.
struct XMLSpan {
    enum Kind { case name, attribute, text, characterData }

    let bytes: UnsafeBufferPointer<UInt8>
    let range: Range<Int>
    let kind: Kind

    var isEmpty: Bool { range.isEmpty }

    /// Names and values compared are a few bytes: a loop beats a call to memcmp.
    @inline(__always)
    static func == (span: XMLSpan, literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard span.range.count == count else { return false }
        let start = span.bytes.baseAddress! + span.range.lowerBound
        let expected = literal.utf8Start
        for offset in 0..<count where start[offset] != expected[offset] { return false }
        return true
    }

    static func != (span: XMLSpan, literal: StaticString) -> Bool { !(span == literal) }

    /// A plain non-negative decimal number, as cell styles and row numbers are written.
    var integer: Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for byte in bytes[range] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The text, or nil when it is not valid UTF-8 or holds an unknown reference.
    func string() -> String? {
        let raw = UnsafeBufferPointer(rebasing: bytes[range])
        let plain: Bool
        switch kind {
        case .name, .characterData: plain = true
        case .text: plain = Self.find(XMLByte.ampersand, in: raw) == nil && Self.find(XMLByte.carriageReturn, in: raw) == nil
        case .attribute: plain = !raw.contains(where: XMLSpan.changesInAttribute)
        }
        if plain { return Self.string(validating: raw) }
        guard let decoded = decode(raw) else { return nil }
        return decoded.withUnsafeBufferPointer(Self.string(validating:))
    }

    /// Most texts read (numbers, references) are ASCII, which needs no validating: only other
    /// texts go through the validating initialiser, which costs several times more a call.
    private static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        return high < 0x80 ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    /// memchr: texts run to kilobytes (the hidden canonical copy), and few hold a reference.
    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, let found = memchr(base, Int32(byte), bytes.count) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private static func changesInAttribute(_ byte: UInt8) -> Bool {
        byte == XMLByte.ampersand || byte == XMLByte.carriageReturn || byte == XMLByte.tab || byte == XMLByte.newline
    }

    /// Replaces references; CR LF and lone CR become LF; in attribute values, tabs and line
    /// ends become spaces (XML's attribute-value normalisation).
    private func decode(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        // In text, the next '&' and CR are found by memchr, each searched for again only once
        // passed, so that a text full of references is not searched to its end for each.
        var nextAmpersand = -1, nextReturn = -1
        func next(_ byte: UInt8, after index: Int, _ known: inout Int) -> Int {
            if known < index { known = Self.find(byte, in: UnsafeBufferPointer(rebasing: raw[index...])).map { index + $0 } ?? raw.count }
            return known
        }
        while index < raw.count {
            // Runs of ordinary bytes are copied whole.
            var end = index
            if kind == .text {
                end = min(next(XMLByte.ampersand, after: index, &nextAmpersand), next(XMLByte.carriageReturn, after: index, &nextReturn))
            } else {
                while end < raw.count, !isSpecial(raw[end]) { end += 1 }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[index..<end]))
            guard end < raw.count else { break }
            index = end
            let byte = raw[index]
            switch byte {
            case XMLByte.ampersand:
                guard let semicolon = raw[index...].prefix(13).firstIndex(of: XMLByte.semicolon),
                      let scalar = Self.reference(raw[(index + 1)..<semicolon]) else { return nil }
                out.append(contentsOf: String(Character(scalar)).utf8)
                index = semicolon + 1
                continue
            case XMLByte.carriageReturn:
                out.append(kind == .attribute ? XMLByte.space : XMLByte.newline)
                if index + 1 < raw.count, raw[index + 1] == XMLByte.newline { index += 1 }
            default:
                // A tab or line end in an attribute value.
                out.append(XMLByte.space)
            }
            index += 1
        }
        return out
    }

    private func isSpecial(_ byte: UInt8) -> Bool {
        byte == XMLByte.ampersand || byte == XMLByte.carriageReturn
            || (kind == .attribute && (byte == XMLByte.tab || byte == XMLByte.newline))
    }

    private static func reference(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Unicode.Scalar? {
        let text = String(decoding: name, as: UTF8.self)
        switch text {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard text.hasPrefix("#") else { return nil }
            let digits = text.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return scalar
        }
    }
}

private enum XMLByte {
    static let tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D, space: UInt8 = 0x20
    static let bang: UInt8 = 0x21, quote: UInt8 = 0x22, ampersand: UInt8 = 0x26, apostrophe: UInt8 = 0x27
    static let slash: UInt8 = 0x2F, colon: UInt8 = 0x3A, semicolon: UInt8 = 0x3B, less: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D, greater: UInt8 = 0x3E, question: UInt8 = 0x3F

    /// One bit for each byte below 64 that is white space (tab, line feed, carriage return, space)...
    private static let spaces: UInt64 = 0x0000_0001_0000_2600
    /// ... or that ends a name: white space, '"', '\'', '/', '<', '=' and '>'. A test of a bit
    /// is cheaper than comparing a byte with each, and names and spaces are scanned byte by byte.
    private static let nameEnders: UInt64 = 0x7000_8085_0000_2600

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte < 64 && spaces >> UInt64(byte) & 1 != 0 }

    @inline(__always)
    static func endsName(_ byte: UInt8) -> Bool { byte < 64 && nameEnders >> UInt64(byte) & 1 != 0 }
}
