import Foundation

/// Indicators written as prose under level headings, turned into table rows:
///
///     一、产出指标
///     数量指标:种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;时效指标:完成及时率>=100%。
///     (三)时效指标
///     完成时限,2025年10月底前;
///
/// A heading or a "level name:" prefix sets the level; each item, cut at ; ； 。, is a name and a
/// target: the target starts at the last comparator followed by a number, else after the last
/// comma. A level-1 heading opens the list; a line with no level and no item ends it.
enum ProseIndicators {
    static func table(_ lines: [String], at start: Int, vocabulary: TableVocabulary) -> CellStream.Recovered? {
        guard isProse(lines[start]), levelHeading(lines[start], under: nil, vocabulary: vocabulary)?.depth == 1,
              let l1 = vocabulary.headerText(for: "level1"), let l2 = vocabulary.headerText(for: "level2"),
              let nameHeader = vocabulary.headerText(for: "name"), let valueHeader = vocabulary.headerText(for: "value") else { return nil }
        var level1: String?
        var level2: String?
        var rows: [TextRow] = []
        var index = start
        var end = start
        var afterHeading = false
        while index < lines.count {
            let line = TextCleaning.trim(lines[index])
            defer { index += 1 }
            if line.isEmpty { continue }
            guard isProse(lines[index]) else { break }
            if let heading = levelHeading(line, under: level1, vocabulary: vocabulary) {
                if heading.depth == 1 { level1 = heading.name; level2 = nil } else { level2 = heading.name }
                end = index + 1
                afterHeading = true
                continue
            }
            let before = (level1, level2)
            let found = items(line, level1: &level1, level2: &level2, vocabulary: vocabulary)
            guard !found.isEmpty else { break }
            // A line that names no level, follows no heading and states no number is past the
            // list (a closing line, a signature, a date).
            if !afterHeading, before == (level1, level2), !found.contains(where: { vocabulary.looksLikeTarget($0.target) }) {
                (level1, level2) = before
                break
            }
            afterHeading = false
            for item in found {
                let cells = [item.level1 ?? "", item.level2 ?? "", item.name, item.target].map { TextCell($0, line: index + 1) }
                rows.append(TextRow(cells: cells, line: index + 1, lastLine: index + 1, layout: .rowPerLine))
            }
            end = index + 1
        }
        guard rows.contains(where: { !$0.cells[3].isBlank }) else { return nil }
        let header = TextRow(cells: [l1, l2, nameHeader, valueHeader].map { TextCell($0, line: start + 1) },
                             line: start + 1, lastLine: start + 1, layout: .rowPerLine)
        return CellStream.Recovered(lines: start..<end, rows: [header] + rows, how: "layout-prose")
    }

    /// Not a table line: no tab, no pipe.
    private static func isProse(_ line: String) -> Bool {
        !line.containsBytes(of: "\t") && !line.containsBytes(of: "|")
    }

    /// A line that is only a level name, with or without its numbering ("一、产出指标", "(二)质量指标").
    private static func levelHeading(_ line: String, under parent: String?, vocabulary: TableVocabulary) -> (name: String, depth: Int)? {
        let text = TextCleaning.trim(line)
        let number = vocabulary.headingNumber(text) ?? ""
        let name = TextCleaning.compact(String(text.dropFirst(number.count)))
        guard let depth = vocabulary.levelDepth(name, under: parent) else { return nil }
        return (name, depth)
    }

    /// The items of a line; "level name:" prefixes inside it set the levels as they come.
    private static func items(_ line: String, level1: inout String?, level2: inout String?, vocabulary: TableVocabulary)
        -> [(level1: String?, level2: String?, name: String, target: String)] {
        var result: [(level1: String?, level2: String?, name: String, target: String)] = []
        var sawLevel = false
        for piece in line.split(whereSeparator: { ";；。".contains($0) }) {
            var rest = TextCleaning.trim(String(piece))
            // Level prefixes: "效益指标:经济效益指标:…", "服务对象满意度指标,受益…".
            while let cut = rest.firstIndex(where: { ":：,，".contains($0) }) {
                let label = TextCleaning.compact(String(rest[..<cut]))
                guard let depth = vocabulary.levelDepth(label, under: level1) else { break }
                if depth == 1 { level1 = label; level2 = nil } else { level2 = label }
                sawLevel = true
                rest = TextCleaning.trim(String(rest[rest.index(after: cut)...]))
            }
            guard !rest.isEmpty else { continue }
            guard sawLevel || level2 != nil || level1 != nil else { return [] }
            for item in afterTargets(rest, vocabulary: vocabulary) {
                let (name, target) = split(item, vocabulary: vocabulary)
                result.append((level1, level2, name, target))
            }
        }
        return sawLevel || !result.isEmpty ? result : []
    }

    /// Items listed with commas: a comma right after a target ("产值≥80万元,增加收入≥80万元")
    /// ends an item; other commas belong to the name.
    private static func afterTargets(_ text: String, vocabulary: TableVocabulary) -> [String] {
        var items: [String] = []
        var current = ""
        for character in text {
            if ",，".contains(character), let range = lastComparator(in: current, vocabulary: vocabulary),
               vocabulary.looksLikeTarget(String(current[range.lowerBound...])) {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { items.append(current) }
        return items
    }

    /// The comparator nearest the end of a text that a number follows; of two ending together
    /// (">=" and "="), the longer.
    private static func lastComparator(in item: String, vocabulary: TableVocabulary) -> Range<String.Index>? {
        var best: Range<String.Index>?
        for spelling in vocabulary.comparatorSpellings {
            var search = item.startIndex..<item.endIndex
            while let range = item.range(of: spelling, range: search) {
                if range.lowerBound > item.startIndex, let next = item[range.upperBound...].first, next.isNumber,
                   best.map({ range.upperBound > $0.upperBound || range.upperBound == $0.upperBound && range.lowerBound < $0.lowerBound }) ?? true {
                    best = range
                }
                search = range.upperBound..<item.endIndex
            }
        }
        return best
    }

    /// Name and target of one item: the target starts at the last comparator a number follows,
    /// else after the last comma, else it is a trend word ending the item (生态修复功能提高).
    private static func split(_ item: String, vocabulary: TableVocabulary) -> (name: String, target: String) {
        if let best = lastComparator(in: item, vocabulary: vocabulary) {
            return (TextCleaning.trim(String(item[..<best.lowerBound])), String(item[best.lowerBound...]))
        }
        if let comma = item.lastIndex(where: { ",，".contains($0) }) {
            return (TextCleaning.trim(String(item[..<comma])), TextCleaning.trim(String(item[item.index(after: comma)...])))
        }
        if let trend = vocabulary.trendWords.first(where: { item.hasSuffix($0) && item.count > $0.count + 1 }) {
            return (String(item.dropLast(trend.count)), trend)
        }
        return (item, "")
    }
}
