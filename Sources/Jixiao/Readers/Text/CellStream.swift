import Foundation

/// What layout recovery may ask of the mappings: which texts are column headers, level names or
/// field labels. Recovery only uses it to choose between splits; the interpreter decides meaning.
protocol TableVocabulary {
    /// The canonical role of a header text (level1, name, group, table:annual …), or nil.
    func headerRole(_ text: String) -> String?
    /// 1 or 2 for a level-1 or level-2 name (under the level 1 `parent`, where known), else nil.
    func levelDepth(_ text: String, under parent: String?) -> Int?
    /// Whether the text labels a filing field (项目名称, 填报人 …).
    func isFieldLabel(_ text: String) -> Bool
    /// A header text naming the field, for tables recovered from prose.
    func headerText(for field: String) -> String?
    /// Every spelling of a comparator, longest first.
    var comparatorSpellings: [String] { get }
    /// Whether a cell reads as a numeric target ("≥90%").
    func looksLikeTarget(_ text: String) -> Bool
    /// The roles of a header's cells, the mapping's fallbacks applied (指标内容 as the name).
    func columnRoles(_ texts: [String]) -> [String?]
    /// A level name, or a short label ending as level names do, for levels no framework has.
    func looksLikeLevel(_ text: String) -> Bool
    /// Words ending a prose indicator that are its (qualitative) target: 提高, 改善 …
    var trendWords: [String] { get }
    /// A numbered section heading; the numbering of one.
    func isHeading(_ line: String) -> Bool
    func headingNumber(_ line: String) -> String?
    /// Header spellings and level names, longest first, to cut glued cells apart.
    var headerSpellings: [String] { get }
    var headerSpellingsByInitial: [Character: [String]] { get }
    var levelSpellings: [String] { get }
    /// "actual" or "score" for a self-evaluation column's header (全年实际值, 得分), else nil.
    func evaluationColumn(_ text: String) -> String?
    /// Regular expressions for a remark after a level name ("(70分)"), anchored at its end.
    var levelRemarks: [String] { get }
    /// How level names end (指标), for levels no framework has.
    var levelEndings: [String] { get }
    /// Whether a cell labels a table's total row (总分).
    func isTotal(_ text: String) -> Bool
    /// How many columns a header's cell spans (1 unless the mapping says).
    func headerSpan(_ text: String) -> Int
    /// The canonical unit a text spells, or nil.
    func unit(_ text: String) -> String?
}

extension MappingLookup: TableVocabulary {
    func headerRole(_ text: String) -> String? { header(text)?.role }
    func isFieldLabel(_ text: String) -> Bool { field(text) != nil || isFooter(text) }
    func columnRoles(_ texts: [String]) -> [String?] { withFallbacks(texts.map(headerRole)) }
    var trendWords: [String] { mapping.trendWords }
    var levelRemarks: [String] { mapping.levelRemarks }
    var levelEndings: [String] { mapping.levelEndings }
    func evaluationColumn(_ text: String) -> String? {
        let key = labelKey(text)
        return mapping.evaluationColumns.first { $0.value.contains(key) }?.key
    }
}

/// Tables whose cells stand one per line with no row marks at all (Word or web tables pasted as
/// text: "一级指标" / "二级指标" / … / "产出指标" / "数量指标" / "…" / "≥100公里"), or one row per
/// line with cells split by single spaces. A run of three or more header names opens such a
/// table; its width cuts the cells that follow into rows, and each row starts under the level
/// column its first cell names (merged level cells are written once).
enum CellStream {
    struct Recovered {
        var lines: Range<Int>
        var rows: [TextRow]
        /// How the table was laid out: a `layout-…` word of the message catalog.
        var how: String
        var columns: Int? = nil
        /// Text before the table on its first line ("年度绩效目标(90分)" before the header words).
        var lead: String? = nil
        /// Text after the table on its last line (notes under a table glued into one line).
        var trail: String? = nil
    }

    static func tables(_ lines: [String], vocabulary: TableVocabulary) -> [Recovered] {
        var result: [Recovered] = []
        var index = 0
        while index < lines.count {
            if let table = oneCellPerLine(lines, at: index, vocabulary: vocabulary)
                ?? tableInOneLine(lines[index], at: index, vocabulary: vocabulary)
                ?? spaceSeparated(lines, at: index, vocabulary: vocabulary)
                ?? columnByColumn(lines, at: index, vocabulary: vocabulary)
                ?? GluedCells.table(lines, at: index, vocabulary: vocabulary)
                ?? ProseIndicators.table(lines, at: index, vocabulary: vocabulary) {
                result.append(table)
                index = table.lines.upperBound
            } else if let cell = streamCell(lines[index], number: index + 1), !cell.text.isEmpty, vocabulary.headerRole(cell.text) != nil {
                // A run of header names that heads no table here: not tried again from each of
                // its lines (which would read the same body again and again).
                index += 1
                while index < lines.count, lines[index].isEmpty
                        || streamCell(lines[index], number: index + 1).map({ !$0.text.isEmpty && vocabulary.headerRole($0.text) != nil }) == true {
                    index += 1
                }
            } else {
                index += 1
            }
        }
        return result
    }

    /// A cell: its text and line; whitespace-only lines are empty cells. `endsRow`: a row mark
    /// followed it ("||" in web pages turned into text).
    private struct Cell {
        var text: String
        var line: Int
        var endsRow = false
    }

    /// A line as a cell of a stream: "text" or "text |" (nil for a line that is no cell: tabs,
    /// several pipes between texts, running text).
    private static func streamCell(_ line: String, number: Int) -> Cell? {
        if let piece = TextLayout.pipeCell(line) {
            return Cell(text: piece.text ?? "", line: number, endsRow: piece.endsRow)
        }
        guard isPlainCell(line) else { return nil }
        return Cell(text: TextCleaning.trim(line), line: number)
    }

    private static func oneCellPerLine(_ lines: [String], at start: Int, vocabulary: TableVocabulary, optionalTail: Bool = false) -> Recovered? {
        guard let opening = streamCell(lines[start], number: start + 1), !opening.text.isEmpty else { return nil }
        // The header: consecutive header names, empty lines between them skipped; one short
        // label no mapping knows may open it (序号).
        var header: [Cell] = []
        var index = start
        while index < lines.count {
            let line = lines[index]
            if TextCleaning.trim(line).isEmpty && !line.isEmpty && header.isEmpty { return nil }
            if line.isEmpty { index += 1; continue }
            guard let cell = streamCell(line, number: index + 1), !cell.text.isEmpty else { break }
            if vocabulary.headerRole(cell.text) == nil {
                guard header.isEmpty, cell.text.count <= 4, !vocabulary.looksLikeTarget(cell.text) else { break }
            }
            header.append(cell)
            index += 1
            if cell.endsRow { break }
        }
        var roles = vocabulary.columnRoles(header.map(\.text))
        guard roles.compactMap({ $0 }).count >= 2, roles.contains("name"), header.count >= 3 || roles.contains("value") else { return nil }
        // Leading group labels (绩效指标 down the left) are no column.
        while let first = roles.first, first == "group" || first?.hasPrefix("table:") == true {
            header.removeFirst()
            roles.removeFirst()
        }
        return build(header: header, lines: lines, start: start, body: index, vocabulary: vocabulary, optionalTail: optionalTail)
    }

    /// A whole table on one line, every cell split from the next by a space (a converted
    /// document whose line breaks were lost: "… 绩效指标 一级指标 二级指标 三级指标 年度指标值 …
    /// 产出指标(50分) 数量指标 …"): its words from the first run of three header names on are
    /// read as one cell per line. A stream of words has no empty cells, so a row may end before
    /// the header's trailing columns that hold no field (偏差原因分析及改进措施).
    private static func tableInOneLine(_ line: String, at index: Int, vocabulary: TableVocabulary) -> Recovered? {
        guard line.utf8.count >= 240, !line.containsBytes(of: "\t"), !line.containsBytes(of: "|") else { return nil }
        let tokens = words(line)
        guard tokens.count >= 12,
              let first = tokens.indices.dropLast(2).first(where: { at in (at..<(at + 3)).allSatisfy { vocabulary.headerRole(tokens[$0]) != nil } }),
              var table = oneCellPerLine(Array(tokens[first...]), at: 0, vocabulary: vocabulary, optionalTail: true) else { return nil }
        // Every cell stands on the one line the words came from.
        table.rows = table.rows.map { row in
            var row = row
            row.cells = row.cells.map { TextCell($0.text, line: index + 1) }
            row.line = index + 1
            row.lastLine = index + 1
            return row
        }
        table.lines = index..<(index + 1)
        table.how = "layout-words-as-cells"
        table.columns = table.rows.first?.cells.count ?? 0
        let lead = tokens[..<first].joined(separator: " ")
        table.lead = lead.isEmpty ? nil : lead
        return table
    }

    private static func build(header: [Cell], lines: [String], start: Int, body: Int, vocabulary: TableVocabulary, optionalTail: Bool) -> Recovered? {
        var cells: [Cell] = []
        var index = body
        var emptyRun = 0
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty {
                emptyRun += 1
                if emptyRun >= 3 { break }
                index += 1
                continue
            }
            emptyRun = 0
            guard let cell = streamCell(line, number: index + 1) else { break }
            let text = cell.text
            // A signature line after the table ("填表人: 宋云花 联系电话: …") ends it.
            let label = text.split(whereSeparator: { ":：".contains($0) }).first.map(String.init) ?? text
            if !text.isEmpty, (vocabulary.isFieldLabel(label) && vocabulary.levelDepth(label, under: nil) == nil)
                || vocabulary.isHeading(text) && vocabulary.levelDepth(String(text.drop { !TextCleaning.isCJK($0.unicodeScalars.first!) }), under: nil) == nil {
                break
            }
            if text.isEmpty, cell.endsRow, let last = cells.indices.last {
                cells[last].endsRow = true
            } else if text.isEmpty, cells.last?.endsRow ?? true, lines[index].containsBytes(of: "|") {
                // "|" opening a row of a web table turned into text: a mark, not a cell.
            } else {
                cells.append(cell)
            }
            index += 1
        }
        while cells.last?.text.isEmpty == true { cells.removeLast() }
        let rows = cut(cells, header: header, vocabulary: vocabulary, optionalTail: optionalTail)
        guard !rows.isEmpty else { return nil }
        let headerRow = TextRow(cells: header.map { TextCell($0.text, line: $0.line) }, line: header[0].line, lastLine: header.last!.line, layout: .rowPerLine)
        return Recovered(lines: start..<index, rows: [headerRow] + rows, how: "layout-cell-per-line", columns: header.count)
    }

    /// Cuts a run of cells into rows of the header's width (or up to a row mark). Each row starts
    /// under the column that fits its cells best: the level its first cell names, the name
    /// column, or the first column.
    private static func cut(_ cells: [Cell], header: [Cell], vocabulary: TableVocabulary, optionalTail: Bool) -> [TextRow] {
        let roles = vocabulary.columnRoles(header.map(\.text))
        // Columns a row may stop before: the trailing ones that name no field.
        let fieldWidth = optionalTail ? (roles.lastIndex { $0 != nil && $0 != "other" && $0 != "group" }.map { $0 + 1 } ?? header.count) : header.count
        let width = header.count
        let level1 = roles.firstIndex(of: "level1")
        let level2 = roles.firstIndex(of: "level2")
        let name = roles.firstIndex(of: "name") ?? min(2, width - 1)
        var rows: [TextRow] = []
        var cells = cells
        var index = 0
        var parent: String?
        /// The cells a row starting under `start` takes, and how well they fit.
        func take(_ start: Int) -> (count: Int, score: Int) {
            var score = 0
            var column = start
            var taken = 0
            while column < width, index + taken < cells.count {
                let cell = cells[index + taken]
                // Past the fields, only short cells (a score) stay in the row: a longer one
                // names the next row.
                if column >= fieldWidth, cell.text.count > 4, !vocabulary.looksLikeTarget(cell.text) { break }
                // A level name after this row's name opens the next row.
                if taken > 0, column > name, roles[column] != "level1", roles[column] != "level2", !cell.text.isEmpty,
                   vocabulary.levelDepth(cell.text, under: parent) != nil { break }
                let target = vocabulary.looksLikeTarget(cell.text)
                switch roles[column] {
                case "value"?: score += target ? 2 : 0
                case "name"?: score += target ? -2 : (cell.text.isEmpty ? -1 : 0)
                case "level1"?, "level2"?:
                    // Words of one line have no empty cells: a row starting left of its name
                    // starts with a level name.
                    score += vocabulary.levelDepth(cell.text, under: parent) != nil || vocabulary.looksLikeLevel(cell.text) ? 1
                        : (target ? -2 : (optionalTail ? -3 : 0))
                default: break
                }
                taken += 1
                column += 1
                // Ending on the last column with an empty cell: the row's own blank, well placed.
                if column == width, cell.text.isEmpty, taken > 1 { score += 1 }
                if cell.endsRow { break }
            }
            return (taken, score)
        }
        // A level name broken over two lines ("经济效益" / "指标") is one cell.
        var joining = 0
        while joining + 1 < cells.count {
            if !cells[joining].endsRow, !cells[joining].text.isEmpty, !cells[joining + 1].text.isEmpty,
               vocabulary.levelDepth(cells[joining].text, under: nil) == nil || cells[joining + 1].text.count <= 2,
               vocabulary.levelDepth(cells[joining].text + cells[joining + 1].text, under: nil) != nil {
                cells[joining].text += cells[joining + 1].text
                cells[joining].endsRow = cells[joining + 1].endsRow
                cells.remove(at: joining + 1)
            }
            joining += 1
        }
        // An empty cell between two level names (过程管理指标 / "" / 计划管理指标) is what is
        // left of a merged cell, not a column of its own.
        cells = cells.indices.compactMap { at in
            let between = at > 0 && at + 1 < cells.count && cells[at].text.isEmpty && !cells[at - 1].endsRow
                && vocabulary.looksLikeLevel(cells[at - 1].text) && vocabulary.looksLikeLevel(cells[at + 1].text)
            return between ? nil : cells[at]
        }
        while index < cells.count {
            // Empty cells opening a row are marks or merged level cells written empty: the
            // start chosen below says which columns the row leaves empty.
            if cells[index].text.isEmpty {
                index += 1
                continue
            }
            let first = cells[index]
            let depth = vocabulary.levelDepth(first.text, under: parent)
            if depth == 1 { parent = first.text }
            // A group label written in the body ("绩效指标" down the left) stands for no column.
            if let role = vocabulary.headerRole(first.text), role == "group" || role.hasPrefix("table:") {
                index += 1
                continue
            }
            var starts: [Int] = []
            switch depth {
            case 1?: starts += [level1, level2].compactMap { $0 }
            case 2?: starts += [level2, level1].compactMap { $0 }
            default: break
            }
            starts += first.text.isEmpty ? [0] : [name, 0] + [level2, level1].compactMap { $0 }
            var best = (start: starts[0], taken: take(starts[0]))
            for start in starts.dropFirst() {
                let candidate = take(start)
                if candidate.score > best.taken.score { best = (start, candidate) }
            }
            var row = Array(repeating: TextCell("", line: first.line), count: best.start)
            row += cells[index..<(index + best.taken.count)].map { TextCell($0.text, line: $0.line) }
            index += max(1, best.taken.count)
            if row.contains(where: { !$0.isBlank }) {
                rows.append(TextRow(cells: row, line: row.first { !$0.isBlank }!.line, lastLine: row.last!.line, layout: .rowPerLine))
            }
        }
        return rows
    }

    private static func spaceSeparated(_ lines: [String], at start: Int, vocabulary: TableVocabulary) -> Recovered? {
        let tokens = words(lines[start])
        guard tokens.count >= 3, !lines[start].containsBytes(of: "\t"), !lines[start].containsBytes(of: "|"),
              let first = tokens.firstIndex(where: { vocabulary.headerRole($0) != nil }) else { return nil }
        var header = Array(tokens[first...])
        let roles = vocabulary.columnRoles(header)
        // Most words name columns the mappings know; the others are columns of their own.
        let known = roles.filter { $0 != nil }.count
        guard known >= 3, known * 3 >= header.count * 2, roles.contains("name") else { return nil }
        if roles.first == "group" { header.removeFirst() }
        // A header over several columns (its span lost in the text): empty headers after it.
        header = header.flatMap { [$0] + Array(repeating: "", count: vocabulary.headerSpan($0) - 1) }
        var index = start + 1
        // A header cell broken over lines: the lone word on the next line ends its last word
        // ("未完成原因和" / "改进措施").
        if index < lines.count, case let next = words(lines[index]), next.count == 1, next[0].count <= 6,
           vocabulary.levelDepth(next[0], under: nil) == nil, !vocabulary.looksLikeTarget(next[0]),
           vocabulary.headerRole(header[header.count - 1]) == nil || vocabulary.headerRole(header[header.count - 1] + next[0]) != nil {
            header[header.count - 1] += next[0]
            index += 1
        }
        var headerRoles = vocabulary.columnRoles(header)
        // The lines of the body as words; a lone short word ends the last word of the line
        // before ("项目完成" / "指标": a label broken over lines).
        var body: [(parts: [String], line: Int)] = []
        while index < lines.count {
            let line = lines[index]
            var parts = words(line)
            if parts.isEmpty { index += 1; continue }
            guard parts.count <= header.count + 2, !line.containsBytes(of: "|"), !line.containsBytes(of: "\t") else { break }
            var end = index + 1
            while end < lines.count, case let next = words(lines[end]), next.count == 1, next[0].count <= 3,
                  !vocabulary.looksLikeTarget(next[0]), !lines[end].containsBytes(of: "|") {
                parts[parts.count - 1] += next[0]
                end += 1
            }
            if vocabulary.isFieldLabel(parts[0]), vocabulary.levelDepth(parts[0], under: nil) == nil { break }
            // A group label down the left ("绩效指标") stands for no column.
            if parts.count > 1, let role = vocabulary.headerRole(parts[0]), role == "group" || role.hasPrefix("table:") { parts.removeFirst() }
            // A line of one word is a level heading, or not of the table.
            if parts.count == 1, vocabulary.levelDepth(parts[0], under: nil) == nil, !vocabulary.looksLikeLevel(parts[0]) { break }
            body.append((parts, index + 1))
            index = end
        }
        // A header naming no level column over rows that start with level names: the level
        // columns' header stood apart (on the line above, beside a group label).
        if !headerRoles.contains("level1"), !headerRoles.contains("level2"),
           body.contains(where: { $0.parts.count > 2 && vocabulary.levelDepth($0.parts[0], under: nil) == 1 }),
           let level1 = vocabulary.headerText(for: "level1"), let level2 = vocabulary.headerText(for: "level2") {
            header.insert(contentsOf: [level1, level2], at: 0)
            headerRoles = vocabulary.columnRoles(header)
        }
        var parent: String?
        let rows = body.map { entry -> TextRow in
            let row = spacedRow(entry.parts, roles: headerRoles, spanned: header.map(\.isEmpty), line: entry.line, parent: parent, vocabulary: vocabulary)
            if let level1 = headerRoles.firstIndex(of: "level1"), level1 < row.cells.count, !row.cells[level1].isBlank {
                parent = row.cells[level1].text
            }
            return row
        }
        guard !rows.isEmpty else { return nil }
        let headerRow = TextRow(cells: header.map { TextCell($0, line: start + 1) }, line: start + 1, lastLine: start + 1, layout: .rowPerLine)
        let lead = tokens[..<first].joined(separator: " ")
        return Recovered(lines: start..<index, rows: [headerRow] + rows, how: "layout-single-spaces", columns: header.count,
                         lead: lead.isEmpty ? nil : lead)
    }

    /// A table written column by column (a PDF whose text came out in columns): each column's
    /// header, then its cells split by spaces, running on over lines:
    ///
    ///     三级指标 新建高校(校区) 工程质量达标率(%)
    ///     开工率(%)
    ///     年度目标值
    ///     7 100% 100%
    ///
    /// Read when it opens with the name column and every column has as many cells as it.
    private static func columnByColumn(_ lines: [String], at start: Int, vocabulary: TableVocabulary) -> Recovered? {
        let opening = words(lines[start])
        guard opening.count >= 2, !lines[start].containsBytes(of: "|"), !lines[start].containsBytes(of: "\t"),
              vocabulary.headerRole(opening[0]) == "name",
              !opening.dropFirst().contains(where: { vocabulary.headerRole($0) != nil }) else { return nil }
        var columns: [(header: String, cells: [TextCell])] = [(opening[0], opening.dropFirst().map { TextCell($0, line: start + 1) })]
        var index = start + 1
        var rows: Int?
        while index < lines.count {
            let parts = words(lines[index])
            if parts.isEmpty { index += 1; continue }
            if lines[index].containsBytes(of: "|") || lines[index].containsBytes(of: "\t") { break }
            if let role = vocabulary.headerRole(parts[0]), role != "group" {
                // The next column: the one before it is complete.
                guard rows == nil || columns.last!.cells.count == rows else { break }
                rows = rows ?? columns.last!.cells.count
                columns.append((parts[0], parts.dropFirst().map { TextCell($0, line: index + 1) }))
            } else if rows == nil || columns.last!.cells.count + parts.count <= rows! {
                columns[columns.count - 1].cells += parts.map { TextCell($0, line: index + 1) }
            } else {
                break
            }
            index += 1
        }
        let roles = vocabulary.columnRoles(columns.map(\.header))
        guard let rows, rows > 0, columns.count >= 2, columns.allSatisfy({ $0.cells.count == rows }), roles.contains("value") else { return nil }
        var header = TextRow(cells: columns.map { TextCell($0.header, line: $0.cells[0].line) }, line: start + 1, lastLine: start + 1, layout: .rowPerLine)
        header.isLaidOut = true
        let body = (0..<rows).map { row in
            TextRow(cells: columns.map { $0.cells[row] }, line: columns[0].cells[row].line, lastLine: columns.last!.cells[row].line, layout: .rowPerLine)
        }
        return Recovered(lines: start..<index, rows: [header] + body, how: "layout-column-by-column", columns: columns.count)
    }

    /// Lays a line's words under the header: from the level column the first word names (else the
    /// name column), one word per column; a plain number is not a unit, so it skips that column.
    /// A row too long to start at the name starts under a spanned column just before it (the
    /// label column of 评价指标 over two columns).
    private static func spacedRow(_ parts: [String], roles: [String?], spanned: [Bool], line: Int, parent: String?, vocabulary: TableVocabulary) -> TextRow {
        let level1 = roles.firstIndex(of: "level1")
        let level2 = roles.firstIndex(of: "level2")
        let name = roles.firstIndex(of: "name") ?? 0
        var column: Int
        switch vocabulary.levelDepth(parts[0], under: parent) {
        case 1? where level1 != nil: column = level1!
        case 2? where level2 != nil: column = level2!
        default:
            column = parts.count == 1 ? (level1 ?? name) : name
            if parts.count > roles.count - name, name > 0, spanned[name - 1] { column = name - 1 }
        }
        var cells = Array(repeating: TextCell("", line: line), count: column)
        // A name written with spaces runs up to the first word that reads as a target; words
        // beyond the header's width belong to it too.
        var words = parts
        let room = roles.count - column
        if words.count > room, let nameOffset = Optional(name - column), nameOffset >= 0, nameOffset + 1 < words.count,
           let target = words[(nameOffset + 1)...].firstIndex(where: vocabulary.looksLikeTarget), target - nameOffset > 1 {
            words.replaceSubrange(nameOffset..<target, with: [words[nameOffset..<target].joined(separator: " ")])
        }
        if words.count > room, let nameOffset = Optional(name - column), nameOffset >= 0, nameOffset < words.count {
            let extra = words.count - room
            let joined = words[nameOffset...(nameOffset + extra)].joined(separator: " ")
            words.replaceSubrange(nameOffset...(nameOffset + extra), with: [joined])
        }
        for word in words {
            while column < roles.count, roles[column] == "unit", CanonicalNumber.parse(word) != nil { 
                cells.append(TextCell("", line: line))
                column += 1
            }
            cells.append(TextCell(word, line: line))
            column += 1
        }
        return TextRow(cells: cells, line: line, lastLine: line, layout: .rowPerLine)
    }

    /// A line's words; single characters in a row are one word spaced out ("产 出 指 标").
    private static func words(_ line: String) -> [String] {
        var result: [String] = []
        var spacedOut = false
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }) {
            let single = word.count == 1 && word.unicodeScalars.allSatisfy(TextCleaning.isCJK)
            if single, spacedOut, let last = result.indices.last {
                result[last] += word
            } else {
                result.append(String(word))
            }
            spacedOut = single
        }
        return result
    }

    /// A line that can be one cell: no tab or pipe, not long running text.
    private static func isPlainCell(_ line: String) -> Bool {
        !line.containsBytes(of: "\t") && !line.containsBytes(of: "|") && line.count <= 120
    }
}
