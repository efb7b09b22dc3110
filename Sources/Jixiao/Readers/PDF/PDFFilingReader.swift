import Foundation

/// Reads filings from PDFs with a text layer: poppler's `pdftotext -layout` lays each page out
/// as fixed-width text, the pages are joined into one text (running heads and feet left out, a
/// table going on over a page break read as one), and the text reader's interpreter reads it.
/// Positions name the page and its line: `filing.pdf:page 3, line 12`.
public struct PDFFilingReader: FilingReader {
    public init() {}

    static let pdftotext = ExternalTool(command: "pdftotext", package: "poppler-utils")
    /// A filing's PDF is read in well under a second; a PDF that takes this long is hostile or broken.
    static let timeout: TimeInterval = 120

    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        let name = input.name
        return try Self.read(pages: try Self.pages(of: (consume input).bytes, file: name), file: name, options: options)
    }

    /// Reads the text of a PDF's pages, as `pdftotext -layout` lays them out.
    static func read(pages: [String], file name: String, options: ReadOptions) throws -> ReadResult {
        var (text, choice) = try text(of: pages, file: name, options: options)
        var blocks = PDFColumns.blocks(text.lines, vocabulary: choice.lookup, repeatedHeaders: text.repeatedHeaders, pageBreaks: text.pageBreaks, origin: text.origin)
        text.lines = []
        let places = text.places
        var assembler = TextFilingAssembler(lookup: choice.lookup, file: name, places: places)
        let nearest = blocks.lazy.compactMap { block -> TextRow? in if case .row(let row) = block, row.cells.count >= 3 { return row } else { return nil } }.first?.line
        let filings = assembler.read(&blocks)
        var diagnostics = assembler.log.takeItems()
        diagnostics.insert(contentsOf: text.notes + [choice.diagnostic(at: SourcePosition(file: name))],
                           at: 0)
        let place = nearest.map { places[$0 - 1] }
        try TextFilingReader.requireIndicators(filings, lookup: choice.lookup, nearest: place.map { (word: "nearest-table-place", place: $0.place ?? "") },
                                               at: place ?? SourcePosition(file: name), diagnostics: &diagnostics)
        return ReadResult(filings: filings, diagnostics: diagnostics)
    }

    /// The blocks `jixiao tables` shows, with the place of each line.
    static func blocks(of input: InputDocument, options: ReadOptions) throws -> ([TextBlock], [SourcePosition]) {
        let (text, choice) = try text(of: try pages(of: input.bytes, file: input.name), file: input.name, options: options)
        return (PDFColumns.blocks(text.lines, vocabulary: choice.lookup, repeatedHeaders: text.repeatedHeaders, pageBreaks: text.pageBreaks, origin: text.origin), text.places)
    }

    /// The pages' text made into one, and the mapping to read it through.
    private static func text(of pages: [String], file: String, options: ReadOptions) throws -> (PDFPages, MappingChoice) {
        let choice = try TextFilingReader.choice(for: pages.flatMap { $0.split(separator: "\n").map(String.init) }, options: options)
        return (try PDFPages(pages: pages, file: file, vocabulary: choice.lookup), choice)
    }

    /// The text of each page, as `pdftotext -layout` lays it out.
    static func pages(of bytes: [UInt8], file: String) throws -> [String] {
        let place = SourcePosition(file: file)
        // The header may follow a little junk (the standard allows 1024 bytes of it).
        guard contains(Array("%PDF-".utf8), in: bytes.prefix(1024)) else {
            throw JixiaoError("pdf-not-pdf", [:], at: place)
        }
        guard contains(Array("%%EOF".utf8), in: bytes.suffix(4096)) else {
            throw JixiaoError("pdf-truncated", [:], at: place)
        }
        let tool = try pdftotext.required(for: "reading-pdf", at: place)
        return try TemporaryFolder.with { folder in
            let pdf = folder.appendingPathComponent("input.pdf"), text = folder.appendingPathComponent("text.txt")
            try OutputFile.write(bytes, to: pdf)
            let outcome = try pdftotext.run(tool, ["-layout", "-enc", "UTF-8", "-eol", "unix", pdf.path, text.path], in: folder, timeout: timeout, at: place)
            guard outcome.status == 0 else {
                // pdftotext's own exit codes: 1 the file could not be opened, 3 permissions.
                if outcome.errors.localizedCaseInsensitiveContains("password") || outcome.status == 3 {
                    throw JixiaoError("pdf-encrypted", [:], at: place)
                }
                throw JixiaoError("pdf-unreadable", ["reason": outcome.errors.isEmpty ? "exit status \(outcome.status)" : outcome.errors], at: place)
            }
            let extracted = (try? Data(contentsOf: text)) ?? Data()
            var pages = String(decoding: extracted, as: UTF8.self).components(separatedBy: "\u{0C}")
            // pdftotext ends every page with a form feed, the last one too.
            if pages.count > 1, TextCleaning.isBlank(pages.last!) { pages.removeLast() }
            return pages
        }
    }

    private static func contains(_ needle: [UInt8], in haystack: some Collection<UInt8>) -> Bool {
        let bytes = Array(haystack)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
