import Foundation

/// Tables in a PDF's text as `pdftotext -layout` places it: every character at the column its
/// position on the page gives (one column per character, Chinese or not), cells separated by
/// runs of spaces, and no rules between rows. Under a header row the mapping knows, each text
/// stands in the column of the header it starts under. A line is the rest of the row above when
/// the page wrapped its cells: one text only, texts only where the row has text and no target,
/// or texts under columns the line above filled to the edge, none reading as a target. Any other
/// line is a new row (merged level cells leave its left columns empty, to be carried down).
/// Lines outside such tables go through the text reader's layouts.
enum PDFColumns {
    typealias Field = SpacedFields.Field

    /// The texts of a line, split at runs of two or more spaces; pdftotext gives every
    /// character one column, Chinese or not.
    static func fields(of line: String) -> [Field] {
        SpacedFields.split(line) { _ in 1 }
    }

    /// The blocks of the text: tables under a header row read by columns, the rest through the
    /// text reader's layouts. `lines` are numbered from 1; `repeatedHeaders` (from 0) are headers
    /// a page repeated where a table goes on; `place` names a line for the report.
    static func blocks(_ lines: [String], vocabulary: some TableVocabulary, repeatedHeaders: Set<Int> = [],
                       place: (Int) -> String = { "line \($0)" }) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var plain = 0
        var index = 0
        func flushPlain(upTo end: Int) {
            guard plain < end else { return }
            // A repeated header outside a table read here would start a second table: left out.
            let texts = (plain..<end).map { repeatedHeaders.contains($0) ? "" : joiningNumbersToChinese(lines[$0]) }
            blocks += TextLayout.blocks(texts, vocabulary: vocabulary, firstLine: plain + 1)
        }
        while index < lines.count {
            let header = fields(of: lines[index])
            guard header.count >= 3, !repeatedHeaders.contains(index), header.filter({ vocabulary.headerRole($0.text) != nil }).count >= 3 else {
                index += 1
                continue
            }
            flushPlain(upTo: index)
            var (rows, end) = table(lines, header: header, at: index, repeatedHeaders: repeatedHeaders, vocabulary: vocabulary)
            rows[0].recoveredAs = "columns of a PDF page, \(header.count) columns, \(place(rows[0].line)) to \(place(rows[rows.count - 1].lastLine))"
            blocks += rows.map(TextBlock.row)
            index = end
            plain = end
        }
        flushPlain(upTo: lines.count)
        return blocks
    }

    /// The rows of the table whose header is at `headerLine`, and the line after the table.
    private static func table(_ lines: [String], header: [Field], at headerLine: Int, repeatedHeaders: Set<Int>,
                              vocabulary: some TableVocabulary) -> ([TextRow], Int) {
        var starts: [Int] = []
        var boundaries: [Int] = []
        func placeColumns(under header: [Field]) {
            starts = header.map(\.start)
            // A column begins halfway between the header texts around it, so that a text starting a
            // little left of its header (both centred in the cell) is still under it.
            boundaries = header.indices.map { $0 == 0 ? 0 : (header[$0 - 1].end + header[$0].start + 1) / 2 }
        }
        placeColumns(under: header)
        // The columns of a row's target: a new row has text there, the rest of a wrapped row has not.
        let roles = vocabulary.columnRoles(header.map(\.text))
        let targetColumns = Set(roles.indices.filter { ["value", "op", "unit"].contains(roles[$0]) })
        let levelColumns = Set(roles.indices.filter { ["level1", "level2"].contains(roles[$0]) })
        // The texts of the table's line before, by column, and the widest text each column had.
        var previousLine: [Int: Field] = [:]
        var widest: [Int: Int] = [:]
        /// A text that fills its column to the edge: the page wrapped it, and it goes on below.
        func fills(_ field: Field, column: Int) -> Bool {
            if column + 1 < boundaries.count { return width(field.text) >= boundaries[column + 1] - boundaries[column] - 1 }
            // The last column has no edge on the line: as wide as its widest text so far, a wide one.
            let edge = widest[column] ?? .max
            return edge >= 8 && width(field.text) >= edge - 1
        }
        func column(of field: Field) -> Int {
            boundaries.lastIndex { $0 <= field.start } ?? 0
        }
        func row(_ fields: [Field], line: Int) -> TextRow {
            var cells = (0..<starts.count).map { _ in TextCell("", line: line) }
            for field in fields { add(field.text, to: &cells[column(of: field)], line: line) }
            var row = TextRow(cells: cells, line: line, lastLine: line, layout: .rowPerLine)
            row.isLaidOut = true
            return row
        }
        var rows = [row(header, line: headerLine + 1)]
        var index = headerLine + 1
        while index < lines.count {
            var found = fields(of: lines[index])
            if repeatedHeaders.contains(index) {
                // A page lays its columns out anew: the header it repeats tells where they are now.
                if found.count == starts.count { placeColumns(under: found) }
                previousLine = [:]
                index += 1
                continue
            }
            if found.isEmpty {
                // A blank line inside a table (a tall row) when the next line goes on in its columns.
                guard index + 1 < lines.count else { break }
                let next = fields(of: lines[index + 1])
                guard next.count >= 2, Set(next.map(column(of:))).count == next.count else { break }
                index += 1
                found = next
            }
            // Text reaching left of the table, or a line as wide as the table: no longer the table.
            if found[0].start + 2 < starts[0] || (found.count == 1 && found[0].end > (starts.last ?? 0) + 8 && found[0].start <= starts[0]) { break }
            // A labelled field under the table (填报人：…) is the filing's, not a cell's.
            if let colon = found[0].text.firstIndex(where: { $0 == ":" || $0 == "\u{FF1A}" }),
               vocabulary.isFieldLabel(String(found[0].text[..<colon])) { break }
            // The rest of cells wrapped side by side ("服务对象满意度指" and "学生、家长、社会" go on as
            // "标" and "满意度"): texts only under columns the row has filled, none under a target's.
            // So do texts under columns whose text above filled them to the edge, when none of them
            // reads as a target ("义务教育学校正常" and "按要求完成当年的" going on as "运转" and "教育教学工作").
            let columns = found.map(column(of:))
            let filledAbove = columns.allSatisfy { slot in previousLine[slot].map { fills($0, column: slot) } ?? false }
            let wrapsOn = rows.count > 1 && (found.count == 1
                || !targetColumns.isEmpty && columns.allSatisfy { !targetColumns.contains($0) && !rows[rows.count - 1].cells[$0].isBlank }
                || filledAbove && !zip(found, columns).contains { targetColumns.contains($1) && vocabulary.looksLikeTarget($0.text) })
            if wrapsOn {
                var last = rows.removeLast()
                for (field, slot) in zip(found, columns) { add(field.text, to: &last.cells[slot], line: index + 1) }
                last.lastLine = index + 1
                rows.append(last)
            } else {
                // A new row beside the rest of a level name merged over rows above ("社会公众或服务对"
                // going on as "象满意度指标" on the next row's line): that rest belongs to the name.
                var own: [Field] = []
                for (field, slot) in zip(found, columns) {
                    if rows.count > 1, levelColumns.contains(slot), previousLine[slot] != nil,
                       continuesLevelName(rows[rows.count - 1].cells[slot].label, with: field.text, vocabulary: vocabulary) {
                        add(field.text, to: &rows[rows.count - 1].cells[slot], line: index + 1)
                    } else {
                        own.append(field)
                    }
                }
                rows.append(row(own, line: index + 1))
            }
            previousLine = Dictionary(zip(columns, found), uniquingKeysWith: { first, _ in first })
            for (field, slot) in zip(found, columns) { widest[slot] = max(widest[slot] ?? 0, width(field.text)) }
            index += 1
        }
        return (rows, index)
    }

    /// The room a text takes on the page, in columns: a Chinese character takes two.
    private static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1.unicodeScalars.contains(where: TextCleaning.isCJK) ? 2 : 1) }
    }

    /// Whether `text` on the next line is the rest of the level name `above`: not a level name
    /// itself, and a known one with it, or a remark in brackets ("(定量指标)").
    private static func continuesLevelName(_ above: String, with text: String, vocabulary: some TableVocabulary) -> Bool {
        guard !above.isEmpty, vocabulary.levelDepth(text, under: nil) == nil else { return false }
        return vocabulary.levelDepth(above + text, under: nil) != nil || text.first == "(" || text.first == "\u{FF08}"
    }

    /// Puts a text into a cell: the cell's first, or the rest of a line the page's width wrapped,
    /// joined as one line (with a space between Latin words and numbers only).
    private static func add(_ text: String, to cell: inout TextCell, line: Int) {
        guard !cell.isBlank else {
            cell = TextCell(text, line: line)
            return
        }
        var parts = cell.parts
        let last = parts[parts.count - 1]
        let isWordCharacter = { (character: Character?) in character.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false }
        parts[parts.count - 1] = last + (isWordCharacter(last.last) && isWordCharacter(text.first) ? " " : "") + text
        cell.parts = parts
    }

    /// The line without the single spaces poppler puts where a Chinese font and a Latin one meet
    /// ("2024 年", "第 1 号"), which typed text does not have. Runs of spaces (columns) are kept.
    static func joiningNumbersToChinese(_ line: String) -> String {
        let characters = Array(line)
        guard characters.count > 2 else { return line }
        let isCJK = { (character: Character) in character.unicodeScalars.contains(where: TextCleaning.isCJK) }
        let isDigit = { (character: Character) in character.isASCII && character.isNumber }
        var kept = ""
        kept.reserveCapacity(line.utf8.count)
        for (index, character) in characters.enumerated() {
            if character == " ", index > 0, index + 1 < characters.count {
                let (before, after) = (characters[index - 1], characters[index + 1])
                if (isCJK(before) && isDigit(after)) || (isDigit(before) && isCJK(after)) { continue }
            }
            kept.append(character)
        }
        return kept
    }
}
