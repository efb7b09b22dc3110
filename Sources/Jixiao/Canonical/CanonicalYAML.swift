import Foundation

/// The canonical YAML form of filings: the project's own interchange format.
///
/// Each document opens with `format: jixiao/1`; keys come in one fixed order; absent fields are
/// left out; a file with several filings is a YAML stream. Writing what was read gives the same
/// bytes.
public enum CanonicalYAML {
    public static let formatFamily = "jixiao"
    public static let formatVersion = 1
    public static var formatTag: String { "\(formatFamily)/\(formatVersion)" }
    /// The revision of the layout this build writes (key order, quoting, line breaks): raised
    /// whenever the same filing would come out in other bytes. A copy kept under another
    /// revision is decoded and written again, not copied.
    static let layoutRevision = "1"

    /// Whether `text` is one document as this writer lays it out: it opens with the format line
    /// and no line opens or closes a document (lines are never folded, so a line at the margin
    /// is a key or a document's marker).
    static func isOneDocument(_ text: String) -> Bool {
        text.utf8.starts(with: "format: ".utf8) && !text.containsBytes(of: "\n---") && !text.containsBytes(of: "\n...")
    }

    public static func encode(_ filings: [Filing]) throws -> [UInt8] {
        try YAMLEmitter.emit(filings.map(FilingEncoder.node(for:)))
    }

    /// The canonical tree of one filing, before it is written: for code that walks the fields.
    static func node(for filing: Filing) -> YAMLNode {
        FilingEncoder.node(for: filing)
    }

    public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> [Filing] {
        var filings: [Filing] = []
        try decodeEach(bytes, file: file) { filings.append($0) }
        return filings
    }

    /// Hands each filing to `body` as soon as its document is read: memory holds one filing's
    /// tree at a time, however long the stream.
    public static func decodeEach(_ bytes: [UInt8], file: String? = nil, firstLine: Int = 1, _ body: (Filing) throws -> Void) throws {
        try decodeEach(.bytes(bytes, firstLine: firstLine), file: file, body)
    }

    /// The same, reading the file at `path` in pieces: memory holds one filing at a time.
    public static func decodeEach(fileAt path: String, name: String, _ body: (Filing) throws -> Void) throws {
        try decodeEach(.file(path), file: name, body)
    }

    private enum Source {
        case bytes([UInt8], firstLine: Int)
        case file(String)
    }

    private static func decodeEach(_ source: Source, file: String?, _ body: (Filing) throws -> Void) throws {
        let decoder = FilingDecoder(file: file)
        var count = 0
        let each = { (document: YAMLNode) in
            count += 1
            try body(decoder.filing(from: document))
        }
        switch source {
        case .bytes(let bytes, let firstLine): try YAMLParser.parseEach(bytes, file: file, firstLine: firstLine, each)
        case .file(let path): try YAMLParser.parseEach(fileAt: path, name: file, each)
        }
        guard count > 0 else {
            throw JixiaoError("empty-input", key: "yaml-empty", [:], at: SourcePosition(file: file, line: 1, column: 1))
        }
    }
}

// MARK: - Writing

private struct MappingBuilder {
    var pairs: [YAMLPair] = []

    mutating func add(_ key: String, _ text: String?) {
        guard let text else { return }
        pairs.append(YAMLPair(YAMLScalar(key), .scalar(YAMLScalar(text))))
    }

    mutating func add(_ key: String, number: Decimal?) {
        guard let number else { return }
        pairs.append(YAMLPair(YAMLScalar(key), .scalar(YAMLScalar(CanonicalNumber.format(number), style: .plain))))
    }

    mutating func add(_ key: String, _ value: TargetValue?) {
        switch value {
        case .number(let number)?: add(key, number: number)
        case .text(let text)?: add(key, text)
        case nil: break
        }
    }

    mutating func add(_ key: String, node: YAMLNode?) {
        guard let node else { return }
        pairs.append(YAMLPair(YAMLScalar(key), node))
    }

    /// Lists are left out when empty, like any absent field.
    mutating func add<T>(_ key: String, list: [T], _ encode: (T) -> YAMLNode) {
        guard !list.isEmpty else { return }
        add(key, node: .sequence(list.map(encode), .none))
    }

    /// A mapping with nothing in it is left out.
    var node: YAMLNode? { pairs.isEmpty ? nil : .mapping(pairs, .none) }
}

private enum FilingEncoder {
    static func node(for filing: Filing) -> YAMLNode {
        var map = MappingBuilder()
        map.add("format", CanonicalYAML.formatTag)
        map.add("kind", filing.kind.rawValue)
        map.add("title", filing.title)
        map.add("fiscal_year", filing.fiscalYear)
        map.add("region", filing.region)
        map.add("amount_unit", filing.amountUnit)
        map.add("source", filing.source?.description)
        map.add("organization", node: filing.organization.flatMap(node(for:)))
        map.add("project", node: filing.project.flatMap(node(for:)))
        map.add("department", node: filing.department.flatMap(node(for:)))
        map.add("goals", node: filing.goals.flatMap(node(for:)))
        map.add("indicators", list: filing.indicators, node(for:))
        map.add("extra", list: filing.extra, node(for:))
        return map.node!
    }

    static func node(for organization: Organization) -> YAMLNode? {
        var map = MappingBuilder()
        map.add("name", organization.name)
        map.add("code", organization.code)
        map.add("credit_code", organization.creditCode)
        map.add("contact_person", organization.contactPerson)
        map.add("phone", organization.phone)
        map.add("address", organization.address)
        map.add("legal_representative", organization.legalRepresentative)
        map.add("funding_source", organization.fundingSource)
        map.add("preparer", organization.preparer)
        map.add("overview", organization.overview)
        return map.node
    }

    static func node(for project: Project) -> YAMLNode? {
        var map = MappingBuilder()
        map.add("name", project.name)
        map.add("code", project.code)
        map.add("category", project.category)
        map.add("basis", project.basis)
        map.add("implementing_unit", project.implementingUnit)
        map.add("overview", project.overview)
        map.add("content", project.content)
        map.add("plan", project.plan)
        map.add("expected_results", project.expectedResults)
        map.add("funds_usage", project.fundsUsage)
        if let budget = project.budget {
            var sub = MappingBuilder()
            sub.add("total", number: budget.total)
            sub.add("fiscal", number: budget.fiscal)
            sub.add("other", number: budget.other)
            map.add("budget", node: sub.node)
        }
        if let plan = project.spendPlan {
            var sub = MappingBuilder()
            for (label, percent) in plan.checkpoints { sub.add(label, number: percent) }
            map.add("spend_plan", node: sub.node)
        }
        return map.node
    }

    static func node(for department: Department) -> YAMLNode? {
        var map = MappingBuilder()
        map.add("functions", department.functions)
        map.add("annual_tasks", department.annualTasks)
        map.add("income", list: department.income, node(for:))
        map.add("expenses", list: department.expenses, node(for:))
        map.add("projects", list: department.projects) { project in
            var sub = MappingBuilder()
            sub.add("name", project.name)
            sub.add("category", project.category)
            sub.add("total_budget", number: project.totalBudget)
            sub.add("annual_budget", number: project.annualBudget)
            sub.add("purpose", project.purpose)
            return sub.node!
        }
        return map.node
    }

    static func node(for line: FundLine) -> YAMLNode {
        var map = MappingBuilder()
        map.add("item", line.item)
        map.add("amount", number: line.amount)
        map.add("share", number: line.share)
        map.add("prior_years", list: line.priorYears) { year in
            var sub = MappingBuilder()
            sub.add("year", year.year)
            sub.add("amount", number: year.amount)
            return sub.node!
        }
        return map.node!
    }

    static func node(for goals: Goals) -> YAMLNode? {
        var map = MappingBuilder()
        map.add("long_term", node: goals.longTerm.map(node(for:)))
        map.add("annual", node: goals.annual.map(node(for:)))
        map.add("items", list: goals.items, node(for:))
        return map.node
    }

    static func node(for goal: Goal) -> YAMLNode {
        var map = MappingBuilder()
        map.add("label", goal.label)
        map.add("period", goal.period)
        map.add("text", goal.text)
        return map.node!
    }

    static func node(for indicator: Indicator) -> YAMLNode {
        var map = MappingBuilder()
        map.add("level1", indicator.level1)
        map.add("level2", indicator.level2)
        map.add("name", indicator.name)
        map.add("op", indicator.op?.rawValue)
        map.add("value", indicator.value)
        map.add("unit", indicator.unit)
        map.add("nature", indicator.nature?.rawValue)
        map.add("period", indicator.period.rawValue)
        map.add("description", indicator.description)
        map.add("basis", indicator.basis)
        map.add("scoring", indicator.scoring)
        map.add("weight", number: indicator.weight)
        map.add("category", indicator.category)
        map.add("prior_values", list: indicator.priorValues) { prior in
            var sub = MappingBuilder()
            sub.add("label", prior.label)
            sub.add("value", prior.value)
            return sub.node!
        }
        if !indicator.written.isEmpty {
            var sub = MappingBuilder()
            for key in indicator.written.keys.sorted() { sub.add(key, indicator.written[key]) }
            map.add("written", node: sub.node)
        }
        map.add("extra", list: indicator.extra, node(for:))
        map.add("source", indicator.source?.description)
        return map.node!
    }

    static func node(for extra: ExtraText) -> YAMLNode {
        var map = MappingBuilder()
        map.add("label", extra.label)
        map.add("text", extra.text)
        map.add("source", extra.source?.description)
        return map.node!
    }
}

// MARK: - Reading

private struct FilingDecoder {
    let file: String?

    func filing(from node: YAMLNode) throws -> Filing {
        var map = try YAMLMappingReader(node, file: file, what: "a filing")
        try checkFormat(&map)
        guard let kind = try map.choice("kind", Filing.Kind.self) else {
            throw JixiaoError("missing-field", key: "filing-without-kind", [:], at: map.position(map.mark))
        }
        var filing = Filing(kind: kind)
        filing.title = try map.string("title")
        filing.fiscalYear = try map.string("fiscal_year")
        filing.region = try map.string("region")
        filing.amountUnit = try map.string("amount_unit")
        filing.source = try map.string("source").map(SourcePosition.init(parsing:))
        if var sub = try map.mapping("organization", what: "organization") { filing.organization = try organization(&sub) }
        if var sub = try map.mapping("project", what: "project") { filing.project = try project(&sub) }
        if var sub = try map.mapping("department", what: "department") { filing.department = try department(&sub) }
        if var sub = try map.mapping("goals", what: "goals") { filing.goals = try goals(&sub) }
        filing.indicators = try map.list("indicators", indicator)
        filing.extra = try map.list("extra", extraText)
        try map.finish()
        return filing
    }

    private func checkFormat(_ map: inout YAMLMappingReader) throws {
        guard let scalar = try map.scalar("format") else {
            throw JixiaoError(
                "yaml-no-format", ["format": CanonicalYAML.formatTag],
                at: map.position(map.mark))
        }
        let parts = scalar.text.split(separator: "/")
        guard parts.count == 2, parts[0] == CanonicalYAML.formatFamily, let version = Int(parts[1]) else {
            throw JixiaoError(
                "yaml-unknown-format", ["found": scalar.text, "format": CanonicalYAML.formatTag],
                at: map.position(scalar.mark))
        }
        guard version <= CanonicalYAML.formatVersion else {
            throw JixiaoError(
                "yaml-newer-format", ["found": scalar.text, "format": CanonicalYAML.formatTag],
                at: map.position(scalar.mark))
        }
    }

    private func organization(_ map: inout YAMLMappingReader) throws -> Organization {
        let organization = Organization(
            name: try map.string("name"), code: try map.string("code"),
            creditCode: try map.string("credit_code"), contactPerson: try map.string("contact_person"),
            phone: try map.string("phone"), address: try map.string("address"),
            legalRepresentative: try map.string("legal_representative"),
            fundingSource: try map.string("funding_source"), overview: try map.string("overview"),
            preparer: try map.string("preparer"))
        try map.finish()
        return organization
    }

    private func project(_ map: inout YAMLMappingReader) throws -> Project {
        var project = Project(
            name: try map.string("name"), code: try map.string("code"), category: try map.string("category"),
            basis: try map.string("basis"), implementingUnit: try map.string("implementing_unit"),
            overview: try map.string("overview"), content: try map.string("content"),
            plan: try map.string("plan"), expectedResults: try map.string("expected_results"),
            fundsUsage: try map.string("funds_usage"))
        if var sub = try map.mapping("budget", what: "budget") {
            project.budget = Budget(total: try sub.number("total"), fiscal: try sub.number("fiscal"), other: try sub.number("other"))
            try sub.finish()
        }
        if var sub = try map.mapping("spend_plan", what: "spend_plan") {
            project.spendPlan = SpendPlan(
                march: try sub.number("march"), june: try sub.number("june"),
                october: try sub.number("october"), december: try sub.number("december"))
            try sub.finish()
        }
        try map.finish()
        return project
    }

    private func department(_ map: inout YAMLMappingReader) throws -> Department {
        let department = Department(
            functions: try map.string("functions"), annualTasks: try map.string("annual_tasks"),
            income: try map.list("income", fundLine), expenses: try map.list("expenses", fundLine),
            projects: try map.list("projects") { node in
                var sub = try YAMLMappingReader(node, file: file, what: "a department project")
                let project = DepartmentProject(
                    name: try sub.requiredString("name"), category: try sub.string("category"),
                    totalBudget: try sub.number("total_budget"), annualBudget: try sub.number("annual_budget"),
                    purpose: try sub.string("purpose"))
                try sub.finish()
                return project
            })
        try map.finish()
        return department
    }

    private func fundLine(_ node: YAMLNode) throws -> FundLine {
        var map = try YAMLMappingReader(node, file: file, what: "a fund line")
        let line = FundLine(
            item: try map.requiredString("item"), amount: try map.number("amount"), share: try map.number("share"),
            priorYears: try map.list("prior_years") { node in
                var sub = try YAMLMappingReader(node, file: file, what: "a prior year")
                let year = YearAmount(year: try sub.requiredString("year"), amount: try sub.number("amount"))
                try sub.finish()
                return year
            })
        try map.finish()
        return line
    }

    private func goals(_ map: inout YAMLMappingReader) throws -> Goals {
        var goals = Goals()
        if let node = map.node("long_term") { goals.longTerm = try goal(node) }
        if let node = map.node("annual") { goals.annual = try goal(node) }
        goals.items = try map.list("items", goal)
        try map.finish()
        return goals
    }

    private func goal(_ node: YAMLNode) throws -> Goal {
        var map = try YAMLMappingReader(node, file: file, what: "a goal")
        let goal = Goal(label: try map.string("label"), period: try map.string("period"), text: try map.string("text") ?? "")
        try map.finish()
        return goal
    }

    private func indicator(_ node: YAMLNode) throws -> Indicator {
        var map = try YAMLMappingReader(node, file: file, what: "an indicator")
        var indicator = Indicator(name: try map.requiredString("name"))
        indicator.level1 = try map.string("level1")
        indicator.level2 = try map.string("level2")
        indicator.op = try map.choice("op", Comparator.self)
        indicator.value = try map.targetValue("value")
        indicator.unit = try map.string("unit")
        indicator.nature = try map.choice("nature", Nature.self)
        indicator.period = try map.choice("period", Period.self) ?? .annual
        indicator.description = try map.string("description")
        indicator.basis = try map.string("basis")
        indicator.scoring = try map.string("scoring")
        indicator.weight = try map.number("weight")
        indicator.category = try map.string("category")
        indicator.priorValues = try map.list("prior_values") { node in
            var sub = try YAMLMappingReader(node, file: file, what: "a prior value")
            let prior = PriorValue(label: try sub.requiredString("label"), value: try sub.targetValue("value"))
            try sub.finish()
            return prior
        }
        if let sub = try map.mapping("written", what: "written") {
            indicator.written = Dictionary(try sub.stringEntries(), uniquingKeysWith: { first, _ in first })
        }
        indicator.extra = try map.list("extra", extraText)
        indicator.source = try map.string("source").map(SourcePosition.init(parsing:))
        try map.finish()
        return indicator
    }

    private func extraText(_ node: YAMLNode) throws -> ExtraText {
        var map = try YAMLMappingReader(node, file: file, what: "an extra entry")
        let extra = ExtraText(
            label: try map.string("label"), text: try map.string("text") ?? "",
            source: try map.string("source").map(SourcePosition.init(parsing:)))
        try map.finish()
        return extra
    }
}
