/// Turns the elements of a web page into paragraphs and tables in reading order: cells placed by
/// `rowspan` and `colspan` (the HTML table algorithm), tables nested in cells kept as their own,
/// the text outside tables cut into paragraphs at block elements and `<br>`. Scripts, styles and
/// the page's head are not read, and neither are the site's menus: a paragraph whose text is
/// mostly links (as reader views judge navigation) is counted in `skippedLinks`, not kept.
final class HTMLBodyHandler: HTMLEventHandler {
    let file: String
    private(set) var failure: JixiaoError?
    /// Paragraphs left out as navigation, and the first of them.
    private(set) var skippedLinks = 0
    private(set) var firstSkippedLink: SourcePosition?

    /// Elements whose content is never shown as text.
    private static let unread: Set<String> = ["script", "style", "head", "title", "template", "noscript", "textarea", "select"]
    /// Elements that end the paragraph before them and start a new one.
    private static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "caption", "section", "article",
        "header", "footer", "nav", "aside", "main", "blockquote", "pre", "hr", "center", "form", "fieldset", "address",
        "figure", "figcaption", "body", "html", "thead", "tbody", "tfoot",
    ]

    /// Where blocks go: the body, then the content of each open cell, each with its paragraph so far.
    private struct Sink {
        var blocks: [StructuredDocument.Block] = []
        var text = ""
        /// Visible characters of `text`, and those of them inside links.
        var characters = 0
        var linkedCharacters = 0
        /// The cell's place; nil for the body, whose paragraphs are numbered.
        var place: SourcePosition?
    }

    /// A table being read, and the spans of its open cell.
    private struct OpenTable {
        var builder: DocumentTableBuilder
        var columnSpan = 1
        var rowSpan = 1
    }

    private var sinks = [Sink()]
    private var tables: [OpenTable] = []
    private var unreadDepth = 0
    private var linkDepth = 0
    private var paragraphCount = 0
    private var tableCount = 0

    init(file: String) {
        self.file = file
    }

    func start(_ name: String, attributes: [String: String]) {
        if Self.unread.contains(name) { unreadDepth += 1 }
        guard unreadDepth == 0, failure == nil else { return }
        switch name {
        case "table":
            guard tables.count < DocumentLimits.maximumTableDepth else {
                failure = JixiaoError("html-too-deep", key: "tables-too-deep", ["limit": String(DocumentLimits.maximumTableDepth)],
                                      at: tables.last?.builder.cellPlace ?? SourcePosition(file: file))
                return
            }
            endParagraph()
            tableCount += 1
            tables.append(OpenTable(builder: DocumentTableBuilder(number: tableCount, file: file, container: tables.last?.builder.cellPlace)))
        case "tr":
            guard !tables.isEmpty else { return endParagraph() }
            endCell()
            tables[tables.count - 1].builder.startRow()
        case "td", "th":
            guard !tables.isEmpty else { return endParagraph() }
            endCell()
            // Cells with no row around them begin one.
            let last = tables.count - 1
            tables[last].builder.beginCell()
            tables[last].columnSpan = Self.span(attributes["colspan"], zero: 1) ?? 1
            tables[last].rowSpan = Self.span(attributes["rowspan"], zero: 0) ?? 1
            sinks.append(Sink(place: tables[last].builder.cellPlace))
        case "br":
            sinks[sinks.count - 1].text += "\n"
        case "a" where attributes["href"] != nil:
            linkDepth += 1
        default:
            if Self.blocks.contains(name) { endParagraph() }
        }
    }

    func end(_ name: String) {
        if Self.unread.contains(name) {
            unreadDepth = max(0, unreadDepth - 1)
            return
        }
        guard unreadDepth == 0, failure == nil else { return }
        switch name {
        case "table":
            guard !tables.isEmpty else { return }
            endCell()
            let table = tables.removeLast()
            endParagraph()
            do {
                sinks[sinks.count - 1].blocks.append(.table(try table.builder.finish()))
            } catch {
                failure = error as? JixiaoError
            }
        case "td", "th", "tr":
            endCell()
        case "a":
            linkDepth = max(0, linkDepth - 1)
        default:
            if Self.blocks.contains(name) { endParagraph() }
        }
    }

    func text(_ text: String) {
        guard unreadDepth == 0, failure == nil else { return }
        // White space runs show as one space, as a browser shows them.
        var collapsed = ""
        var lastWasSpace = sinks[sinks.count - 1].text.last.map { $0 == " " || $0 == "\n" } ?? true
        var visible = 0
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}" {
                if !lastWasSpace { collapsed.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                collapsed.unicodeScalars.append(scalar)
                lastWasSpace = false
                if !"|｜/·".unicodeScalars.contains(scalar) { visible += 1 }
            }
        }
        let sink = sinks.count - 1
        sinks[sink].text += collapsed
        sinks[sink].characters += visible
        if linkDepth > 0 { sinks[sink].linkedCharacters += visible }
    }

    /// Ends the parse: the body's blocks in order.
    func finish() throws -> [StructuredDocument.Block] {
        if let failure { throw failure }
        // What is still open ends with the document: a script or style left unclosed too, else
        // `end` would ignore the tables' ends (found by fuzzing: the loop never ended).
        unreadDepth = 0
        while !tables.isEmpty, failure == nil { end("table") }
        if let failure { throw failure }
        endParagraph()
        return sinks[0].blocks
    }

    /// The paragraph being written in the current sink, ended: its lines trimmed, kept unless empty.
    private func endParagraph() {
        let sink = sinks.count - 1
        let lines = sinks[sink].text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: [" "]) }
        let isNavigation = sinks[sink].linkedCharacters * 2 > sinks[sink].characters
        sinks[sink].text = ""
        sinks[sink].characters = 0
        sinks[sink].linkedCharacters = 0
        let text = lines.drop { $0.isEmpty }.reversed().drop { $0.isEmpty }.reversed().joined(separator: "\n")
        guard !text.isEmpty else { return }
        if isNavigation {
            skippedLinks += 1
            if firstSkippedLink == nil { firstSkippedLink = sinks[sink].place ?? SourcePosition(file: file, place: "paragraph \(paragraphCount + 1)") }
            return
        }
        let place: SourcePosition
        if let cell = sinks[sink].place {
            place = cell
        } else {
            paragraphCount += 1
            place = SourcePosition(file: file, place: "paragraph \(paragraphCount)")
        }
        sinks[sink].blocks.append(.paragraph(text, place))
    }

    /// The open cell of the innermost table, placed on its grid.
    private func endCell() {
        guard let last = tables.indices.last, tables[last].builder.cellOpen else { return }
        endParagraph()
        let content = sinks.removeLast().blocks
        // Scalars only: a copy of the table held here would make each placed cell copy all the others.
        let (columnSpan, rowSpan) = (tables[last].columnSpan, tables[last].rowSpan)
        do {
            try tables[last].builder.place(content, columnSpan: columnSpan, rowSpan: rowSpan)
        } catch {
            failure = error as? JixiaoError
        }
    }

    /// A span attribute as browsers read it: the digits it starts with; `zero` for 0, nil when absent or not a number.
    private static func span(_ value: String?, zero: Int) -> Int? {
        guard let value else { return nil }
        let digits = value.trimmingCharacters(in: [" ", "\t", "\n", "\r"]).prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits.prefix(9)) else { return nil }
        return number == 0 ? zero : number
    }
}
