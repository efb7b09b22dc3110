import Foundation

/// One table cell as extracted: its text lines (a cell may span several) and where it began.
struct TextCell: Sendable {
    /// The first line, and the lines after it (empty, and so costing nothing, for most cells).
    private var first: String
    private var more: [String] = []
    var line: Int
    /// Where the cell starts on its line, in display columns (a CJK character is two), for
    /// rows aligned with spaces.
    var column: Int?
    /// The cell came from a row split on '|'.
    var piped = false

    init(_ text: String, line: Int) {
        self.first = text
        self.line = line
    }

    /// The cell's lines as extracted.
    var parts: [String] {
        get { [first] + more }
        set {
            first = newValue.first ?? ""
            more = Array(newValue.dropFirst())
        }
    }

    mutating func append(_ part: String) { more.append(part) }

    /// The cell as running text: its lines trimmed and joined by newlines.
    var text: String {
        if more.isEmpty { return TextCleaning.trim(first) }
        return parts.map(TextCleaning.trim).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The cell as a label: a name broken over lines ("运行" / "成本") joined back together.
    var label: String {
        if more.isEmpty { return TextCleaning.trim(first) }
        return parts.map(TextCleaning.trim).joined()
    }

    var isBlank: Bool { more.isEmpty ? TextCleaning.isBlank(first) : label.isEmpty }
}

/// A table row, however the extraction laid it out.
struct TextRow: Sendable {
    enum Layout: Sendable {
        /// One cell per line, tab-prefixed; a blank line ends the row (Word extractions).
        case cellPerLine
        /// One row per line, cells separated by tabs, '|' or runs of spaces.
        case rowPerLine
        /// One cell per line, each ending in " |" ("|" alone: an empty cell); a line of pipes
        /// only, or a cell followed by more pipes, ends the row (web pages turned into text).
        case pipeCells
    }

    var cells: [TextCell]
    var line: Int
    var lastLine: Int
    var layout: Layout

    var isBlank: Bool { cells.allSatisfy(\.isBlank) }
    /// Split on '|': rows of such tables are never wrapped, their short rows lack merged cells.
    var isPiped = false
    /// Already laid under its header by the layout reader (cell streams, single-space columns,
    /// prose): the interpreter takes the columns as they are.
    var isLaidOut = false
    /// On the first row of a table a layout reader recovered: how, and over which lines, for the
    /// reader's report.
    var recoveredAs: RecoveredLayout?
}

/// How a layout reader recovered a table, in the message catalog's words: `layout` is one of its
/// `layout-…` words, filled with the number of columns; `first` and `last` are the lines it
/// spans: lines of a text, or lines of a PDF's pages.
struct RecoveredLayout: Equatable, Sendable {
    struct Place: Equatable, Sendable {
        var page: Int?
        var line: Int
    }

    var layout: String
    var columns: Int?
    var first: Place
    var last: Place

    /// The values of the `layout-recovered` message and of the catalog's `layout-description`.
    var values: [String: String] {
        var values = ["layout": layout, "first": String(first.line), "last": String(last.line), "span": "layout-span-lines"]
        if let columns { values["columns"] = String(columns) }
        if let firstPage = first.page, let lastPage = last.page {
            values["span"] = "layout-span-pages"
            values["first_page"] = String(firstPage)
            values["last_page"] = String(lastPage)
        }
        return values
    }

    /// "one cell per line, 4 columns, lines 40–52" in one language; the word's key without a catalog.
    func text(in language: MessageLanguage) -> String {
        MessageCatalog.standard?.word("layout-description", values, in: language) ?? layout
    }
}

/// What a text filing is made of, in order: free paragraphs and table rows.
enum TextBlock: Sendable {
    case paragraph(String, line: Int)
    case row(TextRow)

    /// The block with its lines counted `offset` further (a part of a text read on its own).
    func shifted(by offset: Int) -> TextBlock {
        guard offset != 0 else { return self }
        switch self {
        case .paragraph(let text, let line): return .paragraph(text, line: line + offset)
        case .row(var row):
            row.line += offset
            row.lastLine += offset
            for index in row.cells.indices { row.cells[index].line += offset }
            return .row(row)
        }
    }
}

/// Recovers table rows from extracted text without knowing its origin: cells one per line
/// (with blank lines between rows and continuation lines without the tab), rows one per line
/// (tab-, pipe- or multi-space-separated, with cells wrapped onto following lines).
enum TextLayout {
    /// `lines` is taken over: each line is let go of once its block is made (a line cut into cells
    /// is then held only as its cells).
    /// `firstLine` numbers the first of `lines` (a part of a longer text).
    static func blocks(_ lines: consuming [String], vocabulary: TableVocabulary? = nil, firstLine: Int = 1) -> [TextBlock] {
        var lines = lines
        let streams = vocabulary.map { CellStream.tables(lines, vocabulary: $0) } ?? []
        var nextStream = 0
        var blocks: [TextBlock] = []
        var open: TextRow?
        var blankRun = 0

        func closeRow() {
            if let row = open {
                if row.layout == .pipeCells, let vocabulary, let (header, body) = splittingHeaderFromBody(row, vocabulary: vocabulary) {
                    blocks += [.row(header), .row(body)]
                } else {
                    blocks.append(.row(row))
                }
            }
            open = nil
        }

        /// Lines without a pipe inside a pipe-cell row: the start of the next cell ("绩" / "效" / "指标 |").
        var pending: [String] = []

        for index in lines.indices {
            let raw = lines[index]
            lines[index] = ""
            let number = index + 1
            if nextStream < streams.count, streams[nextStream].lines.contains(index) {
                if index == streams[nextStream].lines.lowerBound {
                    closeRow()
                    let stream = streams[nextStream]
                    if let lead = stream.lead { blocks.append(.paragraph(lead, line: number)) }
                    for (position, row) in stream.rows.enumerated() {
                        var laidOut = row
                        laidOut.isLaidOut = true
                        if position == 0 {
                            laidOut.recoveredAs = RecoveredLayout(layout: stream.how, columns: stream.columns,
                                                                  first: .init(line: stream.lines.lowerBound + firstLine),
                                                                  last: .init(line: stream.lines.upperBound + firstLine - 1))
                        }
                        blocks.append(.row(laidOut))
                    }
                    if let trail = stream.trail { blocks.append(.paragraph(trail, line: streams[nextStream].lines.upperBound)) }
                }
                if index == streams[nextStream].lines.upperBound - 1 { nextStream += 1 }
                continue
            }
            if let piece = pipeCell(raw) {
                if open?.layout != .pipeCells {
                    closeRow()
                    open = TextRow(cells: [], line: number, lastLine: number, layout: .pipeCells)
                }
                if let text = piece.text {
                    var cell = TextCell(text, line: number - pending.count)
                    cell.parts = pending + [text]
                    open!.cells.append(cell)
                }
                pending = []
                open!.lastLine = number
                if piece.endsRow {
                    open!.cells = Array(open!.cells.drop { $0.isBlank })
                    if open!.cells.isEmpty { open = nil } else { closeRow() }
                }
                blankRun = 0
                continue
            }
            if open?.layout == .pipeCells {
                if TextCleaning.trim(raw).isEmpty { continue }
                // A line of several cells is a row of its own, never part of a cell.
                if pending.count < 8, !raw.containsBytes(of: "\t"), TextCleaning.trim(raw).split(separator: "|").count < 2 {
                    pending.append(raw)
                    continue
                }
                open!.cells = Array(open!.cells.drop { $0.isBlank })
                closeRow()
                for (offset, text) in pending.enumerated() { blocks.append(.paragraph(text, line: number - pending.count + offset)) }
                pending = []
            }
            if raw.hasPrefix("\t"), !raw.utf8.dropFirst().contains(UInt8(ascii: "\t")) {
                let cell = TextCell(String(raw.dropFirst()), line: number)
                if open == nil { open = TextRow(cells: [], line: number, lastLine: number, layout: .cellPerLine) }
                open!.cells.append(cell)
                open!.lastLine = number
                blankRun = 0
                continue
            }
            if TextCleaning.trim(raw).isEmpty {
                closeRow()
                blankRun += 1
                continue
            }
            if let cells = splitRow(raw, line: number) {
                closeRow()
                if !cells.isEmpty {
                    var row = TextRow(cells: cells, line: number, lastLine: number, layout: .rowPerLine)
                    row.isPiped = cells.contains(where: \.piped)
                    blocks.append(.row(row))
                }
                blankRun = 0
                continue
            }
            // A line without a tab: the rest of the cell above, while a cell-per-line row is open
            // or was closed by a single blank line inside a wrapped cell ("运行" / "" / "成本").
            if open != nil {
                open!.cells[open!.cells.count - 1].append(raw)
                open!.lastLine = number
            } else if blankRun == 1, vocabulary?.isHeading(raw) != true, case .row(var row)? = blocks.last,
                      row.layout == .cellPerLine, !row.cells.isEmpty {
                blocks.removeLast()
                row.cells[row.cells.count - 1].append(raw)
                row.lastLine = number
                open = row
            } else {
                blocks.append(.paragraph(raw, line: number))
            }
            blankRun = 0
        }
        if open?.layout == .pipeCells { open!.cells = Array(open!.cells.drop { $0.isBlank }) }
        closeRow()
        for (offset, text) in pending.enumerated() { blocks.append(.paragraph(text, line: lines.count - pending.count + offset + 1)) }
        // In place: a long text's blocks are many, and one array of them is enough.
        joinWrappedRows(&blocks)
        alignSpacedRows(&blocks)
        if firstLine != 1 {
            for index in blocks.indices { blocks[index] = blocks[index].shifted(by: firstLine - 1) }
        }
        return blocks
    }

    /// A header row that runs on into the first body row (a cell-per-line web table whose header
    /// ends with no row mark): cut after the last header cell when a level name follows.
    private static func splittingHeaderFromBody(_ row: TextRow, vocabulary: TableVocabulary) -> (TextRow, TextRow)? {
        guard let last = row.cells.lastIndex(where: { !$0.isBlank && vocabulary.headerRole($0.label) != nil }),
              row.cells[...last].filter({ vocabulary.headerRole($0.label) != nil }).count >= 3,
              let next = row.cells[(last + 1)...].firstIndex(where: { !$0.isBlank }),
              vocabulary.levelDepth(row.cells[next].label, under: nil) != nil else { return nil }
        var header = row
        header.cells = Array(row.cells[...last])
        var body = row
        body.cells = Array(row.cells[next...])
        body.line = row.cells[next].line
        header.lastLine = body.line - 1
        return (header, body)
    }

    /// A line of the pipe-cell layout: "text |" (a cell), "|" (an empty cell), "||" or
    /// "text | |||" (the row ends). Nil for any other line.
    static func pipeCell(_ raw: String) -> (text: String?, endsRow: Bool)? {
        let trimmed = TextCleaning.trim(raw)
        guard trimmed.hasSuffix("|") else { return nil }
        var body = Substring(trimmed)
        var pipes = 0
        while let last = body.last, last == "|" || last == " " {
            if last == "|" { pipes += 1 }
            body = body.dropLast()
        }
        let text = TextCleaning.trim(String(body))
        // "a | b |" is a row of several cells, not one cell.
        guard !text.containsBytes(of: "|") else { return nil }
        if text.isEmpty { return (nil, pipes >= 2) }
        return (text, pipes >= 2)
    }

    /// Cells of a one-row-per-line table line, or nil for a line of running text.
    static func splitRow(_ raw: String, line: Int) -> [TextCell]? {
        if raw.utf8.contains(UInt8(ascii: "\t")) {
            return raw.components(separatedBy: "\t").map { TextCell($0, line: line) }
        }
        let trimmed = TextCleaning.trim(raw)
        if trimmed.hasPrefix("|") && trimmed.utf8.dropFirst().contains(UInt8(ascii: "|"))
            || trimmed.split(separator: "|").filter({ !TextCleaning.trim(String($0)).isEmpty }).count >= 2 {
            var fields = trimmed.components(separatedBy: "|")
            if trimmed.hasPrefix("|") { fields.removeFirst() }
            if trimmed.hasSuffix("|") { fields.removeLast() }
            // A Markdown rule line (|---|:--:|) separates the header from the body.
            if fields.allSatisfy({ TextCleaning.trim($0).allSatisfy { "-:".contains($0) } }) { return [] }
            return fields.map { field in
                var cell = TextCell("", line: line)
                cell.parts = field.components(separatedBy: "<br>")
                cell.piped = true
                return cell
            }
        }
        let fields = spacedFields(raw, line: line)
        return fields.count >= 3 ? fields : nil
    }

    /// The fields of a line aligned with runs of two or more spaces, with their display columns.
    private static func spacedFields(_ raw: String, line: Int) -> [TextCell] {
        SpacedFields.split(raw) { $0.unicodeScalars.contains(where: TextCleaning.isCJK) || $0 == "\u{3000}" ? 2 : 1 }
            .map { cell($0.text, line: line, column: $0.start) }
    }

    private static func cell(_ text: String, line: Int, column: Int) -> TextCell {
        var cell = TextCell(text, line: line)
        cell.column = column
        return cell
    }

    /// Rows aligned with spaces leave empty cells out: put each cell under the column of the
    /// widest row before it whose start is nearest, and fill the gaps with empty cells.
    private static func alignSpacedRows(_ blocks: inout [TextBlock]) {
        var reference: [Int] = []
        for index in blocks.indices {
            guard case .row(var row) = blocks[index], row.layout == .rowPerLine, row.cells.allSatisfy({ $0.column != nil }) else {
                reference = []
                continue
            }
            let starts = row.cells.compactMap(\.column)
            guard starts.count < reference.count else {
                reference = starts
                continue
            }
            var slots = Array(repeating: TextCell("", line: row.line), count: reference.count)
            var used = Set<Int>()
            var fits = true
            for cell in row.cells {
                let nearest = reference.indices.min { abs(reference[$0] - cell.column!) < abs(reference[$1] - cell.column!) }!
                guard used.insert(nearest).inserted else { fits = false; break }
                slots[nearest] = cell
            }
            guard fits else { continue }
            row.cells = slots
            blocks[index] = .row(row)
        }
    }

    /// A one-row-per-line row shorter than the row above it, continued on the following lines
    /// to exactly that row's width, had its last cell wrapped (a multi-line cell in a PDF or a
    /// pasted table); the pieces are joined back into one row.
    private static func joinWrappedRows(_ blocks: inout [TextBlock]) {
        // Compacted in place: the blocks kept are written at `kept`, never ahead of `index`.
        var kept = 0
        var width = 0
        var index = 0
        while index < blocks.count {
            guard case .row(let row) = blocks[index], row.layout == .rowPerLine, !row.cells.isEmpty,
                  !row.isPiped else {
                width = 0
                blocks.swapAt(kept, index)
                kept += 1
                index += 1
                continue
            }
            index += 1
            if row.cells.count < width, let (joined, next) = wrapped(row, in: blocks, from: index, width: width) {
                blocks[kept] = .row(joined)
                index = next
            } else {
                blocks[kept] = .row(row)
                width = row.cells.count
            }
            kept += 1
        }
        blocks.removeSubrange(kept...)
    }

    /// The row completed by the lines after it, and the index after them; nil unless they make
    /// the row exactly `width` cells wide.
    private static func wrapped(_ start: TextRow, in blocks: [TextBlock], from first: Int, width: Int) -> (TextRow, Int)? {
        var row = start
        var index = first
        while row.cells.count < width, index < blocks.count {
            switch blocks[index] {
            case .paragraph(let text, let line) where line == row.lastLine + 1:
                row.cells[row.cells.count - 1].append(text)
                row.lastLine = line
            case .row(let next) where next.layout == .rowPerLine && next.line == row.lastLine + 1:
                row.cells[row.cells.count - 1].parts += next.cells[0].parts
                row.cells += next.cells.dropFirst()
                row.lastLine = next.lastLine
            default:
                return nil
            }
            index += 1
        }
        return row.cells.count == width ? (row, index) : nil
    }
}
