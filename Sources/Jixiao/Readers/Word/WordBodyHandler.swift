/// Reads the body of a Word document (`word/document.xml`, WordprocessingML) into paragraphs and
/// tables in body order. Cells are placed on the table grid by `w:gridBefore` and `w:gridSpan`,
/// vertical merges (`w:vMerge`) grow the cell above, legacy `w:hMerge` the cell to the left.
/// Text comes from runs (tabs, breaks, field results, hyperlinks, content controls, tracked
/// insertions); tracked deletions, moved-away text, field codes, property-change records, the
/// prompts of empty content controls and the fallback copy of drawings are skipped. Text boxes become paragraphs after the one holding them.
final class WordBodyHandler: PartHandler {
    private enum Frame {
        /// A paragraph, writing into the block it reserved: sink depth and index there.
        case paragraph(sink: Int, index: Int)
        case cell
        case table
        /// An element out of place (a cell outside any table): read through, not placed.
        case ignored
    }

    /// A table being read, and the properties of its open cell.
    private struct OpenTable {
        var builder: DocumentTableBuilder
        var columnSpan = 1
        var verticalMerge: VerticalMerge?
        var continuesLeft = false
    }

    private enum VerticalMerge { case restart, `continue` }

    /// Where blocks go: the body, then the content of each open cell.
    private var sinks: [[StructuredDocument.Block]] = [[]]
    private var frames: [Frame] = []
    private var tables: [OpenTable] = []
    /// The paragraphs being read (a text box's paragraphs open inside the one holding it).
    private var paragraphTexts: [String] = []
    private var runDepth = 0
    /// Depth inside content that is not read (deleted text, drawing fallbacks, change records).
    private var skipping = 0
    /// Per open content control (`w:sdt`), whether it shows its placeholder prompt.
    private var controlsShowingPlaceholder: [Bool] = []
    private var paragraphCount = 0
    private var tableCount = 0

    override func opened(_ tag: XMLTag) throws {
        let name = tag.name
        if isSkipped(name) || (skipping > 0 && name == "sdtContent") {
            skipping += 1
            return
        }
        guard skipping == 0 else { return }
        if name == "sdt" {
            controlsShowingPlaceholder.append(false)
        } else if name == "showingPlcHdr", !controlsShowingPlaceholder.isEmpty {
            controlsShowingPlaceholder[controlsShowingPlaceholder.count - 1] = true
        } else if name == "sdtContent", controlsShowingPlaceholder.last == true {
            // An empty content control shows its prompt ("click here to enter text"): no content.
            skipping += 1
        } else if name == "p" {
            let place: SourcePosition
            if let table = tables.last {
                place = table.builder.cellPlace
            } else {
                paragraphCount += 1
                place = SourcePosition(file: file, place: "paragraph \(paragraphCount)")
            }
            // Reserved now, so that a paragraph comes before the text boxes anchored in it.
            sinks[sinks.count - 1].append(.paragraph("", place))
            frames.append(.paragraph(sink: sinks.count - 1, index: sinks[sinks.count - 1].count - 1))
            paragraphTexts.append("")
        } else if name == "r" {
            runDepth += 1
        } else if name == "t", runDepth > 0, !paragraphTexts.isEmpty {
            text = ""
            collecting = true
        } else if name == "tab" || name == "ptab" {
            appendInRun("\t")
        } else if name == "br" || name == "cr" {
            appendInRun("\n")
        } else if name == "noBreakHyphen" {
            appendInRun("-")
        } else if name == "tbl" {
            guard tables.count < DocumentLimits.maximumTableDepth else {
                throw JixiaoError("docx-too-deep", key: "tables-too-deep", ["limit": String(DocumentLimits.maximumTableDepth)],
                                  at: tables.last?.builder.cellPlace ?? SourcePosition(file: file))
            }
            tableCount += 1
            tables.append(OpenTable(builder: DocumentTableBuilder(number: tableCount, file: file, container: tables.last?.builder.cellPlace)))
            frames.append(.table)
        } else if name == "tr", !tables.isEmpty {
            tables[tables.count - 1].builder.startRow()
        } else if name == "gridBefore", !tables.isEmpty, let count = tag.attribute(localName: "val")?.integer {
            tables[tables.count - 1].builder.skipColumns(count)
        } else if name == "tc" {
            guard !tables.isEmpty, !tables[tables.count - 1].builder.cellOpen else {
                frames.append(.ignored)
                return
            }
            let last = tables.count - 1
            tables[last].builder.beginCell()
            tables[last].columnSpan = 1
            tables[last].verticalMerge = nil
            tables[last].continuesLeft = false
            sinks.append([])
            frames.append(.cell)
        } else if name == "gridSpan", let table = tables.last, table.builder.cellOpen, let span = tag.attribute(localName: "val")?.integer {
            tables[tables.count - 1].columnSpan = max(1, span)
        } else if name == "vMerge", let table = tables.last, table.builder.cellOpen {
            let value = tag.attribute(localName: "val")
            tables[tables.count - 1].verticalMerge = value.map { $0 == "restart" } == true ? .restart : .continue
        } else if name == "hMerge", let table = tables.last, table.builder.cellOpen {
            tables[tables.count - 1].continuesLeft = tag.attribute(localName: "val").map { $0 != "restart" } ?? true
        }
    }

    override func closed(_ name: XMLSpan) throws {
        if skipping > 0 {
            if isSkipped(name) || name == "sdtContent" { skipping -= 1 }
            return
        }
        if name == "sdt" {
            _ = controlsShowingPlaceholder.popLast()
        } else if name == "t", collecting {
            collecting = false
            paragraphTexts[paragraphTexts.count - 1] += text
        } else if name == "r" {
            runDepth = max(0, runDepth - 1)
        } else if name == "p" || name == "tc" || name == "tbl", let frame = frames.popLast() {
            try close(frame)
        }
    }

    private func close(_ frame: Frame) throws {
        switch frame {
        case .paragraph(let sink, let index):
            let text = paragraphTexts.removeLast()
            if case .paragraph(_, let place) = sinks[sink][index] { sinks[sink][index] = .paragraph(text, place) }
        case .cell:
            let content = sinks.removeLast()
            let last = tables.count - 1
            // Scalars only: a copy of the table held here would make each placed cell copy all the others.
            let (columnSpan, verticalMerge, continuesLeft) = (tables[last].columnSpan, tables[last].verticalMerge, tables[last].continuesLeft)
            if verticalMerge == .continue, tables[last].builder.continueCellAbove(content, columnSpan: columnSpan) { return }
            if continuesLeft, tables[last].builder.continueCellLeft(content) { return }
            try tables[last].builder.place(content, columnSpan: columnSpan, rowSpan: 1)
        case .table:
            let table = tables.removeLast()
            sinks[sinks.count - 1].append(.table(try table.builder.finish()))
        case .ignored:
            break
        }
    }

    /// Ends the scan: the body's blocks in order.
    func finish() -> [StructuredDocument.Block] { sinks[0] }

    private func appendInRun(_ text: String) {
        guard runDepth > 0, !paragraphTexts.isEmpty else { return }
        paragraphTexts[paragraphTexts.count - 1] += text
    }

    /// Deleted and moved-away text, the fallback copy of a drawing (its text box is read from the
    /// choice), and records of earlier properties (`w:tcPrChange` holds the old spans).
    private func isSkipped(_ name: XMLSpan) -> Bool {
        if name == "del" || name == "moveFrom" || name == "Fallback" { return true }
        let suffix: StaticString = "Change"
        let length = suffix.utf8CodeUnitCount
        guard name.range.count > length else { return false }
        let start = name.range.upperBound - length
        for offset in 0..<length where name.bytes[start + offset] != suffix.utf8Start[offset] { return false }
        return true
    }
}
