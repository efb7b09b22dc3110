import Foundation

/// Builds filings from the blocks of a text: labelled fields (in numbered sections, "label：value"
/// lines or label cells), spend plans, goals, department project lists and indicator tables.
/// A text may hold several filings; a filing title line, a second table of the same period or a
/// project's code after a finished table starts the next one. Whatever finds no field is kept
/// in the filing's `extra` with its line.
struct TextFilingAssembler {
    let lookup: MappingLookup
    var log: TextDiagnostics
    private var filings: [Filing] = []
    private var draft: Draft

    /// A filing being read, with the reading state that belongs to it.
    private struct Draft {
        var filing = Filing(kind: .project)
        var isDepartment = false
        var hasFields = false
        var periods: Set<Period> = []
        /// The field the paragraphs under a heading belong to (nil: to `extra`, under `heading`).
        var section: (field: String?, heading: String)? { didSet { sectionIsLabelled = false } }
        /// Whether the section's lines are labelled fields of other fields ("单位名称：…" under
        /// 三、项目实施单位): a line there with a label no mapping knows is not the section's text.
        var sectionIsLabelled = false
        /// The field of the last row's label cell, for rows continuing it with an empty first cell.
        var rowGroup: String?
        /// Fields by column, from a row of labels, for the row of values below it.
        var columnFields: [String?]?
        var columnLabels: [String] = []
        /// The years of a funds table's prior-year columns, and the group its lines are in.
        var fundYears: [String] = []
        var fundGroup: String?
        /// Budgets stated in the prose of the fields that may state one, by field: the first each.
        var budgetsInProse: [String: (amount: Decimal, unit: String, text: String, line: Int)] = [:]

        /// The line the title was read from, and how much of `extra` had been read before it:
        /// where it goes in `extra`, in reading order, if another title replaces it.
        var titleLine: Int?
        var titleAt = 0
        /// A line that was only a year, taken as the filing's (its text, line and place in `extra`
        /// as for the title).
        var yearLine: (text: String, line: Int, at: Int)?

        var isEmpty: Bool { !hasFields && filing.indicators.isEmpty && filing.title == nil }
        /// Whether it holds anything of a filing's own: a field or an indicator (not only a title
        /// and text no field took).
        var holdsFiling: Bool { hasFields || !filing.indicators.isEmpty }
    }

    init(lookup: MappingLookup, file: String, sheet: String? = nil, places: [SourcePosition]? = nil) {
        self.lookup = lookup
        self.log = TextDiagnostics(file: file, sheet: sheet, places: places)
        self.draft = Draft()
    }

    /// Reads the blocks into filings; each block is let go of once read (memory then holds the
    /// filings and the blocks still to come, not both in full).
    mutating func read(_ blocks: inout [TextBlock]) -> [Filing] {
        take(&blocks)
        return finish()
    }

    /// Reads the blocks of one part of a text; the filing being read goes on into the next part.
    mutating func take(_ blocks: inout [TextBlock]) {
        var index = 0
        while index < blocks.count {
            let start = index
            switch blocks[index] {
            case .paragraph(let text, let line):
                paragraph(text, line: line)
                index += 1
            case .row(let row):
                if let how = row.recoveredAs { log.note("layout-recovered", how.values, line: row.line, value: how.text(in: .en)) }
                // The rows from here on, read only as far as a table needs them.
                let run = blocks[index...].lazy
                    .prefix { if case .row = $0 { return true } else { return false } }
                    .compactMap { block -> TextRow? in if case .row(let row) = block { return row } else { return nil } }
                if let columns = IndicatorColumns.recognise(run, lookup: lookup, log: &log) {
                    index += table(columns, rows: run)
                } else {
                    self.row(row)
                    index += 1
                }
            }
            for done in start..<index { blocks[done] = .paragraph("", line: 0) }
        }
    }

    /// The filings read, once every part is taken.
    mutating func finish() -> [Filing] {
        if draft.holdsFiling || filings.isEmpty {
            finishFiling()
        } else {
            keepTrailingText()
        }
        inheritFiscalYear()
        return filings
    }

    /// Filings of one document share its budget year: one that states none (a project table
    /// after the department's part) takes the year the document states first, with a note.
    private mutating func inheritFiscalYear() {
        guard let stated = filings.first(where: { $0.fiscalYear != nil }) else { return }
        for index in filings.indices where filings[index].fiscalYear == nil {
            filings[index].fiscalYear = stated.fiscalYear
            log.note(
                "fiscal-year-from-document", ["year": stated.fiscalYear!],
                line: filings[index].source?.line ?? 1, value: stated.fiscalYear)
        }
    }

    // MARK: - Filings

    private mutating func finishFiling() {
        guard !draft.isEmpty || !draft.filing.extra.isEmpty else { return }
        var filing = draft.filing
        let title = filing.title ?? ""
        // Titles read before the filing's own (a page's) say nothing of its kind, but may give its year.
        let earlierTitles = filing.extra.reversed().filter { $0.label == Self.titleLabel }.map(\.text)
        let mentionsDepartment = lookup.marksDepartment(title)
            || filing.extra.contains { $0.label != Self.titleLabel && lookup.marksDepartment($0.text) }
        filing.kind = draft.isDepartment || (filing.project == nil && mentionsDepartment) ? .department : .project
        if filing.fiscalYear == nil { filing.fiscalYear = year(inTitles: [title] + earlierTitles) }
        if filing.kind == .project { takeBudgetFromProse(&filing) }
        // Held to the end of a long text: without the room arrays keep for growing.
        filing.indicators = filing.indicators.withUnsafeBufferPointer { Array($0) }
        filing.extra = filing.extra.withUnsafeBufferPointer { Array($0) }
        filings.append(filing)
        draft = Draft()
    }

    /// A project with no budget field whose prose states its budget ("2021年安排区级财政资金6万元"):
    /// that amount is its budget, in the first field the mapping lists that states one; reported.
    private mutating func takeBudgetFromProse(_ filing: inout Filing) {
        let stated = draft.budgetsInProse
        guard filing.project?.budget?.total == nil,
              let field = lookup.mapping.budgetInProse.fields.first(where: { stated[$0] != nil }), let found = stated[field]
        else { return }
        let amount = "\(CanonicalNumber.format(found.amount)) \(found.unit)"
        guard filing.amountUnit == nil || filing.amountUnit == found.unit else {
            log.note("budget-in-prose-not-taken", ["amount": amount, "amount_unit": filing.amountUnit!],
                     line: found.line, value: found.text)
            return
        }
        var project = filing.project ?? Project()
        var budget = project.budget ?? Budget()
        budget.total = found.amount
        project.budget = budget
        filing.project = project
        filing.amountUnit = found.unit
        log.note("budget-from-prose", ["amount": amount, "field": field, "text": found.text],
                 line: found.line, value: found.text)
    }

    /// A filing title starts the next filing, unless the one being read has no field and no
    /// indicator yet: what it holds so far (a page's title, a publisher's line, a form's caption
    /// above its own title) is the preamble of the filing the new title names, and stays in it
    /// (an earlier title in `extra`, labelled as one).
    private mutating func startFiling(at line: Int) {
        if draft.holdsFiling { finishFiling() }
        if draft.filing.source == nil { draft.filing.source = log.position(line) }
    }

    /// Text after the last filing that starts none of its own (a signature and date, an
    /// attachment's title with nothing under it) stays with that filing, in its `extra`, in the
    /// order it was read; a year it states is the filing's when the filing states none.
    private mutating func keepTrailingText() {
        var trailing = draft.filing.extra
        var taken: [(at: Int, line: Int, item: ExtraText)] = []
        if let title = draft.filing.title, let line = draft.titleLine {
            taken.append((draft.titleAt, line, ExtraText(label: Self.titleLabel, text: title, source: log.position(line))))
        }
        if let year = draft.yearLine {
            taken.append((year.at, year.line, ExtraText(label: nil, text: year.text, source: log.position(year.line))))
        }
        // The later first, so that each goes in where it was read.
        for kept in taken.sorted(by: { ($0.at, $0.line) > ($1.at, $1.line) }) { trailing.insert(kept.item, at: kept.at) }
        let last = filings.count - 1
        if filings[last].fiscalYear == nil,
           let year = draft.filing.fiscalYear ?? year(inTitles: draft.filing.title.map { [$0] } ?? []) {
            filings[last].fiscalYear = year
            log.note("fiscal-year-from-document", ["year": year], line: draft.yearLine?.line ?? draft.titleLine ?? 1, value: year)
        }
        filings[last].extra.append(contentsOf: trailing)
        draft = Draft()
    }

    /// The label of a title kept in `extra` (one a later title replaced, or one after the last filing).
    private static let titleLabel = "title"

    /// The year the first of these titles states, if any does.
    private func year(inTitles titles: [String]) -> String? {
        for title in titles {
            if let range = title.firstMatch(of: lookup.mapping.years.inTitle) { return String(title[range]) }
        }
        return nil
    }

    private mutating func keep(_ text: String, label: String? = nil, line: Int) {
        if draft.filing.source == nil { draft.filing.source = log.position(line) }
        draft.filing.extra.append(ExtraText(label: label, text: text, source: log.position(line)))
    }

    // MARK: - Paragraphs

    private mutating func paragraph(_ raw: String, line: Int) {
        let unmarked = TextCleaning.removingBookmarks(raw)
        if unmarked != raw { log.note("bookmark-removed", [:], line: line, value: raw) }
        let text = TextCleaning.trim(unmarked)
        guard !text.isEmpty else { return }
        if draft.filing.source == nil { draft.filing.source = log.position(line) }

        if lookup.headingNumber(text) == nil, lookup.isFilingTitle(text) {
            startFiling(at: line)
            setTitle(text, line: line)
            return
        }
        if lookup.isTableCaption(text) {
            // It announces the next table and ends the section before it.
            keep(text, line: line)
            draft.section = nil
            return
        }
        if lookup.isHeading(text) {
            let number = lookup.headingNumber(text) ?? ""
            let heading = TextCleaning.trim(String(text.dropFirst(number.count)))
            if let field = lookup.field(heading) {
                draft.section = (field, heading)
            } else if let near = lookup.nearField(heading) {
                log.warn("label-repaired", key: "heading-repaired", ["written": heading, "label": near.label], line: line, value: heading)
                draft.section = (near.field, heading)
            } else {
                keep(text, line: line)
                draft.section = (nil, heading)
            }
            return
        }
        if let field = lookup.field(text) {
            draft.section = (field, text)
            return
        }
        if let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }) {
            let label = String(text[..<colon])
            let value = TextCleaning.trim(String(text[text.index(after: colon)...]))
            if let field = lookup.field(label) {
                assign(field, value, label: label, line: line)
                markLabelledSection(field)
                return
            }
            if let near = lookup.nearField(label) {
                log.warn("label-repaired", ["written": label, "label": near.label], line: line, value: label)
                assign(near.field, value, label: label, line: line)
                markLabelledSection(near.field)
                return
            }
            if draft.sectionIsLabelled, let section = draft.section, TextCleaning.compact(label).count <= lookup.longestFieldLabel {
                log.warn("unknown-label", ["label": label, "heading": section.heading],
                         line: line, value: label)
                keep(text, label: section.heading, line: line)
                return
            }
        }
        if let prefix = lookup.fieldPrefix(text) {
            if let known = prefix.repaired {
                log.warn("label-repaired", key: "label-repaired-unseparated", ["written": prefix.label, "label": known], line: line, value: text)
            }
            // Two labels run together (总体目标年度目标): a group's header and its column's, whose
            // text follows on the next lines. The second is no value: it names the field.
            if let inner = lookup.field(prefix.rest) {
                log.note("labels-glued", ["label": prefix.label, "inner": prefix.rest], line: line, value: text)
                draft.section = (inner, prefix.rest)
                return
            }
            if prefix.repaired == nil {
                log.warn("label-without-separator", ["label": prefix.label], line: line, value: text)
            }
            assign(prefix.field, prefix.rest, label: prefix.label, line: line)
            return
        }
        if draft.filing.title == nil && draft.isEmpty && draft.section?.field == nil {
            setTitle(text, line: line)
            return
        }
        if let section = draft.section {
            if let field = section.field {
                assign(field, text, label: section.heading, line: line, appending: true)
            } else {
                keep(text, label: section.heading, line: line)
            }
            return
        }
        if let year = text.firstMatch(of: lookup.mapping.years.alone).map({ String(text[$0]) }),
                  draft.filing.fiscalYear == nil {
            draft.filing.fiscalYear = String(year.filter(\.isNumber))
            draft.yearLine = (text, line, draft.filing.extra.count)
        } else {
            keep(text, line: line)
        }
    }

    /// A labelled line under a heading that fills another field than the heading's: the
    /// section's lines describe its subject field by field.
    private mutating func markLabelledSection(_ field: String) {
        if let section = draft.section, let own = section.field, own != field { draft.sectionIsLabelled = true }
    }

    private mutating func setTitle(_ text: String, line: Int) {
        if let title = draft.filing.title {
            // Where it was read among the kept text, not after what came since.
            let kept = ExtraText(label: Self.titleLabel, text: title, source: log.position(draft.titleLine ?? line))
            draft.filing.extra.insert(kept, at: min(draft.titleAt, draft.filing.extra.count))
            if let year = draft.yearLine, year.line > draft.titleLine ?? line { draft.yearLine?.at += 1 }
        }
        draft.filing.title = text
        draft.titleLine = line
        draft.titleAt = draft.filing.extra.count
        draft.section = nil
    }

    // MARK: - Rows outside indicator tables

    private mutating func row(_ row: TextRow) {
        let cells = row.cells.filter { !$0.isBlank && !lookup.isPlaceholder($0.label) }
        guard !cells.isEmpty else { return }
        if draft.filing.source == nil { draft.filing.source = log.position(row.line) }
        draft.section = nil
        let fields = row.cells.map { lookup.field($0.label) ?? lookup.checkpoint($0.label).map { "spend_plan.\($0)" } }

        // A project's identity after a finished table opens the next filing.
        if !draft.filing.indicators.isEmpty, fields.contains(where: { $0 == "project.name" || $0 == "project.code" }) {
            finishFiling()
            draft.filing.source = log.position(row.line)
        }
        if row.cells.first?.isBlank == true, let columnFields = draft.columnFields {
            valuesRow(row, fields: columnFields)
            return
        }
        draft.columnFields = nil
        if let first = fields.first, first == "department.funds" {
            draft.rowGroup = first
            draft.fundYears = []
            draft.fundGroup = nil
            // The columns are read by position (item, amount, share, prior years): check the header says so.
            let headers = row.cells.dropFirst().filter { !$0.isBlank }
            let roles = headers.map { lookup.fundColumn($0.label) }
            if roles != ["item", "amount", "share", "prior_years"] {
                log.warn("unknown-fund-columns", [:], line: row.line)
                keep(headers.map(\.text).joined(separator: " | "), label: "funds header", line: row.line)
            }
            return
        }
        if draft.rowGroup == "department.funds", row.cells.first?.isBlank == true {
            fundLine(row)
            return
        }
        if let first = fields.first, first == "department.projects" {
            draft.rowGroup = first
            draft.columnLabels = row.cells.dropFirst().map(\.label)
            return
        }
        if draft.rowGroup == "department.projects", row.cells.first?.isBlank == true {
            departmentProject(row)
            return
        }
        // A row of labels (资金支出计划 | 3月底 | 6月底 …): the values stand in the row below.
        let labelled = fields.dropFirst().filter { $0 != nil }.count
        if fields.first != nil, labelled >= 2, labelled == row.cells.dropFirst().filter({ !$0.isBlank }).count {
            draft.columnFields = fields.enumerated().map { $0.offset == 0 ? nil : $0.element }
            draft.columnLabels = row.cells.map(\.label)
            draft.rowGroup = fields.first!
            return
        }
        labelledCells(row, fields: fields)
    }

    /// Label, value, label, value …; a label followed by another label heads the row's group.
    private mutating func labelledCells(_ row: TextRow, fields: [String?]) {
        var unplaced: [String] = []
        var index = 0
        let named = row.cells.filter { !$0.isBlank }
        // One lone text continues the group above (a cell-per-line row whose label cell was empty).
        let continuesGroup = named.count == 1 && fields.allSatisfy { $0 == nil }
            && (row.cells.count == 1 || row.cells[0].isBlank)
        if row.cells.first?.isBlank == false && !continuesGroup { draft.rowGroup = fields.first ?? nil }
        let group = draft.rowGroup
        while index < row.cells.count {
            let cell = row.cells[index]
            if cell.isBlank { index += 1; continue }
            if let field = fields[index] {
                let next = index + 1 < row.cells.count ? row.cells[index + 1] : nil
                if field == "goals.items", let label = next, lookup.isGoalLabel(label.label), index + 2 < row.cells.count {
                    addGoal(label: label.label, text: row.cells[index + 2].text, line: label.line)
                    index += 3
                } else if let next, fields[index + 1] == nil {
                    if !next.isBlank && !lookup.isPlaceholder(next.label) { assign(field, next.text, label: cell.label, line: next.line) }
                    index += 2
                } else {
                    index += 1
                }
                continue
            }
            if group == "goals.items", lookup.isGoalLabel(cell.label), index + 1 < row.cells.count {
                addGoal(label: cell.label, text: row.cells[index + 1].text, line: cell.line)
                index += 2
                continue
            }
            if draft.filing.organization?.code == nil, let unit = lookup.organization(cell.text) {
                assign("organization.code", unit.code, label: nil, line: cell.line)
                assign("organization.name", unit.name, label: nil, line: cell.line)
            } else if let colon = cell.label.firstIndex(where: { $0 == "：" || $0 == ":" }),
               let field = lookup.field(String(cell.label[..<colon])) {
                assign(field, String(cell.label[cell.label.index(after: colon)...]), label: String(cell.label[..<colon]), line: cell.line)
            } else if continuesGroup, let group {
                assign(group, cell.text, label: nil, line: cell.line, appending: true)
            } else if !lookup.isPlaceholder(cell.label) {
                unplaced.append(cell.text)
            }
            index += 1
        }
        if !unplaced.isEmpty { keep(unplaced.joined(separator: " | "), line: row.line) }
    }

    private mutating func valuesRow(_ row: TextRow, fields: [String?]) {
        var unplaced: [String] = []
        for (index, cell) in row.cells.enumerated() where !cell.isBlank && !lookup.isPlaceholder(cell.label) {
            if index < fields.count, let field = fields[index] {
                assign(field, cell.text, label: draft.columnLabels[index], line: cell.line)
            } else {
                unplaced.append(cell.text)
            }
        }
        if !unplaced.isEmpty { keep(unplaced.joined(separator: " | "), line: row.line) }
        draft.columnFields = nil
    }

    private mutating func departmentProject(_ row: TextRow) {
        var project = DepartmentProject(name: "")
        var unplaced: [String] = []
        for (index, cell) in row.cells.dropFirst().enumerated() where !cell.isBlank {
            let column = index < draft.columnLabels.count ? lookup.departmentProjectColumn(draft.columnLabels[index]) : nil
            switch column {
            case "name": project.name = cell.text
            case "category": project.category = cell.text
            case "total_budget": project.totalBudget = amount(cell.text, line: cell.line)
            case "annual_budget": project.annualBudget = amount(cell.text, line: cell.line)
            case "purpose": project.purpose = cell.text
            default: unplaced.append(cell.text)
            }
        }
        if !unplaced.isEmpty { keep(unplaced.joined(separator: " | "), label: "project list", line: row.line) }
        guard !project.name.isEmpty else { return }
        draft.isDepartment = true
        draft.hasFields = true
        var department = draft.filing.department ?? Department()
        department.projects.append(project)
        draft.filing.department = department
    }

    /// A line of a funds table: [group] item, amount, share, then one amount per prior year;
    /// a row of years alone heads the prior-year columns.
    private mutating func fundLine(_ row: TextRow) {
        let cells = row.cells.dropFirst().map { lookup.isPlaceholder($0.label) ? "" : $0.label }
        let years = cells.filter { !$0.isEmpty }
        if !years.isEmpty, years.allSatisfy({ $0.firstMatch(of: lookup.mapping.years.column) != nil }) {
            draft.fundYears = years.map { String($0.prefix(4)) }
            return
        }
        let valueCount = 2 + draft.fundYears.count
        guard cells.count >= valueCount + 1 else {
            keep(row.cells.map(\.text).filter { !$0.isEmpty }.joined(separator: " | "), label: "funds", line: row.line)
            return
        }
        let values = Array(cells.suffix(valueCount))
        let written = cells[cells.count - valueCount - 1]
        let item = TextCleaning.removingSpacesInWords(written)
        if item != written {
            log.warn("spaces-removed", ["written": written, "read": item], line: row.line, value: written)
        }
        for label in cells.prefix(cells.count - valueCount - 1) where !label.isEmpty {
            if let group = lookup.fundGroup(label) {
                draft.fundGroup = group
            } else {
                let groups = lookup.mapping.fundGroups.map(\.written).joined(separator: ", ")
                log.warn("unknown-fund-group", ["label": label, "groups": groups], line: row.line, value: label)
                keep(label, label: "funds", line: row.line)
            }
        }
        guard let group = draft.fundGroup, !item.isEmpty else {
            keep(row.cells.map(\.text).filter { !$0.isEmpty }.joined(separator: " | "), label: "funds", line: row.line)
            return
        }
        func number(_ text: String) -> Decimal? { text.isEmpty ? nil : amount(text, line: row.line) }
        let line = FundLine(
            item: item, amount: number(values[0]), share: number(values[1]),
            priorYears: zip(draft.fundYears, values.dropFirst(2)).map { YearAmount(year: $0, amount: number($1)) })
        var department = draft.filing.department ?? Department()
        if group == "income" { department.income.append(line) } else { department.expenses.append(line) }
        draft.filing.department = department
        draft.isDepartment = true
        draft.hasFields = true
    }

    private mutating func addGoal(label: String?, text: String, line: Int) {
        var goals = draft.filing.goals ?? Goals()
        goals.items.append(Goal(label: label, text: text))
        draft.filing.goals = goals
        draft.hasFields = true
    }

    // MARK: - Fields

    /// Puts a value into the field a label named; a field already filled keeps its first value
    /// and the new one goes to `extra` (unless `appending` continues a section's text).
    private mutating func assign(_ field: String, _ value: String, label: String?, line: Int, appending: Bool = false) {
        let text = TextCleaning.trim(value)
        guard !text.isEmpty else { return }
        draft.hasFields = true
        var filing = draft.filing
        var conflict = false
        func put(_ slot: inout String?) {
            if slot == nil { slot = text } else if appending { slot! += "\n" + text } else { conflict = true }
        }
        func putNumber(_ slot: inout Decimal?) {
            guard let number = amount(text, line: line) else { conflict = true; return }
            if slot == nil { slot = number } else { conflict = true }
        }
        let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "project":
            var project = filing.project ?? Project()
            switch parts[1] {
            case "name": put(&project.name)
            case "code": put(&project.code)
            case "basis": put(&project.basis)
            case "overview": put(&project.overview)
            case "content": put(&project.content)
            case "plan": put(&project.plan)
            case "expected_results": put(&project.expectedResults)
            case "funds_usage": put(&project.fundsUsage)
            case "category": put(&project.category)
            case "implementing_unit": put(&project.implementingUnit)
            default: conflict = true
            }
            filing.project = project
        case "budget":
            var project = filing.project ?? Project()
            var budget = project.budget ?? Budget()
            switch parts[1] {
            case "total": putNumber(&budget.total)
            case "fiscal": putNumber(&budget.fiscal)
            default: putNumber(&budget.other)
            }
            project.budget = budget
            filing.project = project
        case "spend_plan":
            var project = filing.project ?? Project()
            var plan = project.spendPlan ?? SpendPlan()
            switch parts.count > 1 ? parts[1] : "" {
            case "march": putNumber(&plan.march)
            case "june": putNumber(&plan.june)
            case "october": putNumber(&plan.october)
            case "december": putNumber(&plan.december)
            default: conflict = true
            }
            project.spendPlan = plan
            filing.project = project
        case "organization":
            var organization = filing.organization ?? Organization()
            switch parts[1] {
            case "name": put(&organization.name)
            case "code": put(&organization.code)
            case "credit_code": put(&organization.creditCode)
            case "address": put(&organization.address)
            case "phone": put(&organization.phone)
            case "contact_person": put(&organization.contactPerson)
            case "legal_representative": put(&organization.legalRepresentative)
            case "funding_source": put(&organization.fundingSource)
            case "overview": put(&organization.overview)
            default: put(&organization.preparer)
            }
            filing.organization = organization
        case "department":
            var department = filing.department ?? Department()
            if parts[1] == "functions" { put(&department.functions) } else if parts[1] == "annual_tasks" { put(&department.annualTasks) } else { conflict = true }
            filing.department = department
            draft.isDepartment = true
        case "goals":
            var goals = filing.goals ?? Goals()
            let period = label.flatMap(periodRemark)
            switch parts[1] {
            case "long_term", "annual":
                var goal = (parts[1] == "annual" ? goals.annual : goals.longTerm) ?? Goal(period: period, text: "")
                if goal.text.isEmpty { goal.text = text } else if appending { goal.text += "\n" + text } else { conflict = true }
                if parts[1] == "annual" { goals.annual = goal } else { goals.longTerm = goal }
            default:
                goals.items.append(Goal(text: text))
            }
            filing.goals = goals
        case "amount_unit":
            put(&filing.amountUnit)
        default:
            conflict = true
        }
        if conflict {
            keep(text, label: label ?? field, line: line)
        } else {
            draft.filing = filing
            if draft.budgetsInProse[field] == nil, lookup.mapping.budgetInProse.fields.contains(field),
               let found = lookup.budgetInProse(text) {
                draft.budgetsInProse[field] = (found.amount, found.unit, text, line)
            }
        }
    }

    /// "(2021年-2023年)" in "总体目标(2021年-2023年)", "截止2026年" in "长期目标（截止2026年）".
    private func periodRemark(_ label: String) -> String? {
        guard let range = label.firstMatch(of: "[（(][^）)]*[）)]") else { return nil }
        let remark = String(label[range].dropFirst().dropLast())
        return remark.firstMatch(of: lookup.mapping.years.period) != nil ? remark : nil
    }

    /// An amount or percentage: "3.60", "20%", "406.95", "21万元".
    private mutating func amount(_ text: String, line: Int) -> Decimal? {
        guard let number = lookup.amount(text) else {
            log.warn("not-a-number", ["written": text], line: line, value: text)
            return nil
        }
        return number
    }

    // MARK: - Indicator tables

    /// Reads an indicator table from the start of `rows`; returns how many rows it took.
    private mutating func table(_ columns: IndicatorColumns, rows: some Sequence<TextRow>) -> Int {
        if draft.periods.contains(columns.period) { finishFiling() }
        var taken = 0
        var unplaced: [ExtraText] = []
        // Two blocks side by side read as two tables over the same rows: each row is cut in
        // halves (the right half takes the level 1 of the left).
        let blocks = columns.sideBySide(periods: lookup.mapping.sideBySidePeriods.compactMap(Period.init(rawValue:)))
        // Targets of two periods beside one name: each row read once per period.
        let periods = blocks == nil ? columns.byValuePeriod(lookup: lookup) : nil
        var readers = blocks.map { [IndicatorRows(columns: $0.left, lookup: lookup), IndicatorRows(columns: $0.right, lookup: lookup)] }
            ?? periods?.map { IndicatorRows(columns: $0, lookup: lookup) }
            ?? [IndicatorRows(columns: columns, lookup: lookup)]
        let tableStart = draft.filing.indicators.count
        var firstLine = 0
        for row in rows {
            if taken == 0 { firstLine = row.line }
            if taken >= columns.headerRowCount {
                guard readers[0].isDataRow(row) else { break }
            }
            taken += 1
            if taken <= columns.headerRowCount { continue }
            let parts = blocks.map { halves(of: row, split: $0.split, width: columns.namedWidth) } ?? Array(repeating: row, count: readers.count)
            for (index, part) in parts.enumerated() {
                if index > 0 { readers[index].follow(readers[0]) }
                for piece in readers[index].placed(part) {
                    guard let indicator = readers[index].indicator(piece, log: &log, unplaced: &unplaced) else { continue }
                    if let level = readers[index].headsRowsAbove {
                        for position in draft.filing.indicators.indices.dropFirst(tableStart).reversed() {
                            guard draft.filing.indicators[position].level1 == nil else { break }
                            draft.filing.indicators[position].level1 = level.name
                            if level.name != level.written { draft.filing.indicators[position].written["level1"] = level.written }
                        }
                        readers[index].headsRowsAbove = nil
                    }
                    draft.filing.indicators.append(indicator)
                }
            }
        }
        for index in readers.indices { readers[index].keepUnused(&unplaced, log: &log) }
        // Headers of columns no mapping names whose cells were all empty: kept all the same.
        for (index, role) in columns.roles.enumerated() where role == .other && !columns.headers[index].isEmpty
            && !readers.contains(where: { $0.usedColumns.contains(index) }) {
            unplaced.append(ExtraText(label: "column", text: columns.headers[index], source: log.position(firstLine)))
        }
        if blocks != nil {
            // The rows of each period together, the first block's first.
            let read = Array(draft.filing.indicators[tableStart...])
            let ordered = read.filter { $0.period == blocks!.left.period } + read.filter { $0.period != blocks!.left.period }
            draft.filing.indicators.replaceSubrange(tableStart..., with: ordered)
            draft.periods.insert(blocks!.right.period)
        } else if let periods {
            let read = Array(draft.filing.indicators[tableStart...])
            var order: [Period] = []
            for variant in periods where !order.contains(variant.period) { order.append(variant.period) }
            draft.filing.indicators.replaceSubrange(tableStart..., with: order.flatMap { period in read.filter { $0.period == period } })
            for variant in periods { draft.periods.insert(variant.period) }
        }
        if draft.filing.source == nil { draft.filing.source = log.position(firstLine) }
        draft.periods.insert(columns.period)
        draft.section = nil
        draft.columnFields = nil
        draft.filing.extra += unplaced
        if draft.filing.indicators.isEmpty {
            log.warn("empty-indicator-table", [:], line: firstLine)
        }
        return taken
    }

    /// A row of a side-by-side table cut in two: a full row at the split column; a short one
    /// (merged cells left out on both sides) in halves, the right half no longer than the left.
    private func halves(of row: TextRow, split: Int, width: Int) -> [TextRow] {
        var cells = row.cells
        while cells.last?.isBlank == true { cells.removeLast() }
        let cut = cells.count >= width ? split : cells.count - cells.count / 2
        var left = row
        left.cells = Array(cells.prefix(cut))
        var right = row
        // A full row gives the right block the shared level-1 cell; a short one lacks it, and
        // the right block carries the left block's level 1 (see `IndicatorRows.follow`).
        right.cells = Array(cells.dropFirst(cut))
        if cells.count >= width, let level1 = left.cells.first { right.cells.insert(level1, at: 0) }
        return [left, right]
    }}
