import Foundation

/// What a reader is handed: the bytes of one input and the name to report positions under.
public struct InputDocument: Sendable {
    /// The name used in positions: the path as the user gave it, or "-" / "<stdin>".
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Options shared by every reader; each reader uses what applies to it.
public struct ReadOptions: Sendable {
    /// A mapping id from `Mappings/` to prefer over detection (e.g. "yunnan-project").
    public var mapping: String?
    /// The caller writes each filing to its own canonical YAML file and needs nothing else of
    /// it: a reader holding a filing's canonical text as written and unchanged (an unedited
    /// form's hidden copy) may hand over that text (`ReadResult.canonicalTexts`) undecoded.
    public var canonicalTextSuffices: Bool

    public init(mapping: String? = nil, canonicalTextSuffices: Bool = false) {
        self.mapping = mapping
        self.canonicalTextSuffices = canonicalTextSuffices
    }
}

/// Options shared by every writer.
public struct WriteOptions: Sendable {
    /// A template id from `Schemas/templates/`, for writers that fill a template.
    public var template: String?
    /// Forms: protect their sheets (data cells stay editable, rows can be inserted and deleted).
    public var protect: Bool

    public init(template: String? = nil, protect: Bool = false) {
        self.template = template
        self.protect = protect
    }
}

/// The filings of one input and what the reader had to say about them.
public struct ReadResult: Sendable {
    public var filings: [Filing]
    public var diagnostics: [Diagnostic]
    /// Only where the caller allowed it (`ReadOptions.canonicalTextSuffices`), in place of
    /// `filings`: each filing's canonical YAML document as the input held it, byte for byte what
    /// the canonical YAML writer would write for it.
    public var canonicalTexts: [String] = []

    public init(filings: [Filing], diagnostics: [Diagnostic] = []) {
        self.filings = filings
        self.diagnostics = diagnostics
    }
}

/// Turns one input into canonical filings. Recoverable problems go into the diagnostics;
/// an input that cannot be read at all throws a `JixiaoError` with its position.
public protocol FilingReader: Sendable {
    /// `input` is taken over, so that a reader may let its bytes go once decoded.
    func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult

    /// Hands each filing to `body` as it is read, for work that streams (the consolidated
    /// export); returns the diagnostics. Readers that can stream override it.
    func readEach(_ input: InputDocument, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic]
}

/// A reader that can stream a file from disk without loading it whole, for inputs larger than
/// memory should hold (the consolidated export of long YAML streams).
public protocol FileStreamingReader: FilingReader {
    func readEach(fileAt path: String, name: String, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic]
}

/// A reader whose files are streams of independent documents: a long file is cut into pieces
/// that several threads read at once (the consolidated export of long YAML streams).
public protocol PiecewiseReader: FileStreamingReader {
    /// The file cut into pieces of about `size` bytes; one piece when it is short or cannot be cut.
    func pieces(ofFileAt path: String, size: Int) throws -> [FilePiece]
    func readEach(_ piece: FilePiece, ofFileAt path: String, name: String, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic]
}

extension FilingReader {
    public func readEach(_ input: InputDocument, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic] {
        // Filings are what `body` takes: no reader hands over canonical text instead.
        var options = options
        options.canonicalTextSuffices = false
        let result = try read(input, options: options)
        try result.filings.forEach(body)
        return result.diagnostics
    }
}

/// Writes filings to a file. The caller hands it a temporary path and renames it into place,
/// so a writer never needs to care about atomicity or about stdout.
public protocol FilingWriter: Sendable {
    /// Whether several filings fit into one output (a YAML stream does; a template may not).
    var holdsSeveralFilings: Bool { get }
    func write(_ filings: [Filing], to url: URL, options: WriteOptions) throws -> [Diagnostic]
}

/// One entry of the format list: a name, the file extensions it is inferred from, and its
/// reader and/or writer.
public struct FileFormat: Sendable {
    public var name: String
    public var summary: String
    public var extensions: [String]
    /// Binary formats are never written to a terminal.
    public var isBinary: Bool
    public var reader: (any FilingReader)?
    public var writer: (any FilingWriter)?

    public init(name: String, summary: String, extensions: [String], isBinary: Bool = false,
                reader: (any FilingReader)? = nil, writer: (any FilingWriter)? = nil) {
        self.name = name
        self.summary = summary
        self.extensions = extensions
        self.isBinary = isBinary
        self.reader = reader
        self.writer = writer
    }
}
