/// Reads canonical Jixiao YAML (a stream of `format: jixiao/1` documents).
public struct CanonicalYAMLReader: FilingReader {
    public init() {}

    public func read(_ input: InputDocument, options: ReadOptions) throws -> ReadResult {
        ReadResult(filings: try CanonicalYAML.decode(input.bytes, file: input.name))
    }
}
