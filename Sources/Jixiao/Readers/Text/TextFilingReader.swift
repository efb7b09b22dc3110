import Foundation

/// Reads filings from text extracted from Word, PDF or web pages: decodes it, recovers its
/// table rows, picks the mapping (named, else detected from the text) and assembles filings.
public struct TextFilingReader: FilingReader {
    public init() {}

    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        let name = input.name
        let bytes = (consume input).bytes
        // The text and its lines are let go of once the rows are recovered: memory holds the
        // rows while the filings are assembled, not every form of the text at once.
        var (choice, blocks) = try { () throws -> (MappingChoice, [TextBlock]) in
            let lines = TextDecoding.lines(of: try TextDecoding.decode(consume bytes, file: name).text)
            guard lines.contains(where: { !TextCleaning.trim($0).isEmpty }) else {
                throw JixiaoError("empty-input", "no filing found: the text is empty", at: SourcePosition(file: name, line: 1))
            }
            let choice = try Self.choice(for: lines, options: options)
            return (choice, TextLayout.blocks(consume lines, vocabulary: choice.lookup))
        }()
        let lookup = choice.lookup
        let mapping = lookup.mapping
        var assembler = TextFilingAssembler(lookup: lookup, file: name)
        // Where the nearest table is, for the message if no indicator is found.
        let nearest = blocks.lazy.compactMap { block -> TextRow? in if case .row(let row) = block, row.cells.count >= 3 { return row } else { return nil } }.first?.line
        let filings = assembler.read(&blocks)
        blocks = []
        // Moved out, not copied: a long text's findings are many.
        var diagnostics = assembler.log.takeItems()
        diagnostics.insert(Diagnostic(.info, "mapping-chosen", choice.reason, at: SourcePosition(file: name, line: 1), value: mapping.reference), at: 0)
        let hint = nearest.map { "the nearest table starts at line \($0)" }
        try Self.requireIndicators(filings, lookup: lookup, nearest: hint, at: SourcePosition(file: name, line: nearest ?? 1), diagnostics: &diagnostics)
        return ReadResult(filings: filings, diagnostics: diagnostics)
    }

    /// A read that found no indicator row is a failure: it says what was looked for and where
    /// the nearest thing like a table is (`nearest`, placed at `position`). A part of the document
    /// with no table of its own (a narrative part) is noted.
    static func requireIndicators(_ filings: [Filing], lookup: MappingLookup, nearest: String?, at position: SourcePosition,
                                  diagnostics: inout [Diagnostic]) throws {
        if !filings.contains(where: { !$0.indicators.isEmpty }) {
            let names = lookup.mapping.columns.filter { $0.canonical == "name" }.map(\.written).prefix(3).joined(separator: ", ")
            let hint = nearest.map { "; \($0) (see `jixiao tables`)" } ?? "; no table-like rows either (see `jixiao tables`)"
            throw JixiaoError(
                "no-indicator-table",
                "no indicator row found: looked for a header row naming \(names) through mapping \(lookup.mapping.reference)\(hint)",
                at: position)
        }
        for filing in filings where filing.indicators.isEmpty {
            diagnostics.append(Diagnostic(
                .info, "filing-without-indicators", "this part of the document (\(filing.title ?? "untitled")) has no indicator table",
                at: filing.source ?? SourcePosition(file: position.file, line: 1), value: filing.title))
        }
    }

    /// The mapping a text is read through: named, else chosen on evidence (see `MappingChoice`).
    static func lookup(for text: String, options: ReadOptions) throws -> MappingLookup {
        try choice(for: TextDecoding.lines(of: text), options: options).lookup
    }

    static func choice(for lines: [String], options: ReadOptions) throws -> MappingChoice {
        let catalog = try MappingCatalog.standard()
        let frameworks = try FrameworkCatalog.standard()
        if let named = options.mapping {
            let mapping = try catalog.resolved(named)
            let lookup = MappingLookup(mapping, frameworks: try mapping.frameworks.map { try frameworks.framework($0) })
            return MappingChoice(lookup: lookup, reason: "read through mapping \(mapping.reference), as named")
        }
        return try MappingChoice.choose(for: lines, catalog: catalog, frameworks: frameworks)
    }
}
