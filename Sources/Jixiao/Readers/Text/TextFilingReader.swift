import Foundation

/// Reads filings from text extracted from Word, PDF or web pages: decodes it, recovers its
/// table rows, picks the mapping (named, else detected from the text) and assembles filings.
public struct TextFilingReader: FilingReader {
    public init() {}

    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        let name = input.name
        var (choice, lines) = try Self.lines(of: (consume input).bytes, name: name, options: options)
        let lookup = choice.lookup
        var assembler = TextFilingAssembler(lookup: lookup, file: name)
        // Where the nearest table is, for the message if no indicator is found.
        var nearest: Int?
        // A long text is read part by part, each part's lines let go of once its rows are
        // recovered and its rows once they are read: memory holds one part's rows at a time.
        for part in Self.parts(of: lines, lookup: lookup) {
            var blocks = TextLayout.blocks(Array(lines[part]), vocabulary: lookup, firstLine: part.lowerBound + 1)
            for index in part { lines[index] = "" }
            nearest = nearest ?? blocks.lazy.compactMap { block -> TextRow? in if case .row(let row) = block, row.cells.count >= 3 { return row } else { return nil } }.first?.line
            assembler.take(&blocks)
        }
        lines = []
        let filings = assembler.finish()
        // Moved out, not copied: a long text's findings are many.
        var diagnostics = assembler.log.takeItems()
        diagnostics.insert(choice.diagnostic(at: SourcePosition(file: name, line: 1)), at: 0)
        let hint = nearest.map { (word: "nearest-table-line", place: String($0)) }
        try Self.requireIndicators(filings, lookup: lookup, nearest: hint, at: SourcePosition(file: name, line: nearest ?? 1), diagnostics: &diagnostics)
        return ReadResult(filings: filings, diagnostics: diagnostics)
    }

    /// A read that found no indicator row is a failure: it says what was looked for and where
    /// the nearest thing like a table is (`nearest`, placed at `position`). A part of the document
    /// with no table of its own (a narrative part) is noted.
    /// `nearest`: where the nearest table-like rows are, as a word of the message catalog and its place.
    static func requireIndicators(_ filings: [Filing], lookup: MappingLookup, nearest: (word: String, place: String)?, at position: SourcePosition,
                                  diagnostics: inout [Diagnostic]) throws {
        if !filings.contains(where: { !$0.indicators.isEmpty }) {
            let names = lookup.mapping.columns.filter { $0.canonical == "name" }.map(\.written).prefix(3).joined(separator: ", ")
            var values = ["names": names, "mapping": lookup.mapping.reference]
            values["nearest"] = nearest?.word
            values["place"] = nearest?.place
            throw JixiaoError("no-indicator-table", key: nearest == nil ? "no-indicator-table" : "no-indicator-table-nearest", values, at: position)
        }
        for filing in filings where filing.indicators.isEmpty {
            diagnostics.append(Diagnostic(
                .info, "filing-without-indicators", ["title": filing.title ?? "untitled"],
                at: filing.source ?? SourcePosition(file: position.file, line: 1), value: filing.title))
        }
    }

    /// The text's lines and the mapping to read them through. The bytes and the text are each
    /// let go of once the next form is made, so that memory never holds every form at once.
    private static func lines(of bytes: consuming [UInt8], name: String, options: ReadOptions) throws -> (MappingChoice, [String]) {
        var text = try TextDecoding.decode(bytes, file: name).text
        bytes = []
        let lines = TextDecoding.lines(of: text)
        text = ""
        guard lines.contains(where: { !TextCleaning.trim($0).isEmpty }) else {
            throw JixiaoError("empty-input", [:], at: SourcePosition(file: name, line: 1))
        }
        return (try Self.choice(for: lines, options: options), lines)
    }

    /// Lines a part of a long text holds at least, before it may end.
    static let partLines = 20_000

    /// The parts a text is read in: the whole of a short text; a long one cut before filing
    /// titles (…绩效目标表), which no table runs across, every `partLines` lines or more.
    static func parts(of lines: [String], lookup: MappingLookup) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = 0
        var index = partLines
        while index < lines.count - partLines {
            let line = TextCleaning.trim(lines[index])
            if !line.isEmpty, line.count <= 60, lookup.headingNumber(line) == nil, lookup.isFilingTitle(line) {
                parts.append(start..<index)
                start = index
                index += partLines
            } else {
                index += 1
            }
        }
        parts.append(start..<lines.count)
        return parts
    }

    /// The mapping a text is read through: named, else chosen on evidence (see `MappingChoice`).
    static func lookup(for text: String, options: ReadOptions) throws -> MappingLookup {
        try choice(for: TextDecoding.lines(of: text), options: options).lookup
    }

    static func choice(for lines: [String], options: ReadOptions) throws -> MappingChoice {
        let catalog = try MappingCatalog.standard()
        let frameworks = try FrameworkCatalog.standard()
        if let named = options.mapping {
            let lookup = try catalog.lookup(named, frameworks: frameworks)
            return MappingChoice(lookup: lookup, key: "mapping-named", values: ["mapping": lookup.mapping.reference])
        }
        return try MappingChoice.choose(for: lines, catalog: catalog, frameworks: frameworks)
    }
}
