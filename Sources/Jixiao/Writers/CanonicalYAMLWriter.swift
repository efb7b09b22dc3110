import Foundation

/// Writes filings as canonical Jixiao YAML: several filings become a YAML stream.
public struct CanonicalYAMLWriter: FilingWriter {
    public init() {}

    public var holdsSeveralFilings: Bool { true }

    /// Each filing's tree is made and written in turn: memory never holds the whole stream's.
    public func write(_ filings: [Filing], to url: URL, options: WriteOptions) throws -> [Diagnostic] {
        try OutputFile.writing(to: url) { file in
            try YAMLEmitter.emit(filings.lazy.map { CanonicalYAML.node(for: $0) }, to: file)
        }
        return []
    }
}
