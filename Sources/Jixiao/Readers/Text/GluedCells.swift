import Foundation

/// Tables whose cells lost every separator when the text was extracted, one row per line:
///
///     绩效指标一级指标二级指标指标内容指标值
///     产出指标数量指标农村义务教育学校改造覆盖率100%
///     质量指标校舍维修改造质量合格率100%
///
/// The header is cut into the header names the mappings know (longest first). Each row loses
/// its level names from the front (the frameworks' names, longest first); what is left is the
/// name, then the target at its end: a number with a short unit, a comparator before it, or a
/// trend word (稳步提高). Nothing is guessed that the vocabulary does not name.
enum GluedCells {
    static func table(_ lines: [String], at start: Int, vocabulary: TableVocabulary) -> CellStream.Recovered? {
        if lines[start].utf8.count > 300 { return selfEvaluationInOneLine(lines[start], at: start, vocabulary: vocabulary) }
        let opening = TextCleaning.compact(lines[start])
        // Cheap refusals first: every line of a text is tried.
        // A glued header is a short line with no separator at all.
        guard opening.count <= 48, opening.count == lines[start].count || opening.count == TextCleaning.trim(lines[start]).count,
              opening.prefix(7).contains(where: { vocabulary.headerSpellingsByInitial[$0] != nil }),
              let header = cut(opening, into: vocabulary.headerSpellingsByInitial), header.count >= 3 else { return nil }
        var roles = vocabulary.columnRoles(header)
        var columns = header
        while let first = roles.first, first == "group" || first?.hasPrefix("table:") == true {
            roles.removeFirst()
            columns.removeFirst()
        }
        guard let name = roles.firstIndex(of: "name"), let value = roles.firstIndex(of: "value"), value > name else { return nil }
        let level1 = roles.firstIndex(of: "level1")
        let level2 = roles.firstIndex(of: "level2")
        let description = roles[name..<value].firstIndex(of: "description")
        // A remark column between name and target (指标说明: "达到目标值") and a score column
        // after the target (分值): cells glued on either side of the target.
        let remark = roles[(name + 1)..<value].firstIndex { $0 == nil || $0 == "other" }
        let weight = roles[(value + 1)...].firstIndex(of: "weight")
        var rows: [TextRow] = []
        var index = start + 1
        var parent: String?
        while index < lines.count {
            var rest = Substring(TextCleaning.compact(lines[index]))
            if rest.isEmpty { index += 1; continue }
            guard !lines[index].containsBytes(of: "|"), !lines[index].containsBytes(of: "\t"), !vocabulary.isTotal(String(rest)) else { break }
            var cells = Array(repeating: TextCell("", line: index + 1), count: columns.count)
            // Level names off the front: known ones, or texts ending as level names do, of which
            // the last stands next to the name (level 2).
            var levels: [(text: String, depth: Int?)] = []
            while levels.count < 2 {
                // A short form (产出) opening a longer name that ends as levels do (产出数量指标) is
                // part of that name.
                let known = vocabulary.levelSpellings.first(where: { rest.hasPrefix($0) && rest.count > $0.count })
                let longer = levelLike(rest, vocabulary: vocabulary)
                if let level = known, !(longer.map { $0.count > level.count } ?? false) || vocabulary.levelEndings.contains(where: level.hasSuffix) {
                    levels.append((level, vocabulary.levelDepth(level, under: parent)))
                    rest = rest.dropFirst(level.count)
                } else if let level = longer {
                    levels.append((level, nil))
                    rest = rest.dropFirst(level.count)
                } else {
                    break
                }
            }
            for (position, level) in levels.enumerated() {
                let depth = level.depth ?? (position == 0 && levels.count == 2 ? 1 : 2)
                guard let column = depth == 1 ? level1 : level2 else { continue }
                cells[column] = TextCell(level.text, line: index + 1)
                if depth == 1 { parent = level.text }
            }
            let line = index + 1
            var found = nameAndTarget(String(rest), vocabulary: vocabulary)
            // The target alone on the next line (the row's last cell wrapped).
            if found == nil, let next = lines.dropFirst(index + 1).firstIndex(where: { !TextCleaning.trim($0).isEmpty }),
               case let target = TextCleaning.compact(lines[next]), vocabulary.looksLikeTarget(target), !vocabulary.levelSpellings.contains(where: { target.hasPrefix($0) }) {
                found = (String(rest), target)
                index = next
            }
            guard var (indicator, target) = found else { break }
            if let weight, let (before, score) = scoreAfter(target) {
                target = before
                cells[weight] = TextCell(score, line: index + 1)
            }
            // The remark opens with a comparator word ("达到预计值"): the name ends before it.
            if let remark, let (named, remarked) = nameAndRemark(indicator, vocabulary: vocabulary) {
                indicator = named
                cells[remark] = TextCell(remarked, line: line)
            }
            // A description column between the name and the target, glued to the name.
            if let description, let (named, described) = nameAndDescription(indicator) {
                indicator = named
                cells[description] = TextCell(described, line: line)
            }
            cells[name] = TextCell(indicator, line: line)
            cells[value] = TextCell(target, line: index + 1)
            var row = TextRow(cells: cells, line: line, lastLine: index + 1, layout: .rowPerLine)
            row.isLaidOut = true
            rows.append(row)
            index += 1
        }
        guard !rows.isEmpty else { return nil }
        var headerRow = TextRow(cells: columns.map { TextCell($0, line: start + 1) }, line: start + 1, lastLine: start + 1, layout: .rowPerLine)
        headerRow.isLaidOut = true
        return CellStream.Recovered(lines: start..<index, rows: [headerRow] + rows, how: "layout-glued-cells")
    }

    /// A whole self-evaluation table glued into one line, header and rows alike ("…绩效指标一级指标
    /// 二级指标三级指标分值年度指标值全年实际值得分…产出指标(70分)数量指标安装坡面水标尺10≥266米≥266米
    /// 10水标尺宽度…"). Rows have no end of their own; each is read as its columns spell it: the
    /// name, numbers under the score columns, the target, and the value reached written the same
    /// as the target. A row written any other way ends the table.
    private static func selfEvaluationInOneLine(_ line: String, at index: Int, vocabulary: TableVocabulary) -> CellStream.Recovered? {
        let text = TextCleaning.compact(line)
        guard !text.isEmpty, text.count == line.count || !line.contains(" "),
              let (columns, headerStart, bodyStart) = headerInside(text, vocabulary: vocabulary) else { return nil }
        let roles = vocabulary.columnRoles(columns)
        guard let name = roles.firstIndex(of: "name"), let value = roles.firstIndex(of: "value"), name < value,
              value + 1 < columns.count, vocabulary.evaluationColumn(columns[value + 1]) == "actual" else { return nil }
        // One pattern for the cells after the level names: a group per column.
        var pattern = "^"
        var groups: [Int: Int] = [:]
        var valueGroup = 0
        for column in name..<columns.count {
            let evaluation = vocabulary.evaluationColumn(columns[column])
            switch (roles[column], evaluation) {
            case ("name"?, _), ("value"?, _):
                pattern += "(.{1,40}?)"
            case ("weight"?, _), (_, "score"?):
                pattern += "([0-9]{1,3}(?:\\.[0-9]+)?)"
            case (_, "actual"?) where column == value + 1:
                pattern += "(\\\(valueGroup))"
            case ("other"?, nil), (nil, nil):
                continue  // a remark column, empty in such tables
            default:
                return nil  // a column this reading cannot place (a unit, a second target)
            }
            groups[column] = groups.count + 1
            if column == value { valueGroup = groups.count }
        }
        guard let expression = try? NSRegularExpression(pattern: pattern + "(?![0-9])") else { return nil }
        let remarks = vocabulary.levelRemarks.compactMap { Patterns.expression("^" + ($0.hasSuffix("$") ? String($0.dropLast()) : $0)) }
        let level1 = roles.firstIndex(of: "level1")
        let level2 = roles.firstIndex(of: "level2")
        var rest = Substring(text[bodyStart...])
        var rows: [TextRow] = []
        var levels: [Int: String] = [:]
        var parent: String?
        while !rest.isEmpty {
            // Level names off the front, each with its remark ("产出指标(70分)").
            var stripped = false
            while let level = vocabulary.levelSpellings.first(where: { rest.hasPrefix($0) && rest.count > $0.count }) {
                let depth = vocabulary.levelDepth(level, under: parent)
                guard let column = depth == 1 ? level1 : level2 else { break }
                var written = level
                rest = rest.dropFirst(level.count)
                let after = String(rest)
                for remark in remarks {
                    if let match = remark.firstMatch(in: after, range: NSRange(after.startIndex..., in: after)), match.range.length > 0 {
                        written += (after as NSString).substring(with: match.range)
                        rest = rest.dropFirst(match.range.length)
                        break
                    }
                }
                levels[column] = written
                if depth == 1 { parent = level; levels[level2 ?? column] = nil }
                stripped = true
            }
            let candidate = String(rest)
            guard let match = expression.firstMatch(in: candidate, range: NSRange(candidate.startIndex..., in: candidate)),
                  !vocabulary.isTotal((candidate as NSString).substring(with: match.range(at: groups[name] ?? 1))) else {
                if stripped { continue }
                break
            }
            var cells = Array(repeating: TextCell("", line: index + 1), count: columns.count)
            for (column, written) in levels { cells[column] = TextCell(written, line: index + 1) }
            levels = [:]
            for (column, group) in groups {
                cells[column] = TextCell((candidate as NSString).substring(with: match.range(at: group)), line: index + 1)
            }
            var row = TextRow(cells: cells, line: index + 1, lastLine: index + 1, layout: .rowPerLine)
            row.isLaidOut = true
            rows.append(row)
            rest = rest.dropFirst((candidate as NSString).substring(with: match.range).count)
        }
        guard !rows.isEmpty else { return nil }
        var headerRow = TextRow(cells: columns.map { TextCell($0, line: index + 1) }, line: index + 1, lastLine: index + 1, layout: .rowPerLine)
        headerRow.isLaidOut = true
        let lead = String(text[..<headerStart])
        return CellStream.Recovered(lines: index..<(index + 1), rows: [headerRow] + rows, how: "layout-self-evaluation-line",
                                    lead: lead.isEmpty ? nil : lead, trail: rest.isEmpty ? nil : String(rest))
    }

    /// The first run of four or more glued header names inside a text, naming the indicator's
    /// name and target, without a leading group label; and where the body starts.
    private static func headerInside(_ text: String, vocabulary: TableVocabulary) -> ([String], String.Index, String.Index)? {
        var start = text.startIndex
        while start < text.endIndex {
            var rest = text[start...]
            var words: [String] = []
            while let first = rest.first, let word = vocabulary.headerSpellingsByInitial[first]?.first(where: { rest.hasPrefix($0) }) {
                words.append(word)
                rest = rest.dropFirst(word.count)
            }
            var roles = vocabulary.columnRoles(words)
            while let first = roles.first, first == "group" || first?.hasPrefix("table:") == true {
                roles.removeFirst()
                words.removeFirst()
            }
            if words.count >= 4, roles.contains("name"), roles.contains("value") { return (words, start, rest.startIndex) }
            start = text.index(after: start)
        }
        return nil
    }

    /// The text cut into known words covering all of it after a short lead-in that names no
    /// column ("绩效指标…", "绩效目标…"), or nil.
    static func cut(_ text: String, into words: [Character: [String]]) -> [String]? {
        for skip in 0...min(6, text.count) {
            var rest = Substring(text).dropFirst(skip)
            var result: [String] = []
            while let first = rest.first, let word = words[first]?.first(where: { rest.hasPrefix($0) }) {
                result.append(word)
                rest = rest.dropFirst(word.count)
            }
            if rest.isEmpty, !result.isEmpty { return result }
        }
        return nil
    }

    /// A prefix of up to sixteen characters ending as level names do ("制度指标", "项目年度绩效目标
    /// (定量指标)"), with text after it; nil if none.
    private static func levelLike(_ text: Substring, vocabulary: TableVocabulary) -> String? {
        let head = text.prefix(17)
        for ending in vocabulary.levelEndings {
            guard let range = head.range(of: ending) else { continue }
            var end = range.upperBound
            if end < head.endIndex, "）)".contains(head[end]) { end = head.index(after: end) }
            let level = String(text[..<end])
            guard level.count > ending.count, end < text.endIndex, !level.contains(where: { $0.isNumber }) else { continue }
            return level
        }
        return nil
    }

    /// The score glued after a target ("95%10", "210010" read as 2100 and 10, "20" alone as no
    /// target and 20): its last two digits, or one where two would start with 0.
    private static func scoreAfter(_ target: String) -> (String, String)? {
        let digits = target.reversed().prefix { $0.isASCII && $0.isNumber }.count
        guard digits > 0 else { return nil }
        let take = digits >= 2 && target.dropLast(1).last != "0" ? 2 : 1
        return (String(target.dropLast(take)), String(target.suffix(take)))
    }

    /// A name and the remark glued after it, which opens with a comparator word: "享受资助人数" +
    /// "达到预计值". Nil when no comparator word follows the name's first two characters.
    private static func nameAndRemark(_ text: String, vocabulary: TableVocabulary) -> (String, String)? {
        for spelling in vocabulary.comparatorSpellings where spelling.count >= 2 {
            guard let range = text.range(of: spelling, options: .backwards), text.distance(from: text.startIndex, to: range.lowerBound) >= 2 else { continue }
            return (String(text[..<range.lowerBound]), String(text[range.lowerBound...]))
        }
        return nil
    }

    /// A name glued to its description, where the description repeats the name ("党建任务完成率"
    /// + "上级党组织要求完成党建工作任务完成率") or ends as it does: cut after the name whose
    /// ending the whole text repeats longest. Nil when no cut is that clear.
    static func nameAndDescription(_ text: String) -> (String, String)? {
        let characters = Array(text)
        var best: (cut: Int, shared: Int)?
        for cut in 2..<max(2, characters.count - 1) {
            var shared = 0
            while shared < cut, shared < characters.count - cut,
                  characters[cut - 1 - shared] == characters[characters.count - 1 - shared] { shared += 1 }
            // At least two characters, or the name whole; the longest shared ending wins.
            if shared >= 2, shared * 2 >= min(cut, 4), shared > (best?.shared ?? 0) { best = (cut, shared) }
        }
        guard let best else { return nil }
        return (String(characters[..<best.cut]), String(characters[best.cut...]))
    }

    /// A glued row's name and target: the target is the number (after a comparator, with a short
    /// unit) ending the text, or a trend word ending it. Nil when neither ends it.
    private static func nameAndTarget(_ text: String, vocabulary: TableVocabulary) -> (String, String)? {
        let folded = NumberText.folded(text)
        // The shortest tail that reads as a target, starting at a comparator or a digit.
        var best: String.Index?
        var index = folded.endIndex
        while index > folded.startIndex {
            index = folded.index(before: index)
            let tail = String(folded[index...])
            if vocabulary.looksLikeTarget(tail), tail.first.map({ $0.isNumber }) == true || vocabulary.comparatorSpellings.contains(where: { tail.hasPrefix($0) }) {
                best = index
            }
            if folded.distance(from: index, to: folded.endIndex) > 16 { break }
        }
        if let best, best > folded.startIndex {
            // A comparator spelled before the number belongs to the target.
            var start = best
            for spelling in vocabulary.comparatorSpellings where folded[..<start].hasSuffix(spelling) {
                start = folded.index(start, offsetBy: -spelling.count)
                break
            }
            let offset = folded.distance(from: folded.startIndex, to: start)
            let split = text.index(text.startIndex, offsetBy: offset)
            return (String(text[..<split]), String(text[split...]))
        }
        if let trend = vocabulary.trendWords.sorted(by: { $0.count > $1.count }).first(where: { text.hasSuffix($0) && text.count > $0.count + 1 }) {
            return (String(text.dropLast(trend.count)), trend)
        }
        return nil
    }
}
