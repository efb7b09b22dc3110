import Foundation

/// The columns of one indicator table, recognised from its header rows through the mapping.
struct IndicatorColumns {
    enum Role: Equatable {
        /// A canonical indicator field: level1, level2, name, op, value, unit, nature,
        /// description, basis, scoring, weight, category.
        case field(String)
        /// A value of an earlier year, labelled by its header (前年, 上年).
        case prior(String)
        /// The column naming the table (长期绩效指标): empty in the data rows.
        case tableLabel
        /// A header no mapping knows: its cells are kept in the indicator's `extra`.
        case other
        /// The target of another period beside this one's: read by that period's columns.
        case otherPeriod
    }

    var roles: [Role]
    var headers: [String]
    var period: Period
    /// Header rows taken, from the first.
    var headerRowCount: Int

    var width: Int { roles.count }
    /// Columns up to the last one with a header text: empty trailing headers pad a row only.
    var namedWidth: Int { (headers.lastIndex { !$0.isEmpty } ?? -1) + 1 }

    /// The header opening `rows`: consecutive rows whose cells are all header names (a row may
    /// also hold unknown headers if most of its cells are known), merged into one leaf header per
    /// column (指标值 over 符号 / 值 / 单位). Nil when the rows do not head an indicator table
    /// (no 三级指标 column).
    static func recognise(_ rows: some Sequence<TextRow>, lookup: MappingLookup, log: inout TextDiagnostics) -> IndicatorColumns? {
        var headerRows: [TextRow] = []
        var firstBody: TextRow?
        for row in rows {
            let named = row.cells.filter { !$0.isBlank }
            let known = named.filter { lookup.header($0.label) != nil }.count
            // A row of headers; a few labels of other tables may stand among them (单位名称 |
            // 项目名称 | 预算数 | 一级指标 …) as long as the indicator columns are there.
            let namesIndicators = lookup.withFallbacks(named.map { lookup.header($0.label)?.role }).contains("name")
            guard !named.isEmpty, known == named.count || (known >= 3 && known * 2 > named.count)
                    || (namesIndicators && known >= 4 && known * 3 >= named.count)
                    || (namesIndicators && known >= 2 && named.count - known <= 1 && row.cells.count <= 4),
                  headerRows.last.map({ standsUnder(row, $0, lookup: lookup) }) ?? true else {
                firstBody = row
                break
            }
            headerRows.append(row)
        }
        guard headerRows.count >= 1,
              headerRows.map({ $0.cells.filter { !$0.isBlank }.count }).reduce(0, +) >= 3 else { return nil }
        let headerRowCount = headerRows.count
        if let joined = continuedSideways(headerRows, body: firstBody, lookup: lookup) { headerRows = joined }
        var leaves = headerRows[0].cells.map { Leaf(label: $0.label, parent: nil, line: $0.line) }
        for row in headerRows.dropFirst() { leaves = merge(leaves, row.cells) }

        var roles: [Role] = []
        var period = Period.annual
        // Reported only once the rows turn out to head an indicator table.
        var findings = TextDiagnostics(file: log.file, sheet: log.sheet, places: log.places)
        for row in headerRows {
            for cell in row.cells {
                if case let role? = lookup.header(cell.label)?.role, role.hasPrefix("table:"),
                   let named = Period(rawValue: String(role.dropFirst(6))) { period = named }
            }
        }
        var unknown: [Int] = []
        var spanning: (label: String, left: Int)?
        for (index, leaf) in leaves.enumerated() {
            // The columns a header spans past its first (评价指标 over two): kept under its name.
            if leaf.label.isEmpty, let span = spanning, span.left > 0 {
                spanning = (span.label, span.left - 1)
                leaves[index].label = span.label
                roles.append(.other)
                continue
            }
            spanning = lookup.headerSpan(leaf.label) > 1 ? (leaf.label, lookup.headerSpan(leaf.label) - 1) : nil
            let match = lookup.header(leaf.label) ?? leaf.parent.flatMap { lookup.header($0) }
            if let match, match.repaired {
                findings.warn("header-repaired", ["header": leaf.label, "role_field": "\(match.role)"], line: leaf.line, value: leaf.label)
            }
            switch match?.role {
            case "prior_value"?: roles.append(.prior(TextCleaning.compact(leaf.label)))
            case let role? where role.hasPrefix("table:"): roles.append(.tableLabel)
            case "other"?:
                roles.append(.other)
            case "group"? where lookup.header(leaf.label)?.role == "group":
                // A group label standing in a column of its own (绩效指标 down the left): it names
                // the table, it is no unknown column.
                roles.append(.tableLabel)
            case "group"?, nil:
                if !leaf.label.isEmpty || index < leaves.count - 1 { unknown.append(index) }
                roles.append(.other)
            case let role?: roles.append(.field(role))
            }
        }
        applyRepeats(&roles, leaves: leaves, lookup: lookup)
        repairCutHeaders(&roles, leaves: leaves, lookup: lookup, findings: &findings)
        for index in unknown where roles[index] == .other {
            findings.warn("unknown-column", ["header": leaves[index].label], line: leaves[index].line, value: leaves[index].label)
        }
        let fallen = lookup.withFallbacks(roles.map { if case .field(let field) = $0 { return field } else { return nil } })
        for (index, field) in fallen.enumerated() where field != nil && roles[index] != .field(field!) { roles[index] = .field(field!) }
        guard roles.contains(.field("name")) else { return nil }
        log.append(findings)
        return IndicatorColumns(roles: roles, headers: leaves.map(\.label), period: period, headerRowCount: headerRowCount)
    }

    /// Targets of two periods in two value columns beside one name (三级指标 | 年度目标值 |
    /// 实施周期目标值): the columns of each period, the other period's value left to it. Nil
    /// unless a second value column names its period.
    func byValuePeriod(lookup: MappingLookup) -> [IndicatorColumns]? {
        let values = roles.indices.filter { roles[$0] == .field("value") }
        guard values.count >= 2, values.contains(where: { lookup.valuePeriod(headers[$0]) != nil }) else { return nil }
        let variants = values.map { value in
            var variant = self
            for other in values where other != value { variant.roles[other] = .otherPeriod }
            variant.period = lookup.valuePeriod(headers[value]).flatMap(Period.init(rawValue:)) ?? period
            return variant
        }
        return Set(variants.map(\.period)).count == variants.count ? variants : nil
    }

    /// Whether a row of value headers (符号 | 值 | 单位, 2021年实际实现值 | 预期2022年实现值) starts
    /// under the value header above it, as a second header row does (the span it runs on under
    /// may be lost in text); one starting under other columns is no header row. Other rows are
    /// not judged here.
    private static func standsUnder(_ row: TextRow, _ above: TextRow, lookup: MappingLookup) -> Bool {
        let valueKinds: Set<String> = ["value", "prior_value", "op", "unit"]
        let cells = row.cells.enumerated().filter { !$0.element.isBlank }
        guard let first = cells.first?.offset,
              cells.allSatisfy({ lookup.header($0.element.label).map { valueKinds.contains($0.role) } ?? false }) else { return true }
        guard first < above.cells.count, !above.cells[first].isBlank else { return true }
        // A group over value columns (近两年指标值 over 前年 | 上年) too, but not the group label
        // down the table's left (绩效指标, in the first column).
        return lookup.header(above.cells[first].label).map { valueKinds.contains($0.role) || $0.role == "group" && first > 0 } ?? false
    }

    /// Two blocks side by side under one header (实施期 | 年度: 一级 二级 三级 指标值 二级 三级
    /// 指标值): the columns of each, the level-1 column shared. Nil for a table of one block.
    func sideBySide(periods: [Period]) -> (left: IndicatorColumns, right: IndicatorColumns, split: Int)? {
        let names = roles.indices.filter { roles[$0] == .field("name") }
        guard names.count == 2 else { return nil }
        // The right block starts at its first level-2 (or name) column after the first name.
        var split = names[1]
        while split - 1 > names[0], case .field(let field) = roles[split - 1], field == "level2" { split -= 1 }
        let level1 = roles.firstIndex(of: .field("level1"))
        var left = self
        left.roles = Array(roles[..<split])
        left.headers = Array(headers[..<split])
        var right = self
        right.roles = (level1.map { [roles[$0]] } ?? []) + roles[split...]
        right.headers = (level1.map { [headers[$0]] } ?? []) + headers[split...]
        left.period = periods.first ?? period
        right.period = periods.dropFirst().first ?? period
        return (left, right, split)
    }

    /// Header rows that are one row broken over lines (a web table's header cells holding line
    /// breaks: "… | 年度指标值 |" / "实际完成值 |" / "分值 | 得分 |"), joined side by side after
    /// the row naming the indicator columns. They are, when the body's rows are about as wide as
    /// all of them together and wider than that row, and they name no indicator column.
    private static func continuedSideways(_ rows: [TextRow], body: TextRow?, lookup: MappingLookup) -> [TextRow]? {
        guard rows.count >= 2, let body, !rows.contains(where: { $0.layout == .cellPerLine }) else { return nil }
        let indicatorColumns: Set<String> = ["level1", "level2", "name"]
        func roles(_ row: TextRow) -> Set<String> { Set(row.cells.compactMap { lookup.header($0.label)?.role }) }
        guard let main = rows.firstIndex(where: { roles($0).contains("name") }), main + 1 < rows.count,
              rows[(main + 1)...].allSatisfy({ roles($0).isDisjoint(with: indicatorColumns) }) else { return nil }
        func trimmed(_ row: TextRow) -> [TextCell] {
            var cells = row.cells
            while cells.last?.isBlank == true { cells.removeLast() }
            return cells
        }
        let bodyWidth = trimmed(body).count
        let first = trimmed(rows[main]).count
        let all = rows[main...].map { trimmed($0).count }.reduce(0, +)
        guard bodyWidth > first, abs(bodyWidth - all) < abs(bodyWidth - first) else { return nil }
        var joined = rows[main]
        joined.cells = rows[main...].flatMap(trimmed)
        joined.lastLine = rows.last!.lastLine
        return Array(rows[..<main]) + [joined]
    }

    private struct Leaf {
        var label: String
        var parent: String?
        var line: Int
    }

    /// Lays a lower header row under the leaves so far. A wider row splits one upper cell: the
    /// first named cell of the lower row is where that cell's span starts.
    private static func merge(_ leaves: [Leaf], _ cells: [TextCell]) -> [Leaf] {
        var upper = leaves
        if cells.count > upper.count, let start = cells.firstIndex(where: { !$0.isBlank }), start < upper.count {
            let split = upper[start]
            let extra = cells.count - upper.count
            upper.replaceSubrange(start...start, with: Array(repeating: split, count: extra + 1))
        }
        for (index, cell) in cells.enumerated() where index < upper.count && !cell.isBlank {
            upper[index] = Leaf(label: cell.label, parent: upper[index].label.isEmpty ? upper[index].parent : upper[index].label, line: cell.line)
        }
        return upper
    }

    /// A header whose first character was lost in extraction ("级指标" before 二级指标 and
    /// 三级指标): of the known headers it ends, the one column the table does not have yet.
    private static func repairCutHeaders(_ roles: inout [Role], leaves: [Leaf], lookup: MappingLookup, findings: inout TextDiagnostics) {
        for index in roles.indices where roles[index] == .other {
            let candidates = lookup.headersEnding(leaves[index].label).filter { !roles.contains(.field($0)) }
            guard candidates.count == 1, let field = candidates.first else { continue }
            roles[index] = .field(field)
            findings.warn("header-repaired", key: "header-repaired-first-character", ["header": leaves[index].label, "role_field": field],
                          line: leaves[index].line, value: leaves[index].label)
        }
    }

    /// A header written twice in a row (指标值 / 指标值) takes the fields the mapping lists.
    private static func applyRepeats(_ roles: inout [Role], leaves: [Leaf], lookup: MappingLookup) {
        var index = 0
        while index < leaves.count {
            let key = TextCleaning.compact(leaves[index].label)
            var end = index + 1
            while end < leaves.count, TextCleaning.compact(leaves[end].label) == key { end += 1 }
            if end - index > 1, let fields = lookup.mapping.repeatedColumns[key], fields.count == end - index {
                for (offset, field) in fields.enumerated() { roles[index + offset] = .field(field) }
            }
            index = end
        }
    }
}

/// Reads the data rows of one indicator table into indicators, carrying merged level-1 and
/// level-2 cells down.
struct IndicatorRows {
    let columns: IndicatorColumns
    let lookup: MappingLookup
    private var level1: Level?
    private var level2: Level?
    /// A level 1 found on a middle row of its group, for the rows read above it.
    var headsRowsAbove: Level?
    /// Columns no mapping names found to hold comparators (reported once each).
    private var comparatorColumns: Set<Int> = []
    /// Columns whose cells were kept under an indicator's extra.
    private(set) var usedColumns: Set<Int> = []
    /// Unknown level names already reported in this table, with their parent.
    private var reportedLevels: Set<[String]> = []

    /// A level name carried down the table, and whether an indicator stood under it yet.
    struct Level {
        var name: String
        var written: String
        var line: Int
        var used = false
    }

    init(columns: IndicatorColumns, lookup: MappingLookup) {
        self.columns = columns
        self.lookup = lookup
    }

    /// Whether a row belongs to the table body: not a labelled field (项目名称 …) after it, not a
    /// lone text that names no level; a cell-per-line row must be nearly as wide as the header.
    func isDataRow(_ row: TextRow) -> Bool {
        let named = row.cells.filter { !$0.isBlank }
        guard let first = named.first else { return false }
        if row.layout == .cellPerLine { return row.cells.count >= max(3, columns.width - 2) }
        if lookup.field(first.label) != nil, lookup.levelDepth(first.label) == nil { return false }
        if named.contains(where: { lookup.isTotal($0.label) }) || lookup.isFooter(first.label) { return false }
        return named.count >= 2 || lookup.looksLikeLevel(first.label)
    }

    /// The row laid under the header. Merged level cells are written once, so a row with fewer
    /// cells than the header lacks cells on the left (or a level 2 between its level 1 and its
    /// name): of the ways it could lie, the one whose cells fit their columns best is taken. A
    /// row longer than the header (cells of the next row run on, as web pages turned into text
    /// write them) is cut where the header ends and the rest placed as a row of its own. Rows a
    /// layout reader already laid out, and full rows, are taken as they are.
    func placed(_ row: TextRow) -> [TextRow] {
        var cells = row.cells
        while cells.last?.isBlank == true { cells.removeLast() }
        guard row.layout != .cellPerLine, !row.isLaidOut, let first = cells.first, !first.isBlank,
              let nameColumn = columns.roles.firstIndex(of: .field("name")) else { return [row] }
        let named = columns.namedWidth
        // A group label written in the body ("绩效指标" down the left) stands for no column.
        if lookup.header(first.label)?.role == "group" || lookup.header(first.label)?.role.hasPrefix("table:") == true,
           columns.roles.first != .other, cells.count > 1 {
            var rest = row
            rest.cells = Array(cells.dropFirst())
            return placed(rest)
        }
        if cells.count >= named && row.layout != .pipeCells { return [row] }
        let level1 = columns.roles.firstIndex(of: .field("level1"))
        let level2 = columns.roles.firstIndex(of: .field("level2"))
        func levelColumn(_ cell: TextCell) -> Int? {
            switch lookup.levelDepth(cell.label, under: levelContext) {
            case 1?: return level1
            case 2?: return level2
            default: return nil
            }
        }
        let blank = TextCell("", line: row.line)
        // A lone heading of a level no framework has (项目完成指标) stands under the level-1 column.
        if cells.count == 1, levelColumn(cells[0]) == nil, lookup.looksLikeLevel(cells[0].label), let level1 {
            var placed = row
            placed.cells = Array(repeating: blank, count: level1) + cells
            return [placed]
        }
        // Ways the row could lie under the header; the one whose cells fit their columns best
        // wins (a target under the value column, no number under the name column, level names
        // under level columns), the first of equals.
        var layouts: [[TextCell]] = []
        // The first cell naming a level stands under its level column.
        for (index, cell) in cells.enumerated().prefix(nameColumn + 1) where !cell.isBlank {
            guard let column = levelColumn(cell) else { continue }
            if column >= index { layouts.append(Array(repeating: blank, count: column - index) + cells) }
            break
        }
        // Level names under their columns, the rest from the name column on (a merged level 2
        // between them left out).
        let leading = cells.prefix { !$0.isBlank && levelColumn($0).map { $0 < nameColumn } == true }
        if !leading.isEmpty, leading.count < cells.count {
            var layout = Array(repeating: blank, count: nameColumn)
            for cell in leading { layout[levelColumn(cell)!] = cell }
            layouts.append(layout + cells.dropFirst(leading.count))
        }
        // Right-aligned under the header's named columns, never right of the name column.
        layouts.append(Array(repeating: blank, count: min(nameColumn, max(0, named - cells.count))) + cells)
        var best = layouts[0]
        for layout in layouts.dropFirst() where fit(layout) > fit(best) { best = layout }
        var placed = row
        placed.cells = Array(best.prefix(named))
        let rest = Array(best.dropFirst(named))
        guard !rest.isEmpty else { return [placed] }
        if row.layout == .pipeCells, rest.filter({ !$0.isBlank }).count >= 2 {
            var next = row
            next.cells = rest
            next.line = rest.first(where: { !$0.isBlank })?.line ?? row.line
            return [placed] + self.placed(next)
        }
        placed.cells += rest
        return [placed]
    }

    /// The level 1 the rows stand under, or the one the current level 2 belongs to in the
    /// frameworks (成本指标 after 时效指标 is a level 2, even with no level 1 written).
    private var levelContext: String? {
        level1?.name ?? level2.flatMap { lookup.parentLevel(of: $0.name) }
    }

    /// Takes the level 1 of the block beside this one (side-by-side blocks share it).
    mutating func follow(_ other: IndicatorRows) {
        guard let level = other.level1, level1?.name != level.name else { return }
        level1 = level
        level1?.used = true
        level2 = nil
    }

    /// How well cells laid under the header fit their columns.
    private func fit(_ layout: [TextCell]) -> Int {
        var score = 0
        for (column, cell) in layout.enumerated() where !cell.isBlank {
            guard column < columns.width else { score -= 1; continue }
            let target = lookup.looksLikeTarget(cell.label)
            switch columns.roles[column] {
            case .field("value"): score += target ? 2 : 0
            case .field("name"): score += target ? -2 : 0
            case .field("level1"), .field("level2"): score += lookup.levelDepth(cell.label) != nil ? 1 : (target ? -2 : 0)
            default: break
            }
        }
        return score
    }

    /// The indicator of a row, or nil for a heading row (only level names) or a blank one;
    /// a row with values but no name goes to `unplaced`.
    mutating func indicator(_ row: TextRow, log: inout TextDiagnostics, unplaced: inout [ExtraText]) -> Indicator? {
        var texts: [String: (text: String, line: Int)] = [:]
        var priors: [PriorValue] = []
        var extras: [ExtraText] = []
        for (index, cell) in row.cells.enumerated() {
            let role = index < columns.width ? columns.roles[index] : .other
            let header = index < columns.width ? columns.headers[index] : "column \(index + 1)"
            guard let text = cleaned(cell, role: role, log: &log) else { continue }
            switch role {
            case .field(let field): texts[field] = (text, cell.line)
            case .prior(let label): priors.append(PriorValue(label: label, value: CanonicalNumber.parse(text).map(TargetValue.number) ?? .text(text)))
            case .other where index < columns.width && texts["op"] == nil && !columns.roles.contains(.field("op"))
                    && (lookup.op(text) != nil || comparatorColumns.contains(index)):
                // A column no mapping names whose cell is a comparator (指标性质 "≥", 指标方向 "="):
                // the table's comparator column.
                texts["op"] = (text, cell.line)
                if !comparatorColumns.contains(index) {
                    comparatorColumns.insert(index)
                    log.note("comparator-column", ["header": header], line: cell.line, value: header)
                }
            case .otherPeriod:
                continue
            case .tableLabel, .other:
                usedColumns.insert(index)
                if index >= columns.width {
                    log.warn("extra-cell", [:], line: cell.line, value: text)
                }
                extras.append(ExtraText(label: header.isEmpty ? nil : header, text: text, source: log.position(cell.line)))
            }
        }
        var written: [String: String] = [:]
        if let text = texts["level1"] {
            let named = Level(name: knownLevel(text, log: &log), written: text.text, line: text.line)
            if level1 == nil, let level2, level2.used {
                // A merged level-1 cell written on a middle row of its group (a web page exports
                // a rowspan's text there): it names the rows above too, and the level 2 goes on.
                headsRowsAbove = named
                level1 = named
                log.note("level-from-middle-row", ["written": text.text], line: text.line, value: text.text)
            } else {
                keepUnused(&unplaced, log: &log)
                level1 = named
                level2 = nil
            }
            checkKnown(level1!, log: &log)
        }
        if let text = texts["level2"] {
            if let level2, !level2.used { keep(level2, as: "level2", in: &unplaced, log: &log) }
            level2 = Level(name: knownLevel(text, under: level1?.name, log: &log), written: text.text, line: text.line)
            checkKnown(level2!, under: level1?.name, depth: 2, log: &log)
        }
        guard let name = texts["name"]?.text else {
            let stray = texts.filter { !["level1", "level2"].contains($0.key) }
            if !stray.isEmpty || !extras.isEmpty || !priors.isEmpty {
                log.warn("row-without-name", [:], line: row.line)
                let cells = row.cells.map(\.text).filter { !$0.isEmpty }.joined(separator: " | ")
                unplaced.append(ExtraText(label: "indicator row without a name", text: cells, source: log.position(row.line)))
            }
            return nil
        }
        if let level1, level1.name != level1.written { written["level1"] = level1.written }
        if let level2, level2.name != level2.written { written["level2"] = level2.written }
        level1?.used = true
        level2?.used = true
        var indicator = Indicator(
            level1: level1?.name, level2: level2?.name, name: name, period: columns.period,
            description: texts["description"]?.text, basis: texts["basis"]?.text, scoring: texts["scoring"]?.text,
            priorValues: priors, category: texts["category"]?.text, extra: extras, source: log.position(row.line))
        var target = TargetParser(lookup: lookup)
        target.read(op: texts["op"], value: texts["value"], unit: texts["unit"], nature: texts["nature"], log: &log)
        // A comparator standing in a column no mapping names: not implied, but kept there.
        let opInOtherColumn = extras.contains { lookup.op($0.text) != nil }
        indicator.op = target.opImplied && opInOtherColumn ? nil : target.op
        indicator.value = target.value
        indicator.unit = target.unit
        indicator.nature = target.nature
        written.merge(target.written) { first, _ in first }
        if let weight = texts["weight"] {
            if let value = lookup.amount(weight.text) {
                indicator.weight = value
                if weight.text != CanonicalNumber.format(value) { written["weight"] = weight.text }
            } else {
                log.warn("weight-not-a-number", ["written": weight.text], line: weight.line, value: weight.text)
                indicator.extra.append(ExtraText(label: "weight", text: weight.text, source: log.position(weight.line)))
            }
        }
        indicator.written = written
        return indicator
    }

    /// The framework name of a written level name: through the mapping's variants, else the name
    /// itself, else (reported) the one framework name one character off.
    private func knownLevel(_ text: (text: String, line: Int), under parent: String? = nil, log: inout TextDiagnostics) -> String {
        if let mapped = lookup.level(text.text, under: parent) { return mapped }
        if lookup.isKnownLevel(text.text, under: parent) || lookup.levelDepth(text.text, under: parent) != nil { return text.text }
        guard let near = lookup.nearLevel(text.text) else { return text.text }
        log.warn("level-repaired", ["written": text.text, "name": near], line: text.line, value: text.text)
        return near
    }

    /// A level name neither in the targeted frameworks nor mapped onto one is kept as written and
    /// reported, never guessed.
    /// Reported once per table and name: a table writes a level name on every row it heads.
    private mutating func checkKnown(_ level: Level, under parent: String? = nil, depth: Int = 1, log: inout TextDiagnostics) {
        // A level 2 with no level 1 above it is known if any framework has it as a level 2.
        let known = parent == nil && depth == 2 ? lookup.levelDepth(level.name) != nil : lookup.isKnownLevel(level.name, under: parent)
        guard !known, reportedLevels.insert([parent ?? "", level.written]).inserted else { return }
        var values = ["written": level.written, "frameworks": lookup.mapping.frameworks.joined(separator: ", ")]
        values["parent"] = parent
        if level.name != level.written { values["name"] = level.name }
        let key = (level.name == level.written ? "unknown-level" : "unknown-level-read") + (parent == nil ? "" : "-under")
        log.warn("unknown-level", key: key, values, line: level.line, value: level.written)
    }

    /// At the end of the table: level names no indicator stood under go to `unplaced`.
    mutating func keepUnused(_ unplaced: inout [ExtraText], log: inout TextDiagnostics) {
        if let level2, !level2.used { keep(level2, as: "level2", in: &unplaced, log: &log) }
        if let level1, !level1.used { keep(level1, as: "level1", in: &unplaced, log: &log) }
        level1 = nil
        level2 = nil
    }

    private func keep(_ level: Level, as field: String, in unplaced: inout [ExtraText], log: inout TextDiagnostics) {
        log.warn("level-without-indicators", ["level_field": field, "written": level.written], line: level.line, value: level.written)
        unplaced.append(ExtraText(label: field, text: level.written, source: log.position(level.line)))
    }

    /// The cell's text as its field wants it (labels joined, running text by lines), with
    /// placeholders ("空", full-width blanks) read as empty and extraction spaces removed.
    private func cleaned(_ cell: TextCell, role: IndicatorColumns.Role, log: inout TextDiagnostics) -> String? {
        let isRunningText: Bool
        switch role {
        case .field(let field): isRunningText = ["value", "description", "basis", "scoring"].contains(field)
        default: isRunningText = true
        }
        let raw = isRunningText ? cell.text : cell.label
        guard !raw.isEmpty, !lookup.isPlaceholder(raw) else { return nil }
        let repaired = TextCleaning.removingSpacesInWords(raw)
        if repaired != raw {
            log.warn("spaces-removed", ["written": raw, "read": repaired], line: cell.line, value: raw)
        }
        return repaired
    }
}
