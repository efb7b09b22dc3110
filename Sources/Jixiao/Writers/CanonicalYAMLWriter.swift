import Foundation

/// Writes filings as canonical Jixiao YAML: several filings become a YAML stream.
public struct CanonicalYAMLWriter: FilingWriter {
    public init() {}

    public var holdsSeveralFilings: Bool { true }

    public func write(_ filings: [Filing], to url: URL, options: WriteOptions) throws -> [Diagnostic] {
        try OutputFile.write(CanonicalYAML.encode(filings), to: url)
        return []
    }
}
