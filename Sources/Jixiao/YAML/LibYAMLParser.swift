internal import CLibYAML
import Foundation

/// Reads YAML text into `YAMLNode` documents through libyaml's event API.
///
/// Stricter than YAML itself where canonical files need it: duplicate keys, aliases (a
/// billion-laughs risk and never written by Jixiao) and non-scalar keys are errors.
public enum YAMLParser {
    /// Deeper nesting than any filing needs; bounds the recursion of later decoding.
    static let maximumDepth = 64

    /// Parses every document of a YAML stream. Errors carry `file:line:column` (1-based).
    public static func parseStream(_ bytes: [UInt8], file: String? = nil) throws -> [YAMLNode] {
        var documents: [YAMLNode] = []
        try parseEach(bytes, file: file) { documents.append($0) }
        return documents
    }

    /// Hands each document of the stream to `body` as soon as it is complete, so that a long
    /// stream is never held as trees all at once. `firstLine`: the line the bytes start on in
    /// their file, when they are a piece of it.
    public static func parseEach(_ bytes: [UInt8], file: String? = nil, firstLine: Int = 1, _ body: (YAMLNode) throws -> Void) throws {
        // libyaml keeps a pointer to the input: the buffer lives for the whole parse (an empty
        // input still needs a valid pointer, hence the one-byte stand-in).
        let storage = bytes.isEmpty ? [UInt8(0)] : bytes
        try storage.withUnsafeBufferPointer { buffer in
            try parse(file: file, errorBytes: bytes, lineOffset: firstLine - 1, body) { parser in
                yaml_parser_set_input_string(parser, buffer.baseAddress!, bytes.count)
            }
        }
    }

    /// The same, reading the file in pieces as the parser needs them: memory holds one document,
    /// however large the file.
    public static func parseEach(fileAt path: String, name: String? = nil, _ body: (YAMLNode) throws -> Void) throws {
        let name = name ?? path
        guard let handle = fopen(path, "rb") else {
            throw JixiaoError("input-unreadable", key: "input-not-opened", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: name))
        }
        defer { fclose(handle) }
        try parse(file: name, errorBytes: nil, lineOffset: 0, body) { parser in yaml_parser_set_input_file(parser, handle) }
    }

    private static func parse(
        file: String?, errorBytes: [UInt8]?, lineOffset: Int, _ body: (YAMLNode) throws -> Void,
        input: (UnsafeMutablePointer<yaml_parser_t>) -> Void
    ) throws {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            yaml_parser_delete(parser)
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            throw JixiaoError("yaml-parser", key: "yaml-parser-start", [:])
        }
        input(parser)

        var builder = TreeBuilder(file: file)
        while true {
            guard yaml_parser_parse(parser, event) == 1 else {
                throw parserError(parser.pointee, bytes: errorBytes, lineOffset: lineOffset, file: file)
            }
            defer { yaml_event_delete(event) }
            let mark = YAMLMark(
                line: Int(event.pointee.start_mark.line) + 1 + lineOffset,
                column: Int(event.pointee.start_mark.column) + 1)
            switch event.pointee.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                let data = event.pointee.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                try builder.add(.scalar(YAMLScalar(text, style: style(of: data.style), mark: mark)))
            case YAML_SEQUENCE_START_EVENT:
                try builder.open(.sequence, at: mark)
            case YAML_MAPPING_START_EVENT:
                try builder.open(.mapping, at: mark)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try builder.close()
            case YAML_ALIAS_EVENT:
                throw JixiaoError(
                    "yaml-alias", [:],
                    at: position(file, mark))
            case YAML_DOCUMENT_END_EVENT:
                if let document = builder.documents.popLast() {
                    try body(document)
                }
            default:
                break  // stream and document starts
            }
        }
    }

    private static func style(of style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    static func position(_ file: String?, _ mark: YAMLMark) -> SourcePosition {
        SourcePosition(file: file, line: mark.line, column: mark.column)
    }

    /// `bytes`: the whole input where it is in memory, to place reader errors (which only have
    /// a byte offset); from a file, the parser's current position stands in.
    private static func parserError(_ parser: yaml_parser_t, bytes: [UInt8]?, lineOffset: Int, file: String?) -> JixiaoError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        var message = "invalid YAML: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context))"
        }
        var mark: YAMLMark
        if parser.error == YAML_READER_ERROR {
            // Reader errors (bad encoding, control characters) only give a byte offset.
            mark = bytes.map { markOfByte(parser.problem_offset, in: $0) }
                ?? YAMLMark(line: Int(parser.mark.line) + 1, column: Int(parser.mark.column) + 1)
            if parser.problem_value >= 0 {
                message += String(format: " (byte 0x%02X)", parser.problem_value)
            }
        } else {
            mark = YAMLMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        }
        mark.line += lineOffset
        return JixiaoError("yaml-syntax", message, at: position(file, mark))
    }

    /// Line and column (in characters) of a byte offset, counting only valid UTF-8 before it.
    static func markOfByte(_ offset: Int, in bytes: [UInt8]) -> YAMLMark {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = bytes[lineStart..<end].reduce(0) { count, byte in (byte & 0xC0) == 0x80 ? count : count + 1 }
        return YAMLMark(line: line, column: column + 1)
    }
}

/// Turns the event stream into trees. Frames are values changed in place through the stack's
/// subscript: no copy (the stack holds the only reference) and no run-time exclusivity checks,
/// which class frames paid on every access.
private struct TreeBuilder {
    enum Kind { case sequence, mapping }

    struct Frame {
        let kind: Kind
        let mark: YAMLMark
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLScalar?
        /// Keys seen so far, for duplicate detection; built only for large mappings (a scan of
        /// the pairs is cheaper for the dozen keys most mappings have).
        var keyMarks: [String: YAMLMark]?

        init(kind: Kind, mark: YAMLMark) {
            self.kind = kind
            self.mark = mark
        }

        func firstMark(of key: String) -> YAMLMark? {
            if let keyMarks { return keyMarks[key] }
            return pairs.first { $0.key.text == key }?.key.mark
        }

        /// Takes the next key; a key the mapping already has gives the first one's mark instead.
        /// Mutating, so that the frame is changed where it stands in the stack, not copied.
        mutating func take(key: YAMLScalar) -> YAMLMark? {
            if let first = firstMark(of: key.text) { return first }
            if keyMarks == nil, pairs.count >= 16 {
                keyMarks = Dictionary(pairs.map { ($0.key.text, $0.key.mark) }, uniquingKeysWith: { first, _ in first })
            }
            keyMarks?[key.text] = key.mark
            // Most mappings of a filing hold 5 to 14 keys: room for 8 at once, not 1, 2, 4, 8.
            if pairs.isEmpty { pairs.reserveCapacity(8) }
            pendingKey = key
            return nil
        }
    }

    let file: String?
    var stack: [Frame] = []
    var documents: [YAMLNode] = []

    init(file: String?) { self.file = file }

    mutating func open(_ kind: Kind, at mark: YAMLMark) throws {
        if let top = stack.indices.last, stack[top].kind == .mapping, stack[top].pendingKey == nil {
            throw JixiaoError(
                "yaml-complex-key", key: "yaml-key-not-plain", [:],
                at: YAMLParser.position(file, mark))
        }
        guard stack.count < YAMLParser.maximumDepth else {
            throw JixiaoError(
                "yaml-too-deep", ["limit": String(YAMLParser.maximumDepth)],
                at: YAMLParser.position(file, mark))
        }
        stack.append(Frame(kind: kind, mark: mark))
    }

    mutating func close() throws {
        let frame = stack.removeLast()
        switch frame.kind {
        case .sequence: try add(.sequence(frame.items, frame.mark))
        case .mapping: try add(.mapping(frame.pairs, frame.mark))
        }
    }

    mutating func add(_ node: consuming YAMLNode) throws {
        guard let top = stack.indices.last else {
            documents.append(node)
            return
        }
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            if let key = stack[top].pendingKey {
                stack[top].pairs.append(YAMLPair(key, node))
                stack[top].pendingKey = nil
            } else {
                guard case .scalar(let key) = node else {
                    throw JixiaoError(
                        "yaml-complex-key", key: "yaml-complex-key", [:],
                        at: YAMLParser.position(file, node.mark))
                }
                if let first = stack[top].take(key: key) {
                    throw JixiaoError(
                        "yaml-duplicate-key", ["key": key.text, "line": String(first.line), "column": String(first.column)],
                        at: YAMLParser.position(file, key.mark))
                }
            }
        }
    }
}
