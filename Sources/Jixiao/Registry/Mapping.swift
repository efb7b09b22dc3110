import Foundation

/// How one region or template family writes filings: header synonyms per canonical field,
/// level-name variants, operator and unit spellings, numeric code lists. Loaded from
/// `Mappings/ID@VERSION.yaml`; a regional file `extends` a base file, and `resolved` merges the
/// chain with the regional entries first.
public struct Mapping: Sendable {
    public var id: String
    public var version: SemanticVersion
    public var status: ReleaseStatus
    public var title: String
    /// "common@1.0.0": the mapping this one adds to.
    public var extends: String?
    /// Framework references ("national@2.0.0") the names are meant for.
    public var frameworks: [String]
    /// Column header -> canonical field (level1, op, value, prior_value ...).
    public var columns: [MappingEntry]
    /// Headers that only group the columns under them.
    public var columnGroups: [String]
    /// Headers of columns no field holds (备注, 序号): known to be headers; their cells are kept
    /// under the indicator's `extra` with the header as label.
    public var otherColumns: [String]
    /// The periods of two indicator blocks side by side under one header, left to right.
    public var sideBySidePeriods: [String]
    /// A header written several times in a row -> the fields of its occurrences.
    public var repeatedColumns: [String: [String]]
    /// Field -> fields whose column stands for it when no column names it (name: [description]:
    /// older templates head the indicator's name 指标内容).
    public var columnFallbacks: [String: [String]]
    /// Columns of a self-evaluation table beside the target, by what they hold: `actual` (the
    /// value reached, often written as the target) and `score` (a number).
    public var evaluationColumns: [String: [String]]
    /// A header whose cell spans several columns (評价指标 over the level 2 and a label column):
    /// how many. Text loses the span; the layout readers restore it.
    public var headerSpans: [String: Int]
    /// Level names of older templates that no framework has ("level1": [投入]): read as levels
    /// of their depth and kept as written; validation reports them.
    public var otherLevels: [String: [String]]
    /// Field -> regular expressions for headers that name a year ("预期2022年实现值" for the
    /// value, "2021年实际实现值" for a prior year's value).
    public var columnPatterns: [String: [String]]
    /// Period -> value headers of that period (实施期目标值), for tables giving the targets of
    /// two periods in two value columns beside one name.
    public var valuePeriods: [String: [String]]
    /// Labels of a table's closing total row (总分): no indicator.
    public var totalLabels: [String]
    /// Regular expressions for the labels of the signature block under a table (填报人, 审核意见,
    /// 盖章): such a row ends the table and is kept, never read as an indicator.
    public var footerLabels: [String]
    /// Table-naming header -> period (annual, long_term).
    public var tableLabels: [MappingEntry]
    public var levels: [LevelVariant]
    /// How level names end (指标): a short heading so ending is a level even where no framework
    /// has it (项目完成指标).
    public var levelEndings: [String]
    /// Regular expressions for a remark after a level name ("(50分)"): the name without it is
    /// the level.
    public var levelRemarks: [String]
    /// Spelling -> comparator raw value.
    public var operators: [MappingEntry]
    public var qualitativeMarkers: [String]
    /// Words ending an indicator written as prose that are its qualitative target (提高, 改善).
    public var trendWords: [String]
    /// Spelling -> nature raw value.
    public var natures: [MappingEntry]
    /// Spelling -> canonical unit.
    public var units: [MappingEntry]
    public var placeholders: [String]
    /// What stands between the two ends of a range target ("90-95%", "3至5天").
    public var rangeSeparators: [String]
    /// Words ending a date target ("9月前", "年底"): such a target stays text.
    public var deadlineWords: [String]
    /// Characters a label may be filled or garbled with ("????", full-width blanks), dropped
    /// before labels are compared.
    public var labelFillers: [String]
    /// Field label -> canonical field path (project.name, budget.total ...).
    public var fields: [MappingEntry]
    /// Column header of a department's project list -> DepartmentProject field.
    public var departmentProjectColumns: [MappingEntry]
    /// Funds-table group label -> income or expenses.
    public var fundGroups: [MappingEntry]
    /// Funds-table column header -> item, amount, share, prior_years.
    public var fundColumns: [MappingEntry]
    /// Spend-plan header -> checkpoint (march, june, october, december).
    public var spendPlanCheckpoints: [MappingEntry]
    /// Regular expressions with named groups `code` and `name` matching a cell that names the
    /// unit by its budget-system code ("202001<unit name>").
    public var organizationPatterns: [String]
    /// Words in a title or heading marking a department filing.
    public var departmentMarkers: [String]
    /// Regular expressions matching the label of a numbered sub-goal.
    public var goalLabels: [String]
    /// How years are written: in a title, alone on a line, over prior-year columns, in a
    /// remark naming a period.
    public var years: YearPatterns
    /// Regular expressions matching the numbering that opens a section heading ("一、", "（二）").
    public var headingNumbers: [String]
    /// Regular expressions matching a heading of a part of the document (第二部分).
    public var partHeadings: [String]
    /// Regular expressions matching a line that opens a new filing.
    public var filingTitles: [String]
    /// Regular expressions matching a line that only announces the table below it
    /// ("部门整体绩效指标：如下表"): kept under `extra`, never read as the section's text.
    public var tableCaptions: [String]
    /// Field (op, nature) -> its numeric code list.
    public var codeLists: [String: CodeList]
    /// Where a project's budget stated in prose is read from when no budget field gives it.
    public var budgetInProse = BudgetInProse()
    /// Filing kind (project, department) -> the id of the upload template (Schemas/templates/)
    /// the region's filings go into: what `convert --to xlsx` fills when no template is named.
    public var templates: [String: String] = [:]
    public var file: String?

    /// "yunnan@1.0.0"
    public var reference: String { "\(id)@\(version)" }
}

/// One spelling of a canonical name, optionally valid for a period only (ISO dates, inclusive).
public struct MappingEntry: Equatable, Sendable {
    public var written: String
    public var canonical: String
    public var validFrom: String?
    public var validTo: String?

    public init(written: String, canonical: String, validFrom: String? = nil, validTo: String? = nil) {
        self.written = written
        self.canonical = canonical
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Whether the entry holds in a fiscal year ("2021"); entries without a period always do.
    public func holds(inYear year: String?) -> Bool {
        guard let year, year.count == 4 else { return true }
        if let validFrom, year < String(validFrom.prefix(4)) { return false }
        if let validTo, year > String(validTo.prefix(4)) { return false }
        return true
    }
}

/// A level name as written and the framework name it stands for; `under` limits a level-2
/// variant to one level-1 name.
public struct LevelVariant: Equatable, Sendable {
    public var written: String
    public var canonical: String
    public var under: String?
}

/// Regular expressions for years as filings write them; each matches nothing until a mapping
/// says how (common does).
public struct YearPatterns: Equatable, Sendable {
    /// The year in a title ("…2021年目督专项经费"): the match is the four digits.
    public var inTitle = "(?!)"
    /// A line that is only a year ("(2024年度)"): the match holds the digits.
    public var alone = "(?!)"
    /// A prior-year column's header ("2023年").
    public var column = "(?!)"
    /// A remark that names a period ("2021年-2023年", "截止2026年").
    public var period = "(?!)"

    public init() {}
}

/// The budget stated in prose ("2021年安排区级财政资金6万元"): the fields whose text may state it
/// (field paths as in `fields`), and regular expressions with the groups `amount` and `unit`.
public struct BudgetInProse: Equatable, Sendable {
    public var fields: [String] = []
    public var patterns: [String] = []

    public init(fields: [String] = [], patterns: [String] = []) {
        self.fields = fields
        self.patterns = patterns
    }
}

/// A numeric code table for one field, with the name of the table it assumes.
public struct CodeList: Equatable, Sendable {
    public struct Code: Equatable, Sendable {
        public var meaning: String
        /// Why the meaning is uncertain; a doubtful code is reported and not applied.
        public var doubtful: String?
    }

    public var table: String
    public var codes: [String: Code]
}

extension Mapping {
    /// This mapping with its base chain merged in: its own entries first, then the base's.
    func merged(over base: Mapping) -> Mapping {
        var result = self
        result.columns = columns + base.columns
        result.columnGroups = columnGroups + base.columnGroups
        result.otherColumns = otherColumns + base.otherColumns
        result.sideBySidePeriods = sideBySidePeriods.isEmpty ? base.sideBySidePeriods : sideBySidePeriods
        result.repeatedColumns = base.repeatedColumns.merging(repeatedColumns) { _, own in own }
        result.columnFallbacks = base.columnFallbacks.merging(columnFallbacks) { _, own in own }
        result.evaluationColumns = base.evaluationColumns.merging(evaluationColumns) { _, own in own }
        result.totalLabels = totalLabels + base.totalLabels
        result.footerLabels = footerLabels + base.footerLabels
        result.valuePeriods = base.valuePeriods.merging(valuePeriods) { _, own in own }
        result.columnPatterns = base.columnPatterns.merging(columnPatterns) { base, own in own + base }
        result.headerSpans = base.headerSpans.merging(headerSpans) { _, own in own }
        result.otherLevels = base.otherLevels.merging(otherLevels) { base, own in own + base }
        result.tableLabels = tableLabels + base.tableLabels
        result.levels = levels + base.levels
        result.levelEndings = levelEndings + base.levelEndings
        result.levelRemarks = levelRemarks + base.levelRemarks
        result.operators = operators + base.operators
        result.qualitativeMarkers = qualitativeMarkers + base.qualitativeMarkers
        result.trendWords = trendWords + base.trendWords
        result.natures = natures + base.natures
        result.units = units + base.units
        result.placeholders = placeholders + base.placeholders
        result.rangeSeparators = rangeSeparators + base.rangeSeparators
        result.deadlineWords = deadlineWords + base.deadlineWords
        result.labelFillers = labelFillers + base.labelFillers
        result.fields = fields + base.fields
        result.departmentProjectColumns = departmentProjectColumns + base.departmentProjectColumns
        result.spendPlanCheckpoints = spendPlanCheckpoints + base.spendPlanCheckpoints
        result.fundGroups = fundGroups + base.fundGroups
        result.fundColumns = fundColumns + base.fundColumns
        result.filingTitles = filingTitles + base.filingTitles
        result.headingNumbers = headingNumbers + base.headingNumbers
        if years == YearPatterns() { result.years = base.years }
        result.partHeadings = partHeadings + base.partHeadings
        result.tableCaptions = tableCaptions + base.tableCaptions
        result.organizationPatterns = organizationPatterns + base.organizationPatterns
        result.departmentMarkers = departmentMarkers + base.departmentMarkers
        result.goalLabels = goalLabels + base.goalLabels
        result.codeLists = base.codeLists.merging(codeLists) { _, own in own }
        result.budgetInProse = BudgetInProse(
            fields: budgetInProse.fields + base.budgetInProse.fields.filter { !budgetInProse.fields.contains($0) },
            patterns: budgetInProse.patterns + base.budgetInProse.patterns)
        result.templates = base.templates.merging(templates) { _, own in own }
        return result
    }
}
