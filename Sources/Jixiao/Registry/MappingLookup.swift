import Foundation

/// Fast look-ups into a resolved mapping, comparing names without spaces: what readers use to
/// recognise headers, labels, level names, operators and units. A class: readers hand it to many
/// small functions and closures, which then share it rather than copy its tables.
public final class MappingLookup: Sendable {
    public let mapping: Mapping
    /// Fiscal year of the filing, for entries valid in a period only.
    public let year: String?
    /// The frameworks the mapping targets, whose level names are the known ones.
    public let frameworks: [Framework]
    private let columns: [String: String]
    /// The column fields of the known headers by each of their beginnings of two characters or
    /// more, and by all but their first character: a cut or damaged header is looked up, not
    /// compared with every header in turn.
    private let columnRolesByPrefix: [String: Set<String>]
    private let columnRolesByTail: [String: Set<String>]
    private let groups: Set<String>
    private let others: Set<String>
    private let tableLabels: [String: String]
    private let fields: [String: String]
    private let checkpoints: [String: String]
    private let departmentProjectColumns: [String: String]
    private let fundGroups: [String: String]
    private let fundColumns: [String: String]
    private let units: [String: String]
    private let natures: [String: String]
    /// Longest spellings first, so that "≥" never shadows "≥=" and 大于等于 wins over 大于.
    public let operatorSpellings: [(written: String, op: Comparator)]

    public init(_ mapping: Mapping, year: String? = nil, frameworks: [Framework] = []) {
        self.mapping = mapping
        self.year = year
        self.frameworks = frameworks
        func table(_ entries: [MappingEntry]) -> [String: String] {
            var result: [String: String] = [:]
            for entry in entries where entry.holds(inYear: year) {
                let key = TextCleaning.compact(entry.written)
                if result[key] == nil { result[key] = entry.canonical }
            }
            return result
        }
        columns = table(mapping.columns)
        var byPrefix: [String: Set<String>] = [:], byTail: [String: Set<String>] = [:]
        for (key, role) in columns {
            var prefix = ""
            for character in key {
                prefix.append(character)
                if prefix.count >= 2 { byPrefix[prefix, default: []].insert(role) }
            }
            if key.count >= 4 { byTail[String(key.dropFirst()), default: []].insert(role) }
        }
        columnRolesByPrefix = byPrefix
        columnRolesByTail = byTail
        groups = Set(mapping.columnGroups.map(TextCleaning.compact))
        others = Set(mapping.otherColumns.map(TextCleaning.compact))
        tableLabels = table(mapping.tableLabels)
        fields = table(mapping.fields)
        checkpoints = table(mapping.spendPlanCheckpoints)
        departmentProjectColumns = table(mapping.departmentProjectColumns)
        fundGroups = table(mapping.fundGroups)
        fundColumns = table(mapping.fundColumns)
        units = table(mapping.units)
        natures = table(mapping.natures)
        operatorSpellings = mapping.operators
            .filter { $0.holds(inYear: year) }
            .compactMap { entry in Comparator(rawValue: entry.canonical).map { (entry.written, $0) } }
            .sorted { $0.written.count > $1.written.count }
        comparatorSpellings = operatorSpellings.map(\.written)
        comparatorInitials = Set(comparatorSpellings.compactMap(\.first))
        comparatorFinals = Set(comparatorSpellings.compactMap(\.last))
        footerExpressions = mapping.footerLabels.compactMap(Patterns.expression)
        nearFieldKeys = fields.keys.filter { $0.count >= 5 }.sorted()
        longestFieldLabel = fields.keys.map(\.count).max() ?? 0
        fieldKeysByInitial = Dictionary(grouping: fields.keys.filter { $0.count >= 4 }.sorted { ($0.count, $0) > ($1.count, $1) }, by: { $0.first! })
        headerSpellings = (mapping.columns.map(\.written) + mapping.columnGroups + mapping.otherColumns + mapping.tableLabels.map(\.written))
            .map(TextCleaning.compact).sorted { $0.count > $1.count }
        headerSpellingsByInitial = Dictionary(grouping: headerSpellings.filter { !$0.isEmpty }, by: { $0.first! })
        let names = frameworks.flatMap { framework in framework.nodes.flatMap { [$0.name] + $0.children.map(\.name) } }
            + mapping.levels.map(\.written) + mapping.otherLevels.values.flatMap { $0 }
        levelSpellings = Array(Set(names)).sorted { ($0.count, $0) > ($1.count, $1) }
        levelVariants = Dictionary(grouping: mapping.levels, by: \.written)
        let level1Nodes = frameworks.flatMap(\.nodes)
        let level2Nodes = level1Nodes.flatMap(\.children)
        level1Names = Set(level1Nodes.map(\.name))
        level2Names = Set(level2Nodes.map(\.name))
        level1Patterns = level1Nodes.filter { $0.namePattern != nil }
        level2Patterns = level2Nodes.filter { $0.namePattern != nil }
    }

    // Level names are looked up for every cell of every row: by name in a table rather than
    // compared with each variant and framework node in turn (a Chinese string comparison is
    // a Unicode-normalising one). Dictionaries and sets compare keys as `==` does.
    /// The mapping's level variants by their written name, in the mapping's order.
    private let levelVariants: [String: [LevelVariant]]
    /// The targeted frameworks' level-1 and level-2 names, and the nodes named by a pattern.
    private let level1Names: Set<String>
    private let level2Names: Set<String>
    private let level1Patterns: [FrameworkNode]
    private let level2Patterns: [FrameworkNode]

    /// Whether any targeted framework has a level 1 (`level1(named:)`) of this name.
    private func isFrameworkLevel1(_ name: String) -> Bool {
        level1Names.contains(name) || level1Patterns.contains { $0.matches(name) }
    }

    /// Whether any targeted framework has a level 2 (`level2(named:)`) of this name.
    private func isFrameworkLevel2(_ name: String) -> Bool {
        level2Names.contains(name) || level2Patterns.contains { $0.matches(name) }
    }

    /// What a header names: a canonical column field, "group" for a grouping header, or
    /// "table:<period>" for a header naming the table. `repaired` is set when the header only
    /// matched after an extraction artefact was stripped ("计量」" for 计量单位).
    public func header(_ text: String) -> (role: String, repaired: Bool)? {
        let key = labelKey(text)
        guard !key.isEmpty else { return nil }
        if let role = exactHeader(key) { return (role, false) }
        // A remark after the header ("二级指标(年度)", "指标值（长期）") does not change its column.
        if let last = key.last, last == ")" || last == "）" {
            let bare = key.replacingMatches(of: "[（(][^）)]*[）)]$", with: "")
            if bare != key, !bare.isEmpty, let role = exactHeader(bare) { return (role, false) }
        }
        // A header cut short or ending in stray marks: the one known header it begins.
        let stem = String(key.unicodeScalars.prefix { TextCleaning.isCJK($0) }.map(Character.init))
        // Only stray marks may follow the stem: a long text that starts like a header is no header.
        guard stem.count >= 2, stem != key, key.count <= stem.count + 2 else { return nil }
        guard let candidates = columnRolesByPrefix[stem], candidates.count == 1, let role = candidates.first else { return nil }
        return (role, true)
    }

    /// The column fields of the known headers that `text` (three characters or more) ends,
    /// one character shorter: a header whose first character was lost.
    public func headersEnding(_ text: String) -> Set<String> {
        let key = labelKey(text)
        guard key.count >= 3 else { return [] }
        return columnRolesByTail[key] ?? []
    }

    /// How many columns a header's cell spans (1 unless the mapping says).
    public func headerSpan(_ header: String) -> Int { mapping.headerSpans[labelKey(header)] ?? 1 }

    /// The period a value column's header names (实施期目标值: long_term), if any.
    public func valuePeriod(_ header: String) -> String? {
        let key = labelKey(header)
        return mapping.valuePeriods.first { $0.value.contains(key) }?.key
    }

    /// Whether a cell opens the signature block under a table ("填报人：张三", "审核意见", "(盖章)").
    public func isFooter(_ text: String) -> Bool {
        guard !mapping.footerLabels.isEmpty else { return false }
        let key = TextCleaning.compact(text)
        guard !key.isEmpty, key.count <= 40 else { return false }
        let range = NSRange(key.startIndex..., in: key)
        return footerExpressions.contains { $0.firstMatch(in: key, range: range) != nil }
    }

    /// Whether a cell labels a table's total row ("总分", "……总分").
    public func isTotal(_ text: String) -> Bool {
        let key = labelKey(text)
        return mapping.totalLabels.contains { key.hasSuffix($0) && !key.dropLast($0.count).contains(where: { $0.unicodeScalars.contains(where: TextCleaning.isCJK) }) }
    }

    /// Header roles with the mapping's fallbacks applied: a table with no name column reads its
    /// first description column (指标内容) as the name.
    public func withFallbacks(_ roles: [String?]) -> [String?] {
        var roles = roles
        for (field, substitutes) in mapping.columnFallbacks where !roles.contains(field) {
            for substitute in substitutes {
                if let index = roles.firstIndex(of: substitute) { roles[index] = field; break }
            }
        }
        return roles
    }

    /// The first spelling the mapping gives a column, for tables recovered from prose.
    public func headerText(for field: String) -> String? {
        mapping.columns.first { $0.canonical == field }?.written
    }

    /// A label as compared: without spaces and without the fill characters the mapping lists.
    func labelKey(_ text: String) -> String {
        let key = TextCleaning.compact(text)
        guard !mapping.labelFillers.isEmpty, mapping.labelFillers.contains(where: { key.containsBytes(of: $0) }) else { return key }
        return mapping.labelFillers.reduce(key) { $0.replacingOccurrences(of: $1, with: "") }
    }

    private func exactHeader(_ key: String) -> String? {
        if let field = columns[key] { return field }
        // Headers naming a year: only those with a digit are tried against the patterns.
        if !mapping.columnPatterns.isEmpty, key.contains(where: \.isASCII), key.contains(where: \.isNumber),
           let field = mapping.columnPatterns.first(where: { $0.value.contains { key.firstMatch(of: $0) != nil } })?.key {
            return field
        }
        if let period = tableLabels[key] { return "table:\(period)" }
        if groups.contains(key) { return "group" }
        if others.contains(key) { return "other" }
        return nil
    }

    /// The canonical field path a label names (project.name, budget.total ...), ignoring a
    /// trailing colon and a bracketed remark such as a period.
    public func field(_ label: String) -> String? {
        let key = Self.trimmingColons(TextCleaning.compact(label))
        if let field = fields[key] { return field }
        guard Self.holdsOpeningBracket(key) else { return nil }
        let bare = Self.trimmingColons(key.replacingMatches(of: "[（(][^）)]*[）)]", with: ""))
        return bare.isEmpty ? nil : fields[bare]
    }

    /// The text without colons (ASCII or full-width) at either end.
    private static func trimmingColons(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isColon = { (scalar: Unicode.Scalar) in scalar == ":" || scalar == "：" }
        guard let first = scalars.first, let last = scalars.last, isColon(first) || isColon(last) else { return text }
        guard let start = scalars.firstIndex(where: { !isColon($0) }), let end = scalars.lastIndex(where: { !isColon($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// Whether a text holds "(" or "（", told from its bytes (every label is asked this).
    private static func holdsOpeningBracket(_ text: String) -> Bool {
        text.containsBytes(of: "(") || text.containsBytes(of: "（")
    }

    public func checkpoint(_ label: String) -> String? { checkpoints[TextCleaning.compact(label)] }

    /// "income" or "expenses" for a funds-table group label.
    public func fundGroup(_ label: String) -> String? { fundGroups[TextCleaning.compact(label)] }

    /// item, amount, share or prior_years for a funds-table column header.
    public func fundColumn(_ label: String) -> String? { fundColumns[TextCleaning.compact(label)] }

    public func departmentProjectColumn(_ label: String) -> String? { departmentProjectColumns[TextCleaning.compact(label)] }

    /// A known field label opening `line` without a separator ("部门单位名称中国共产党…"):
    /// the field, the label as written and the rest of the line; `repaired` when the label is
    /// one character off a known one (OCR: "部门单位名利…", "年度总体目 机…"). Labels under four
    /// characters are not tried.
    public func fieldPrefix(_ line: String) -> (field: String, label: String, rest: String, repaired: String?)? {
        let key = TextCleaning.compact(line)
        guard let initial = key.first else { return nil }
        if let match = (fieldKeysByInitial[initial] ?? []).first(where: { key.hasPrefix($0) && key.count > $0.count }),
           let field = fields[match] {
            return (field, match, String(key.dropFirst(match.count)), nil)
        }
        // Four-character labels differ in one character too often (绩效指标, 绩效目标) to repair.
        let length = key.count
        let near = nearFieldKeys.filter { known in
            let knownLength = known.count
            return length > knownLength && (key.hasPrefix(known.prefix(2)) || key.prefix(knownLength).hasSuffix(known.suffix(2)))
                && NearMatch.isOneOff(String(key.prefix(knownLength)), known, shortest: 5)
        }
        guard near.count == 1, let label = near.first, let field = fields[label] else { return nil }
        return (field, String(key.prefix(label.count)), String(key.dropFirst(label.count)), label)
    }

    /// The field a label one character off a known one of five characters or more names
    /// ("部门单位名利" for 部门单位名称), with the label it was read as; nil unless exactly one
    /// known label is that near.
    public func nearField(_ label: String) -> (field: String, label: String)? {
        let key = TextCleaning.compact(label)
        let near = nearFieldKeys.filter { NearMatch.isOneOff(key, $0, shortest: 5) }
        guard near.count == 1, let match = near.first, let field = fields[match] else { return nil }
        return (field, match)
    }

    /// The framework level a name one character off stands for ("服务对象满意度指" for
    /// 服务对象满意度指标): OCR damage, read and reported, never stored as a synonym.
    public func nearLevel(_ name: String) -> String? {
        let key = TextCleaning.compact(name)
        let near = Set(frameworks.flatMap { framework in framework.nodes.flatMap { [$0.name] + $0.children.map(\.name) } }
            .filter { NearMatch.isOneOff(key, $0) })
        return near.count == 1 ? near.first : nil
    }

    public func unit(_ text: String) -> String? { units[TextCleaning.compact(text)] }

    public func nature(_ text: String) -> Nature? { natures[TextCleaning.compact(text)].flatMap(Nature.init(rawValue:)) }

    public func isQualitativeMarker(_ text: String) -> Bool {
        mapping.qualitativeMarkers.contains(TextCleaning.compact(text))
    }

    /// A range target ("90-95%" after number folding): its text and what follows it.
    public func range(_ text: String) -> (text: String, unit: String)? {
        for separator in mapping.rangeSeparators where text.containsBytes(of: separator) {
            let pattern = "^[0-9]+(\\.[0-9]+)?" + NSRegularExpression.escapedPattern(for: separator) + "[0-9]+(\\.[0-9]+)?"
            guard let match = text.firstMatch(of: pattern) else { continue }
            return (String(text[match]), String(text[match.upperBound...]))
        }
        return nil
    }

    /// Whether a cell reads as a numeric target: a number, after a comparator if any ("≥90%",
    /// "１００％", "不低于95").
    public func looksLikeTarget(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first(where: { !TextCleaning.isSpace($0) }),
              ("0"..."9").contains(first) || (0xFF10...0xFF19).contains(first.value) || comparatorInitials.contains(Character(first)) else { return false }
        var rest = Substring(NumberText.folded(TextCleaning.compact(text)))
        if let spelling = operatorSpellings.first(where: { rest.hasPrefix($0.written) }) { rest = rest.dropFirst(spelling.written.count) }
        let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        // A number with a short unit or word after it; a long text that opens with a number
        // ("1290.3平方米冷库仓储建设…") is a name.
        return digits.first?.isNumber == true && rest.count - digits.count <= 6
    }

    public func isPlaceholder(_ text: String) -> Bool {
        mapping.placeholders.contains(TextCleaning.compact(text))
    }

    public func op(_ text: String) -> Comparator? {
        let key = TextCleaning.compact(text)
        return operatorSpellings.first { $0.written == key }?.op
    }

    /// The framework name of a level name; `parent` is the (canonical) level-1 name for level 2.
    public func level(_ name: String, under parent: String? = nil) -> String? {
        if let variant = levelVariants[name]?.first(where: { $0.under == nil || $0.under == parent }) {
            // A name one of the frameworks has as it is written (满意度 in Hubei's department
            // framework) is that level, not a short form of another framework's.
            if variant.under == nil, isFrameworkLevel1(name) || isFrameworkLevel2(name) { return nil }
            return variant.canonical
        }
        // A score or remark after the name ("产出指标(50分)", "成本指标(0-20)分"): the name itself.
        guard Self.holdsOpeningBracket(name) else { return nil }
        for pattern in mapping.levelRemarks {
            let bare = name.replacingMatches(of: pattern, with: "")
            guard bare != name, !bare.isEmpty else { continue }
            return level(bare, under: parent) ?? (levelDepth(bare, under: parent) != nil ? bare : nil)
        }
        return nil
    }

    /// The unit's budget-system code and name in a cell such as "202001中共…本级".
    public func organization(_ text: String) -> (code: String, name: String)? {
        let range = NSRange(text.startIndex..., in: text)
        for pattern in mapping.organizationPatterns {
            guard let expression = Patterns.expression(pattern),
                  let match = expression.firstMatch(in: text, range: range),
                  let code = Range(match.range(withName: "code"), in: text),
                  let name = Range(match.range(withName: "name"), in: text) else { continue }
            return (String(text[code]), String(text[name]))
        }
        return nil
    }

    /// A budget stated in prose ("2021年安排区级财政资金6万元"): its amount and money unit.
    public func budgetInProse(_ text: String) -> (amount: Decimal, unit: String)? {
        let range = NSRange(text.startIndex..., in: text)
        for pattern in mapping.budgetInProse.patterns {
            guard let expression = Patterns.expression(pattern),
                  let match = expression.firstMatch(in: text, range: range),
                  let amount = Range(match.range(withName: "amount"), in: text).flatMap({ CanonicalNumber.parse(String(text[$0])) }),
                  let unit = Range(match.range(withName: "unit"), in: text) else { continue }
            return (amount, String(text[unit]))
        }
        return nil
    }

    public func marksDepartment(_ text: String) -> Bool {
        mapping.departmentMarkers.contains { text.containsBytes(of: $0) }
    }

    public func isGoalLabel(_ label: String) -> Bool {
        mapping.goalLabels.contains { label.firstMatch(of: $0) != nil }
    }

    /// The number in an amount, percentage or weight, with a unit the mapping knows after it
    /// ("21万元", "20%", "2.5分"); nil for anything else.
    public func amount(_ text: String) -> Decimal? {
        var compact = TextCleaning.compact(text).replacingOccurrences(of: ",", with: "")
        if let unit = mapping.units.map(\.written).filter({ compact.hasSuffix($0) && compact.count > $0.count }).max(by: { $0.count < $1.count }) {
            compact.removeLast(unit.count)
        }
        return CanonicalNumber.parse(compact)
    }

    /// 1 or 2 when the text names a level-1 or level-2 of a targeted framework (directly or
    /// through the mapping's level variants), else nil: how a row with merged cells left out is
    /// placed under the header.
    public func levelDepth(_ text: String, under parent: String? = nil) -> Int? {
        let name = TextCleaning.compact(text)
        guard !name.isEmpty else { return nil }
        let canonical = level(name, under: nil) ?? name
        // 成本指标 is a level 2 under 产出指标 in one framework and a level 1 in another.
        if let parent = parent.map({ level(TextCleaning.compact($0)) ?? TextCleaning.compact($0) }), parent != canonical {
            if frameworks.contains(where: { $0.level1(named: parent)?.children.contains { $0.matches(canonical) } == true }) { return 2 }
            // Under a level 1 no framework has (项目完成指标), a name that is a level 2 anywhere is one here.
            if !isFrameworkLevel1(parent), isFrameworkLevel2(canonical) { return 2 }
        }
        if isFrameworkLevel1(canonical) { return 1 }
        if isFrameworkLevel2(canonical) { return 2 }
        if let variant = levelVariants[name]?.first { return variant.under == nil ? nil : 2 }
        if mapping.otherLevels["level1"]?.contains(name) == true { return 1 }
        if mapping.otherLevels["level2"]?.contains(name) == true { return 2 }
        return nil
    }

    /// A level name, or a short label ending as level names do (项目完成指标) where no
    /// framework has it.
    public func looksLikeLevel(_ text: String) -> Bool {
        let name = TextCleaning.compact(text)
        if levelDepth(name) != nil { return true }
        return name.count <= 10 && mapping.levelEndings.contains { name.hasSuffix($0) && name.count > $0.count }
    }

    /// Every header spelling and every level name, longest first: how cells glued together
    /// with no separator ("产出指标数量指标覆盖率100%") are cut apart.
    public let headerSpellings: [String]
    /// Field labels long enough to be repaired when one character off.
    private let nearFieldKeys: [String]
    /// The length of the longest field label, in characters: a longer text before a colon is no label.
    let longestFieldLabel: Int
    /// Field labels of four characters or more by their first character, longest first.
    private let fieldKeysByInitial: [Character: [String]]
    /// The first characters of comparator spellings: a target starts with one or a digit.
    /// The first (last) character of each comparator spelling: a text starting (ending) with none
    /// of them starts (ends) with no comparator.
    let comparatorInitials: Set<Character>
    let comparatorFinals: Set<Character>
    /// The footer labels' patterns, compiled (looked up by pattern text on every row, they were hashed each time).
    private let footerExpressions: [NSRegularExpression]
    /// The header spellings by their first character (longest first): a line none of whose
    /// first characters is a key holds no header.
    public let headerSpellingsByInitial: [Character: [String]]
    public let levelSpellings: [String]
    /// Every comparator spelling, longest first.
    public let comparatorSpellings: [String]

    /// The level 1 a level-2 name stands under in the targeted frameworks, if one.
    public func parentLevel(of level2: String) -> String? {
        frameworks.lazy.compactMap { $0.level2(named: level2)?.parent.name }.first
    }

    /// Whether a (normalised) level name is in one of the targeted frameworks: level 1 where
    /// `parent` is nil, else level 2 under that level 1. Without frameworks every name is known.
    public func isKnownLevel(_ name: String, under parent: String? = nil) -> Bool {
        guard !frameworks.isEmpty else { return true }
        return frameworks.contains { framework in
            guard let parent else { return framework.level1(named: name) != nil }
            return framework.level1(named: parent)?.children.contains { $0.matches(name) } == true
        }
    }

    /// The numbering of a section heading ("一、", "（二）"), as the mapping's heading patterns
    /// find it, or nil.
    public func headingNumber(_ line: String) -> String? {
        let text = TextCleaning.trim(line)
        for pattern in mapping.headingNumbers {
            if let range = text.firstMatch(of: pattern) { return String(text[range]) }
        }
        return nil
    }

    /// A numbered section heading or a part heading (第二部分).
    public func isHeading(_ line: String) -> Bool {
        headingNumber(line) != nil || mapping.partHeadings.contains { TextCleaning.trim(line).firstMatch(of: $0) != nil }
    }

    /// Regular expressions opening a new filing.
    public func isFilingTitle(_ line: String) -> Bool {
        mapping.filingTitles.contains { line.firstMatch(of: $0) != nil }
    }

    public func isTableCaption(_ line: String) -> Bool {
        mapping.tableCaptions.contains { line.firstMatch(of: $0) != nil }
    }
}
