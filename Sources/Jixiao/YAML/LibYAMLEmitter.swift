internal import CLibYAML
import Foundation

/// Writes `YAMLNode` documents as a YAML stream through libyaml's event API: UTF-8 text as is,
/// no line folding, two-space indentation, block style throughout.
public enum YAMLEmitter {
    public static func emit(_ documents: [YAMLNode]) throws -> [UInt8] {
        let sink = OutputSink()
        try emit(documents, into: sink)
        return sink.bytes
    }

    /// Writes the documents to `file` as they are made: memory holds one document's tree and
    /// libyaml's buffer, however long the stream.
    public static func emit(_ documents: some Sequence<YAMLNode>, to file: UnsafeMutablePointer<FILE>) throws {
        let sink = OutputSink()
        sink.file = file
        try emit(documents, into: sink)
        try sink.flush()
    }

    private static func emit(_ documents: some Sequence<YAMLNode>, into sink: OutputSink) throws {
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        let context = Unmanaged.passRetained(sink)
        defer {
            yaml_emitter_delete(emitter)
            emitter.deallocate()
            event.deallocate()
            context.release()
        }
        guard yaml_emitter_initialize(emitter) == 1 else {
            throw JixiaoError("yaml-emitter", key: "yaml-emitter-start", [:])
        }
        yaml_emitter_set_unicode(emitter, 1)  // else every Chinese character becomes \uXXXX
        yaml_emitter_set_width(emitter, -1)  // never fold long lines
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_output(emitter, { data, buffer, size in
            guard let data, let buffer else { return 0 }
            let sink = Unmanaged<OutputSink>.fromOpaque(data).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return sink.bytes.count >= 1 << 16 && (try? sink.flush()) == nil ? 0 : 1
        }, context.toOpaque())

        var writer = EventWriter(emitter: emitter, event: event)
        try writer.send { yaml_stream_start_event_initialize($0, YAML_UTF8_ENCODING) }
        for (index, document) in documents.enumerated() {
            // The first document needs no '---'; later ones must have it.
            let implicitStart: Int32 = index == 0 ? 1 : 0
            try writer.send { yaml_document_start_event_initialize($0, nil, nil, nil, implicitStart) }
            try writer.write(document)
            try writer.send { yaml_document_end_event_initialize($0, 1) }
        }
        try writer.send { yaml_stream_end_event_initialize($0) }
        guard yaml_emitter_flush(emitter) == 1 else { throw writer.failure() }
    }

    /// Whether a string written plain would be read back as something other than that string
    /// by a YAML 1.1 or 1.2 reader (PyYAML, Yams, libyaml-based tools): numbers, dates,
    /// booleans, nulls, sexagesimals, the merge and value keys. Every number and date pattern of
    /// those resolvers is ASCII, so text that starts like a number but holds any other character
    /// ("2021年", "1.科学制定") stays plain.
    public static func needsQuotes(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(needsQuotes(utf8:))
    }

    /// The same from the text's UTF-8 bytes.
    static func needsQuotes(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first else { return true }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        // Reserved words are short; numbers start with a digit, or a sign or point then one ("-.5").
        let short = utf8.count <= 6
        var numeric = isDigit(first)
        if !numeric, first == 0x2B || first == 0x2D || first == 0x2E, utf8.count > 1 {
            let second = utf8[1]
            numeric = second == 0x2E || isDigit(second)
        }
        // Every reserved word and every number pattern is ASCII: other text needs no quotes.
        guard short || numeric, !utf8.contains(where: { $0 >= 0x80 }) else { return false }
        if numeric { return true }
        // Every mapping key comes through here: the text, ASCII letters folded, packed into one
        // word and compared with the reserved words packed alike (lowercasing and hashing a
        // string cost more than the whole check).
        guard utf8.count <= 5 else { return false }
        return reservedWords.contains(packed(utf8, folding: true))
    }

    /// Up to five bytes in one word, the first in the lowest byte; with `folding`, A-Z as a-z.
    private static func packed(_ bytes: some Sequence<UInt8>, folding: Bool) -> UInt64 {
        var word: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes {
            let folded = folding && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            word |= UInt64(folded) << shift
            shift += 8
        }
        return word
    }

    /// Lowercase, none longer than five bytes (`packed`).
    private static let reservedWords: [UInt64] = [
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
        ".inf", "-.inf", "+.inf", ".nan", "=", "<<",
    ].map { packed($0.utf8, folding: false) }
}

/// Which line breaks a text holds, from its UTF-8 bytes: '\n', and the others YAML readers
/// fold into '\n' (\r, U+0085 as C2 85, U+2028 and U+2029 as E2 80 A8/A9).
enum LineBreaks {
    static func find(_ bytes: UnsafeBufferPointer<UInt8>) -> (newline: Bool, other: Bool) {
        // Long texts (goals, a page of prose) are searched with memchr for the bytes that can
        // start a break, each a vector scan; short ones (keys, values) byte by byte.
        if bytes.count >= 64, let base = bytes.baseAddress {
            let newline = memchr(base, 0x0A, bytes.count) != nil
            guard memchr(base, 0x0D, bytes.count) == nil else { return (newline, true) }
            guard memchr(base, 0xC2, bytes.count) != nil || memchr(base, 0xE2, bytes.count) != nil else { return (newline, false) }
            return (newline, scanned(bytes).other)
        }
        return scanned(bytes)
    }

    private static func scanned(_ bytes: UnsafeBufferPointer<UInt8>) -> (newline: Bool, other: Bool) {
        var newline = false
        for index in bytes.indices {
            switch bytes[index] {
            case 0x0A: newline = true
            case 0x0D: return (newline, true)
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return (newline, true)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                return (newline, true)
            default: break
            }
        }
        return (newline, false)
    }
}

/// Where the emitter's bytes go: kept in memory, or passed on to a file as they come.
private final class OutputSink {
    var bytes: [UInt8] = []
    var file: UnsafeMutablePointer<FILE>?

    /// Hands the bytes so far to the file (nothing without one).
    func flush() throws {
        guard let file, !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else {
            throw JixiaoError("output-failed", key: "output-stream-failed", ["reason": String(cString: strerror(errno))])
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

private struct EventWriter {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>
    let event: UnsafeMutablePointer<yaml_event_t>

    func send(_ initialize: (UnsafeMutablePointer<yaml_event_t>) -> Int32) throws {
        guard initialize(event) == 1 else {
            throw JixiaoError("yaml-emitter", key: "yaml-emitter-event", [:])
        }
        // yaml_emitter_emit takes ownership of the event, on success and on failure.
        guard yaml_emitter_emit(emitter, event) == 1 else { throw failure() }
    }

    func failure() -> JixiaoError {
        // libyaml's own words: it has no others.
        let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
        return JixiaoError("yaml-emitter", key: "yaml-emitter-failed", ["problem": problem])
    }

    mutating func write(_ node: YAMLNode) throws {
        switch node {
        case .scalar(let scalar):
            try writeScalar(scalar)
        case .sequence(let items, _):
            try send { yaml_sequence_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE) }
            for item in items { try write(item) }
            try send { yaml_sequence_end_event_initialize($0) }
        case .mapping(let pairs, _):
            try send { yaml_mapping_start_event_initialize($0, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE) }
            for pair in pairs {
                try writeScalar(pair.key)
                try write(pair.value)
            }
            try send { yaml_mapping_end_event_initialize($0) }
        }
    }

    private func writeScalar(_ scalar: YAMLScalar) throws {
        let style = libyamlStyle(for: scalar)
        let count = Int32(scalar.text.utf8.count)
        // A C string is never a null pointer, even for ""; libyaml copies the value, so the
        // pointer only needs to live for this call.
        try scalar.text.withCString { text in
            try text.withMemoryRebound(to: yaml_char_t.self, capacity: Int(count) + 1) { value in
                try send { yaml_scalar_event_initialize($0, nil, nil, UnsafeMutablePointer(mutating: value), count, 1, 1, style) }
            }
        }
    }

    /// The requested style; libyaml itself falls back to a quoted style where the requested one
    /// cannot hold the text (a plain scalar with ': ', a literal block with trailing spaces).
    private func libyamlStyle(for scalar: YAMLScalar) -> yaml_scalar_style_t {
        switch scalar.style {
        case .plain: return YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: return YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: return YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: return YAML_LITERAL_SCALAR_STYLE
        case .folded: return YAML_FOLDED_SCALAR_STYLE
        case .text:
            // A literal block keeps '\n' only: readers fold '\r\n' and other breaks into '\n',
            // so text holding them is written double-quoted, with escapes.
            var text = scalar.text
            return text.withUTF8 { bytes in
                let breaks = LineBreaks.find(bytes)
                if breaks.other { return YAML_DOUBLE_QUOTED_SCALAR_STYLE }
                if breaks.newline { return YAML_LITERAL_SCALAR_STYLE }
                return YAMLEmitter.needsQuotes(utf8: bytes) ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE
            }
        }
    }
}
