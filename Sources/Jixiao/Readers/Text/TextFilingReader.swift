import Foundation

/// Reads filings from text extracted from Word, PDF or web pages: decodes it, recovers its
/// table rows, picks the mapping (named, else detected from the text) and assembles filings.
public struct TextFilingReader: FilingReader {
    public init() {}

    public func read(_ input: InputDocument, options: ReadOptions) throws -> ReadResult {
        let (text, _) = try TextDecoding.decode(input.bytes, file: input.name)
        let lines = TextDecoding.lines(of: text)
        guard lines.contains(where: { !TextCleaning.trim($0).isEmpty }) else {
            throw JixiaoError("empty-input", "no filing found: the text is empty", at: SourcePosition(file: input.name, line: 1))
        }
        let catalog = try MappingCatalog.standard()
        let mapping = try options.mapping.map(catalog.resolved) ?? catalog.detect(in: text)
        let frameworks = try FrameworkCatalog.standard()
        let targets = try mapping.frameworks.map { try frameworks.framework($0) }
        let lookup = MappingLookup(mapping, frameworks: targets)
        var assembler = TextFilingAssembler(lookup: lookup, file: input.name)
        let filings = assembler.read(TextLayout.blocks(lines, vocabulary: lookup))
        var diagnostics = assembler.log.items
        if !filings.contains(where: { !$0.indicators.isEmpty }) {
            diagnostics.append(Diagnostic(
                .warning, "no-indicator-table",
                "no indicator table found (no header row naming 三级指标 or the like, read through mapping \(mapping.reference))",
                at: SourcePosition(file: input.name)))
        }
        return ReadResult(filings: filings, diagnostics: diagnostics)
    }
}
