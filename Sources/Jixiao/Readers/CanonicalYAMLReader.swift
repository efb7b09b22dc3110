/// Reads canonical Jixiao YAML (a stream of `format: jixiao/1` documents).
public struct CanonicalYAMLReader: PiecewiseReader {
    public init() {}

    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        ReadResult(filings: try CanonicalYAML.decode(input.bytes, file: input.name))
    }

    public func readEach(_ input: InputDocument, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic] {
        try CanonicalYAML.decodeEach(input.bytes, file: input.name, body)
        return []
    }

    public func readEach(fileAt path: String, name: String, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic] {
        try CanonicalYAML.decodeEach(fileAt: path, name: name, body)
        return []
    }

    public func pieces(ofFileAt path: String, size: Int) throws -> [FilePiece] {
        try YAMLDocumentSplitter.pieces(ofFileAt: path, size: size)
    }

    public func readEach(_ piece: FilePiece, ofFileAt path: String, name: String, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic] {
        let bytes = try InputLoader.load(path, range: piece.range)
        try CanonicalYAML.decodeEach(bytes, file: name, firstLine: piece.firstLine, body)
        return []
    }
}
