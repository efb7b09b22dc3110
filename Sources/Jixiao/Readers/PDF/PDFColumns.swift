import Foundation

/// Tables in a PDF's text as `pdftotext -layout` places it: every character at the column its
/// position on the page gives (one column per character, Chinese or not), cells separated by
/// runs of spaces (one space where cells stand close), and no rules between rows. Under a header
/// row the mapping knows (its texts wrapped in their cells read with their rest), each text
/// stands in the column of the header it starts under. A line is the rest of the row above when
/// the page wrapped its cells: one text only, texts only where the row has text and no target,
/// texts under columns the line above filled to the edge, none reading as a target, the rest of
/// the row's level names, of a target's unit, or of a text ending open. Any other line is a new
/// row (merged level cells leave its left columns empty, to be carried down); so is one with a
/// whole level name beside other texts. Lines outside such tables go through the text reader's layouts.
enum PDFColumns {
    typealias Field = SpacedFields.Field

    /// The texts of a line, split at runs of two or more spaces; pdftotext gives every
    /// character one column, Chinese or not.
    static func fields(of line: String) -> [Field] {
        SpacedFields.split(line) { _ in 1 }
    }

    /// The blocks of the text: tables under a header row read by columns, the rest through the
    /// text reader's layouts. `lines` are numbered from 1; `repeatedHeaders` (from 0) are headers
    /// a page repeated where a table goes on; `origin` gives a line's page and line there, for the report.
    static func blocks(_ lines: [String], vocabulary: some TableVocabulary, repeatedHeaders: Set<Int> = [], pageBreaks: Set<Int> = [],
                       origin: (Int) -> RecoveredLayout.Place = { RecoveredLayout.Place(line: $0) }) -> [TextBlock] {
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
            let header = headerFields(of: lines[index], vocabulary: vocabulary)
            // A header whose texts the page wrapped in their cells ("一级指" over "标") is known with their rest.
            guard header.count >= 3, !repeatedHeaders.contains(index),
                  wrappedHeader(header, in: lines, after: index, column: columnFinder(under: header), vocabulary: vocabulary)
                    .header.filter({ vocabulary.headerRole($0.text) != nil }).count >= 3 else {
                index += 1
                continue
            }
            flushPlain(upTo: index)
            var (rows, end) = table(lines, header: header, at: index, repeatedHeaders: repeatedHeaders, pageBreaks: pageBreaks, vocabulary: vocabulary)
            rows[0].recoveredAs = RecoveredLayout(layout: "layout-pdf-columns", columns: header.count, first: origin(rows[0].line),
                                                  last: origin(rows[rows.count - 1].lastLine))
            blocks += rows.map(TextBlock.row)
            index = end
            plain = end
        }
        flushPlain(upTo: lines.count)
        return blocks
    }

    /// The rows of the table whose header is at `headerLine`, and the line after the table.
    private static func table(_ lines: [String], header printed: [Field], at headerLine: Int, repeatedHeaders: Set<Int>, pageBreaks: Set<Int>,
                              vocabulary: some TableVocabulary) -> ([TextRow], Int) {
        let header = splittingSpans(printed, lines: lines, after: headerLine, vocabulary: vocabulary)
        var starts: [Int] = []
        var boundaries: [Int] = []
        func placeColumns(under header: [Field]) {
            starts = header.map(\.start)
            boundaries = columnBoundaries(under: header)
        }
        placeColumns(under: header)
        // The columns of a row's target: a new row has text there, the rest of a wrapped row has not.
        let (fullHeader, headerLines) = wrappedHeader(header, in: lines, after: headerLine, column: column(of:), vocabulary: vocabulary)
        let roles = vocabulary.columnRoles(fullHeader.map(\.text))
        let targetColumns = Set(roles.indices.filter { ["value", "op", "unit"].contains(roles[$0]) })
        let levelColumns = Set(roles.indices.filter { ["level1", "level2"].contains(roles[$0]) })
        let nameColumns = Set(roles.indices.filter { roles[$0] == "name" })
        // The texts of the table's line before, by column, and the widest text each column had.
        var previousLine: [Int: Field] = [:]
        var widest: [Int: Int] = [:]
        /// A text that fills its column to the edge: the page wrapped it, and it goes on below.
        func fills(_ field: Field, column: Int) -> Bool {
            // A Chinese character takes two columns: one left free at the end has no room for another.
            let slack = field.text.last.map { $0.unicodeScalars.contains(where: TextCleaning.isCJK) } == true ? 2 : 1
            if column + 1 < boundaries.count { return width(field.text) >= boundaries[column + 1] - boundaries[column] - slack }
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
        var rows = [row(fullHeader, line: headerLine + 1)]
        rows[0].lastLine = headerLine + 1 + headerLines
        var index = headerLine + 1 + headerLines
        while index < lines.count {
            var found = split(fields(of: lines[index]), starts: starts, boundaries: boundaries, vocabulary: vocabulary)
            if repeatedHeaders.contains(index) {
                // A page lays its columns out anew: the header it repeats tells where they are now.
                let repeated = headerFields(of: lines[index], vocabulary: vocabulary)
                if repeated.count == starts.count { placeColumns(under: repeated) }
                previousLine = [:]
                index += 1 + (repeated.count == starts.count ? wrappedHeader(repeated, in: lines, after: index, column: column(of:), vocabulary: vocabulary).lines : 0)
                continue
            }
            if found.isEmpty {
                // A blank line inside a table (a tall row) when the next line goes on in its columns.
                guard index + 1 < lines.count else { break }
                let next = split(fields(of: lines[index + 1]), starts: starts, boundaries: boundaries, vocabulary: vocabulary)
                // So does a page break with the next page's first line under a column right of the first:
                // the table goes on there without its header.
                // Or with a lone text, set further left, going on the lone text that ended the page.
                guard next.count >= 2 && Set(next.map(column(of:))).count == next.count
                        || pageBreaks.contains(index) && !next.isEmpty && column(of: next[0]) > 0
                        || pageBreaks.contains(index) && next.count == 1 && previousLine.count == 1 && previousLine.keys.first! > column(of: next[0]) else { break }
                index += 1
                found = next
            }
            // Text reaching left of the table, or a line as wide as the table: no longer the table. Nor
            // is a lone text from the first column across the second (the next filing's title): a cell's
            // rest stays in its cell.
            if found[0].start + 2 < starts[0] || (found.count == 1 && found[0].end > (starts.last ?? 0) + 8 && found[0].start <= starts[0])
                || found.count == 1 && boundaries.count > 2 && found[0].start < boundaries[1] && found[0].end > boundaries[2] { break }
            // A labelled field under the table (填报人：…) is the filing's, not a cell's.
            if let colon = found[0].text.firstIndex(where: { $0 == ":" || $0 == "\u{FF1A}" }),
               vocabulary.isFieldLabel(String(found[0].text[..<colon])) { break }
            // The rest of cells wrapped side by side ("服务对象满意度指" and "学生、家长、社会" go on as
            // "标" and "满意度"): texts only under columns the row has filled, none under a target's.
            // So do texts under columns whose text above filled them to the edge, when none of them
            // reads as a target ("义务教育学校正常" and "按要求完成当年的" going on as "运转" and "教育教学工作").
            var columns = found.map(column(of:))
            /// The nearest row above with a text in the level column `slot`: merged, it prints once.
            func levelRow(_ slot: Int) -> Int? {
                rows.indices.dropFirst().last { !rows[$0].cells[slot].isBlank }
            }
            // A lone text the page set further left than its cell goes on the lone text of the line
            // above ("益农户" below "增加受", set under "经济效益指标"; "时间" set under 绩效指标): where
            // it stands, the row has no text it could go on, or a level name that is whole.
            if found.count == 1, rows.count > 1, previousLine.count == 1, let aboveSlot = previousLine.keys.first, aboveSlot > columns[0] {
                let slot = columns[0]
                let isAstray = levelColumns.contains(slot)
                    ? levelRow(slot).map { rows[$0].cells[slot].label }.map {
                        vocabulary.levelDepth($0, under: nil) != nil && !continuesLevelName($0, with: found[0].text, vocabulary: vocabulary)
                    } ?? true
                    : rows[rows.count - 1].cells[slot].isBlank
                if isAstray { columns[0] = aboveSlot }
            }
            // Two cells wrapping the same text the same way (实际完成值 repeating 年度指标值, "降低村民"
            // going on as "出行和农" in both) go on: a text, or the rest of a number either filled.
            func wrapsAsTwin(_ field: Field, _ slot: Int) -> Bool {
                guard let above = previousLine[slot], let twin = zip(found, columns).first(where: { other, otherSlot in
                    otherSlot != slot && other.text == field.text && previousLine[otherSlot]?.text == above.text
                }) else { return false }
                let filled = fills(above, column: slot) || fills(previousLine[twin.1]!, column: twin.1)
                return !vocabulary.looksLikeTarget(field.text) || !vocabulary.looksLikeTarget(above.text)
                    || isNumberRest(field.text, of: above.text, filled: filled, vocabulary: vocabulary)
            }
            // A target whose unit the page wrapped below it ("=192" over "只") counts as filled.
            let filledAbove = zip(found, columns).allSatisfy { field, slot in
                previousLine[slot].map { fills($0, column: slot) || targetColumns.contains(slot) && isUnitRest(field.text, of: $0.text, vocabulary: vocabulary) } ?? false
                    || wrapsAsTwin(field, slot)
            }
            // So does a line that completes a level name the row above began ("产出指" going on as "标")
            // with texts only under columns that row has filled, none reading as a target ("亩" under
            // "=29.5") and the others under texts that filled their columns ("★补助" going on as
            // "各类瓜"): a level's cell wrapped as the row's own cells did.
            func completesLevel(_ found: [Field], _ columns: [Int]) -> Bool {
                let last = rows[rows.count - 1]
                return zip(found, columns).contains { field, slot in
                    levelColumns.contains(slot) && levelRow(slot).map { continuesLevelName(rows[$0].cells[slot].label, with: field.text, vocabulary: vocabulary) } == true
                } && zip(found, columns).allSatisfy { field, slot in
                        if levelColumns.contains(slot) { return levelRow(slot) != nil }
                        guard !last.cells[slot].isBlank else { return false }
                        // Below a target, the rest of it (its unit) reads as no target; other texts go on
                        // only below texts that filled their columns: beside them is the next row.
                        guard let above = previousLine[slot] else { return false }
                        if targetColumns.contains(slot), isUnitRest(field.text, of: above.text, vocabulary: vocabulary)
                            || isNumberRest(field.text, of: above.text, filled: fills(above, column: slot), vocabulary: vocabulary) { return true }
                        if wrapsAsTwin(field, slot) { return true }
                        return fills(above, column: slot) && !(targetColumns.contains(slot) && vocabulary.looksLikeTarget(field.text))
                    }
            }
            // So does a line with the unit of a target above ("=192" over "只") and texts only under
            // columns the row has filled: a new row never starts with a bare unit.
            func carriesUnit(_ found: [Field], _ columns: [Int]) -> Bool {
                let last = rows[rows.count - 1]
                return zip(found, columns).contains { field, slot in
                    targetColumns.contains(slot) && previousLine[slot].map { isUnitRest(field.text, of: $0.text, vocabulary: vocabulary) } == true
                } && zip(found, columns).allSatisfy { field, slot in
                    !last.cells[slot].isBlank && !vocabulary.looksLikeTarget(field.text)
                        && (!targetColumns.contains(slot) || previousLine[slot].map { isUnitRest(field.text, of: $0.text, vocabulary: vocabulary) } == true)
                }
            }
            // So does a line under a text that ends open ("2020 年 1 月--" over "2020 年 11 月"), with
            // texts only under columns the row has filled: a range or list goes on below.
            // So does a number the cell cut ("≥1290." over "3 平方米", "44,56" over "1").
            func goesOnFromOpenEnd(_ found: [Field], _ columns: [Int]) -> Bool {
                let last = rows[rows.count - 1]
                return zip(found, columns).contains { field, slot in
                    previousLine[slot].map {
                        $0.text.last.map { "-–—~～至、,，".contains($0) } ?? false
                            || targetColumns.contains(slot) && isNumberRest(field.text, of: $0.text, filled: false, vocabulary: vocabulary)
                    } ?? false
                } && columns.allSatisfy { !last.cells[$0].isBlank }
            }
            // So does a line whose other texts go on texts that filled their columns (a name's short
            // rest), and whose target could not have stood beside the text above it in a column as
            // wide as its widest text ("12 月底前" over "100%到位", under "资金拨付到位" going on as "情况").
            func targetWrappedWhole(_ found: [Field], _ columns: [Int]) -> Bool {
                zip(found, columns).contains { targetColumns.contains($1) } && zip(found, columns).allSatisfy { field, slot in
                    guard let above = previousLine[slot] else { return false }
                    // The rest of a name is short, a new row's name seldom is.
                    guard targetColumns.contains(slot) else {
                        return !levelColumns.contains(slot) && fills(above, column: slot) && (!nameColumns.contains(slot) || width(field.text) <= 4)
                    }
                    let word = field.text.prefix { $0 != " " }
                    return width(above.text) + 1 + width(String(word)) > (widest[slot] ?? .max)
                }
            }
            // A whole level name beside other texts starts a group: a new row ("可持续影响指标" with
            // "持续发展" under "生态效益指标" and "生态修复功能").
            let startsLevel = zip(found, columns).contains { levelColumns.contains($1) && vocabulary.levelDepth($0.text, under: nil) != nil }
            let wrapsOn = rows.count > 1 && (found.count == 1 || !startsLevel && (!targetColumns.isEmpty && columns.allSatisfy { !targetColumns.contains($0) && !rows[rows.count - 1].cells[$0].isBlank }
                || filledAbove && !zip(found, columns).contains { targetColumns.contains($1) && vocabulary.looksLikeTarget($0.text) }
                // A line with no name and no level, its texts only under texts of the row, is the row's
                // rest even with a number in it ("1792 人、" under "432 人、高龄台胞"): a row has a name.
                || !nameColumns.isEmpty && columns.allSatisfy { !nameColumns.contains($0) && !levelColumns.contains($0) && !rows[rows.count - 1].cells[$0].isBlank }
                || completesLevel(found, columns) || targetWrappedWhole(found, columns)
                || carriesUnit(found, columns) || goesOnFromOpenEnd(found, columns)))
            if wrapsOn {
                // The rest of a level name merged over rows goes to the row that has the name.
                var placed: Set<Int> = []
                for (field, slot) in zip(found, columns) where levelColumns.contains(slot) && rows[rows.count - 1].cells[slot].isBlank {
                    if let above = levelRow(slot) {
                        add(field.text, to: &rows[above].cells[slot], line: index + 1)
                        placed.insert(slot)
                    }
                }
                var last = rows.removeLast()
                for (field, slot) in zip(found, columns) where !placed.contains(slot) {
                    // The rest of a number goes on it with no space ("≥11.37" and "6 万元").
                    let gluing = previousLine[slot].map { isNumberRest(field.text, of: $0.text, filled: true, vocabulary: vocabulary) } ?? false
                    add(field.text, to: &last.cells[slot], line: index + 1, gluing: gluing)
                }
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
        shiftRowsSetLeft(&rows, levelColumns: levelColumns.sorted(), vocabulary: vocabulary)
        return (rows, index)
    }

    /// Rows the page set a column further left than their cells, where their left cells are empty
    /// (pdftotext closes up the gap): a level-2 name under the level-1 header, the rest following
    /// it, and the last column free. They are moved right, under their headers.
    private static func shiftRowsSetLeft(_ rows: inout [TextRow], levelColumns: [Int], vocabulary: some TableVocabulary) {
        guard levelColumns.count == 2 else { return }
        let (first, second) = (levelColumns[0], levelColumns[1])
        let shift = second - first
        var level1: String?
        for index in rows.indices.dropFirst() {
            let cells = rows[index].cells
            let text = cells[first].label
            defer { if !rows[index].cells[first].isBlank { level1 = rows[index].cells[first].label } }
            guard !cells[first].isBlank, let parent = level1, vocabulary.levelDepth(text, under: parent) == 2,
                  vocabulary.levelDepth(cells[second].label, under: text) == nil, cells.suffix(shift).allSatisfy(\.isBlank) else { continue }
            let blank = TextCell("", line: rows[index].line)
            rows[index].cells = Array(cells[..<first]) + Array(repeating: blank, count: shift) + Array(cells[first..<(cells.count - shift)])
        }
    }

    /// The header with a column added where a header spans two (评价指标 over a level and a label
    /// column, as the mapping says): it starts where the first rows put a second text under it.
    static func splittingSpans(_ header: [Field], lines: [String], after headerLine: Int, vocabulary: some TableVocabulary) -> [Field] {
        guard let spanning = header.firstIndex(where: { vocabulary.headerSpan($0.text) > 1 }) else { return header }
        let column = columnFinder(under: header)
        for line in lines.dropFirst(headerLine + 1).prefix(8) {
            let under = fields(of: line).filter { column($0) == spanning }
            if under.count >= 2 {
                var split = header
                split.insert(Field(text: "", start: under[1].start, end: under[1].start), at: spanning + 1)
                return split
            }
        }
        return header
    }

    /// The texts of a header line, with those the page printed one space apart cut there
    /// ("二级指标 三级指标", "实际完 分值"): a text the mapping does not know as a whole, a part
    /// of which it knows, is two headers in narrow cells.
    static func headerFields(of line: String, vocabulary: some TableVocabulary) -> [Field] {
        fields(of: line).flatMap { field -> [Field] in
            guard field.text.contains(" "), vocabulary.headerRole(field.text) == nil else { return [field] }
            var parts: [Field] = []
            var start = field.start
            for part in field.text.split(separator: " ", omittingEmptySubsequences: false) {
                parts.append(Field(text: String(part), start: start, end: start + part.count))
                start += part.count + 1
            }
            return parts.contains { vocabulary.headerRole($0.text) != nil } ? parts : [field]
        }
    }

    /// The texts, with one that runs on into the next column cut at the single space before a
    /// target there: cells packed close print one space apart ("指标 1:新建保 1座",
    /// "≥2000 ≥2000 10"). Only before a target: Chinese text is wider on the page than its
    /// characters here, so a name wrapped in its cell ("指标 1:新") may reach the next header.
    static func split(_ fields: [Field], starts: [Int], boundaries: [Int], vocabulary: some TableVocabulary) -> [Field] {
        // A number before a colon numbers a name ("指标 1:新建保"): no target.
        let isTarget = { (text: String) in vocabulary.looksLikeTarget(text) && !text.contains(":") && !text.contains("\u{FF1A}") }
        var result: [Field] = []
        for field in fields {
            var rest = field
            while let slot = boundaries.lastIndex(where: { $0 <= rest.start }), slot + 1 < starts.count, rest.end > boundaries[slot + 1] {
                let characters = Array(rest.text)
                let next = slot + 2 < boundaries.count ? boundaries[slot + 2] : Int.max
                // The next column holds no other text on the line ("清算 8" beside "≥95%" is a name).
                if let following = fields.first(where: { $0.start > field.start }), following.start < next { break }
                // The space after which a target begins in the next column (past the middle between the
                // headers: the page places Chinese text narrower than it prints).
                // So is a word after a name the page letter-spaced ("数 量 指 1290.3", "经 济 效 奖补资"):
                // one character between spaces is the spacing, a longer word the next cell.
                guard let space = characters.indices.first(where: {
                    guard characters[$0] == " " && rest.start + $0 + 1 >= boundaries[slot + 1] && rest.start + $0 + 1 < next else { return false }
                    let word = String(String(characters[($0 + 1)...]).prefix { $0 != " " })
                    return isTarget(word) || word.count > 1 && isLetterSpaced(characters[..<$0])
                }) else { break }
                result.append(Field(text: String(characters[..<space]), start: rest.start, end: rest.start + space))
                rest = Field(text: String(characters[(space + 1)...]), start: rest.start + space + 1, end: rest.end)
            }
            result.append(rest)
        }
        return result
    }

    /// Whether the text is single characters one space apart ("数 量 指"): a name spaced out to its cell's width.
    private static func isLetterSpaced(_ characters: ArraySlice<Character>) -> Bool {
        let pieces = characters.split(separator: " ", omittingEmptySubsequences: false)
        return pieces.count >= 2 && pieces.allSatisfy { $0.count == 1 }
    }

    /// Where each column under the header begins: halfway between the header texts around it, so
    /// that a text starting a little left of its header (both centred in the cell) is still under it.
    static func columnBoundaries(under header: [Field]) -> [Int] {
        header.indices.map { $0 == 0 ? 0 : (header[$0 - 1].end + header[$0].start + 1) / 2 }
    }

    /// The column under `header` a text stands in.
    static func columnFinder(under header: [Field]) -> (Field) -> Int {
        let boundaries = columnBoundaries(under: header)
        return { field in boundaries.lastIndex { $0 <= field.start } ?? 0 }
    }

    /// The header with the rest of its texts that the page wrapped in their cells onto the lines
    /// below ("年度指标" over "值", "预期达到目" over "标"), and how many lines that rest takes. A
    /// line is such a rest when it names no level, holds no target, and has no text under the
    /// name's column unless it completes a header there: the first row of a table has its name.
    /// Under a header the mapping knows, a text that would make it unknown is a second header row
    /// over the column's parts ("2021年实际实现值", "预期2022年实现值" under 指标值), left out:
    /// the header above names the column.
    static func wrappedHeader(_ header: [Field], in lines: [String], after headerLine: Int, column: (Field) -> Int,
                              vocabulary: some TableVocabulary) -> (header: [Field], lines: Int) {
        var texts = header.map(\.text)
        let roles = vocabulary.columnRoles(texts)
        let nameColumns = Set(roles.indices.filter { roles[$0] == "name" })
        var taken = 0
        while taken < 3, headerLine + 1 + taken < lines.count {
            let found = fields(of: lines[headerLine + 1 + taken])
            // A line of headers of its own is the header (the line above was the filing's fields).
            guard !found.isEmpty, found.filter({ vocabulary.headerRole($0.text) != nil }).count < 3,
                  texts.contains(where: { vocabulary.headerRole($0) != nil }),
                  found.allSatisfy({ vocabulary.levelDepth($0.text, under: nil) == nil && !vocabulary.looksLikeTarget($0.text) }),
                  found[0].start + 2 >= header[0].start else { break }
            var joined = texts
            var completes = false
            for field in found {
                let slot = column(field)
                let together = joined[slot] + field.text
                if vocabulary.headerRole(joined[slot]) == nil || vocabulary.headerRole(together) != nil {
                    completes = completes || (vocabulary.headerRole(joined[slot]) == nil && vocabulary.headerRole(together) != nil)
                    joined[slot] = together
                }
            }
            guard completes || !found.contains(where: { nameColumns.contains(column($0)) }) else { break }
            texts = joined
            taken += 1
        }
        return (zip(header, texts).map { Field(text: $1, start: $0.start, end: $0.end) }, taken)
    }

    /// Whether `text` below a target is the target's unit that the page wrapped ("=192" over
    /// "只", "≤7 工作" over "日"): a unit, or the rest of one.
    static func isUnitRest(_ text: String, of target: String, vocabulary: some TableVocabulary) -> Bool {
        guard vocabulary.looksLikeTarget(target), !text.contains(where: \.isNumber) else { return false }
        let unit = { (text: String) in vocabulary.unit(text) != nil }
        // The rest of a unit cut short ("≤7 工作" over "日"): the two make a unit the mapping knows.
        let tail = String(TextCleaning.compact(target).reversed().prefix { !$0.isNumber }.reversed())
        if !tail.isEmpty { return !unit(tail) && unit(tail + TextCleaning.compact(text)) }
        // A unit the mapping knows, or one character (只, 座), or units per units ("元/人*月"): a
        // word such as 良好 is a row's own target.
        let parts = TextCleaning.compact(text).split { "/／*·•".contains($0) }
        return TextCleaning.compact(text).count == 1 || unit(text) || parts.count > 1 && parts.allSatisfy { $0.count == 1 || unit(String($0)) }
    }

    /// Whether `text` below a target is the rest of its number, which the cell wrapped: digits under
    /// a number cut open ("≥1290." over "3 平方米", "44,56" over "1": a group of thousands short of
    /// three digits), or, under a target that `filled` its column and ends in a digit with no
    /// unit, digits going on ("≥11.37" over "6 万元").
    static func isNumberRest(_ text: String, of target: String, filled: Bool, vocabulary: some TableVocabulary) -> Bool {
        guard text.first?.isASCII == true, text.first?.isNumber == true, vocabulary.looksLikeTarget(target) else { return false }
        let above = Array(TextCleaning.compact(target))
        guard let last = above.last else { return false }
        let isDigit = { (character: Character) in character.isASCII && character.isNumber }
        if last == "." || last == "," { return above.count > 1 && isDigit(above[above.count - 2]) }
        guard isDigit(last) else { return false }
        let tail = above.reversed().prefix(while: isDigit)
        if above.count > tail.count + 1, above[above.count - tail.count - 1] == ",", tail.count < 3, isDigit(above[above.count - tail.count - 2]) { return true }
        return filled
    }

    /// The room a text takes on the page, in columns: a Chinese character takes two.
    private static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1.unicodeScalars.contains(where: TextCleaning.isCJK) ? 2 : 1) }
    }

    /// Whether `text` on the next line is the rest of the level name `above`: not a level name
    /// itself, and a known one with it, or a remark in brackets ("(定量指标)").
    private static func continuesLevelName(_ above: String, with text: String, vocabulary: some TableVocabulary) -> Bool {
        guard !above.isEmpty, vocabulary.levelDepth(text, under: nil) == nil else { return false }
        // A remark in brackets the name above opened and the page wrapped ("(定量指" going on as "标)").
        let opened = above.reduce(0) { $0 + ("(（".contains($1) ? 1 : ")）".contains($1) ? -1 : 0) } > 0
        return vocabulary.levelDepth(above + text, under: nil) != nil || text.first == "(" || text.first == "\u{FF08}" || opened
    }

    /// Puts a text into a cell: the cell's first, or the rest of a line the page's width wrapped,
    /// joined as one line (with a space between Latin words and numbers only).
    private static func add(_ text: String, to cell: inout TextCell, line: Int, gluing: Bool = false) {
        guard !cell.isBlank else {
            cell = TextCell(text, line: line)
            return
        }
        var parts = cell.parts
        let last = parts[parts.count - 1]
        let isWordCharacter = { (character: Character?) in character.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false }
        parts[parts.count - 1] = last + (!gluing && isWordCharacter(last.last) && isWordCharacter(text.first) ? " " : "") + text
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
