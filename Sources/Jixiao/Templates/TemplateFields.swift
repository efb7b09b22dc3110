import Foundation

/// What one spreadsheet cell holds: text or a number (dates arrive as numbers, see the reader).
public enum CellValue: Equatable, Sendable, CustomStringConvertible {
    case text(String)
    case number(Decimal)

    public var description: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return CanonicalNumber.format(number)
        }
    }

    /// Text cells that are only blanks count as empty.
    public var isBlank: Bool {
        if case .text(let text) = self { return TextCleaning.isBlank(text) }
        return false
    }

    var targetValue: TargetValue {
        switch self {
        case .text(let text): return .text(text)
        case .number(let number): return .number(number)
        }
    }

    init(_ value: TargetValue) {
        switch value {
        case .text(let text): self = .text(text)
        case .number(let number): self = .number(number)
        }
    }

    /// A number cell, or a text cell holding a plain decimal (forms often store amounts as text).
    var number: Decimal? {
        switch self {
        case .number(let number): return number
        case .text(let text): return CanonicalNumber.parse(text.trimmingCharacters(in: .whitespaces))
        }
    }
}

/// A filing-level field a header cell can show, named by its canonical YAML path
/// (`project.budget.total`). The names are the model's; which ones a form shows is data.
public struct FilingField: Equatable, Sendable {
    public var path: String
    let isNumber: Bool
    let get: @Sendable (Filing) -> CellValue?
    let set: @Sendable (inout Filing, CellValue?) -> Void

    public static func == (lhs: FilingField, rhs: FilingField) -> Bool { lhs.path == rhs.path }

    public static func named(_ path: String) -> FilingField? { all.first { $0.path == path } }

    // Key paths to stored properties are immutable values; the compiler cannot see it here.
    private static func text(_ path: String, _ path_: WritableKeyPath<Filing, String?>) -> FilingField {
        nonisolated(unsafe) let keyPath = path_
        return FilingField(path: path, isNumber: false, get: { $0[keyPath: keyPath].map(CellValue.text) },
                    set: { filing, value in filing[keyPath: keyPath] = value?.description })
    }

    private static func number(_ path: String, _ path_: WritableKeyPath<Filing, Decimal?>) -> FilingField {
        nonisolated(unsafe) let keyPath = path_
        return FilingField(path: path, isNumber: true, get: { $0[keyPath: keyPath].map(CellValue.number) },
                    set: { filing, value in filing[keyPath: keyPath] = value?.number })
    }

    public static let all: [FilingField] = [
        text("title", \.title), text("fiscal_year", \.fiscalYear), text("region", \.region),
        text("amount_unit", \.amountUnit),
        text("organization.name", \.organizationPart.name), text("organization.code", \.organizationPart.code),
        text("organization.credit_code", \.organizationPart.creditCode),
        text("organization.contact_person", \.organizationPart.contactPerson),
        text("organization.phone", \.organizationPart.phone),
        text("project.name", \.projectPart.name), text("project.code", \.projectPart.code),
        text("project.category", \.projectPart.category), text("project.basis", \.projectPart.basis),
        text("project.implementing_unit", \.projectPart.implementingUnit),
        text("project.funds_usage", \.projectPart.fundsUsage),
        number("project.budget.total", \.budgetPart.total), number("project.budget.fiscal", \.budgetPart.fiscal),
        number("project.budget.other", \.budgetPart.other),
        number("project.spend_plan.march", \.spendPlanPart.march), number("project.spend_plan.june", \.spendPlanPart.june),
        number("project.spend_plan.october", \.spendPlanPart.october),
        number("project.spend_plan.december", \.spendPlanPart.december),
        text("department.functions", \.departmentPart.functions),
        text("department.annual_tasks", \.departmentPart.annualTasks),
        text("goals.long_term.period", \.longTermGoalPart.period), text("goals.long_term.text", \.longTermGoalPart.text),
        text("goals.annual.period", \.annualGoalPart.period), text("goals.annual.text", \.annualGoalPart.text),
        text("goals.items", \.goalItemsText),
    ]
}

/// An indicator field a table column can show. `target` is the combined cell some forms use
/// ("≤3.6万元": comparator, value and unit in one); `prior_values.N` is the Nth earlier-year value.
public enum IndicatorField: Hashable, Sendable {
    case level1, level2, name, op, value, unit, nature, period, description, basis, scoring, weight, category
    case target
    case priorValue(Int)

    public init?(path: String) {
        if path.hasPrefix("prior_values."), let index = Int(path.dropFirst("prior_values.".count)), index >= 0 {
            self = .priorValue(index)
            return
        }
        let simple: [String: IndicatorField] = [
            "level1": .level1, "level2": .level2, "name": .name, "op": .op, "value": .value, "unit": .unit,
            "nature": .nature, "period": .period, "description": .description, "basis": .basis,
            "scoring": .scoring, "weight": .weight, "category": .category, "target": .target,
        ]
        guard let field = simple[path] else { return nil }
        self = field
    }

    /// The canonical YAML keys of an indicator this column shows, for the report of what a form drops.
    var canonicalKeys: [String] {
        switch self {
        case .target: return ["op", "value", "unit"]
        case .priorValue: return ["prior_values"]
        case .level1: return ["level1"]
        case .level2: return ["level2"]
        case .name: return ["name"]
        case .op: return ["op"]
        case .value: return ["value"]
        case .unit: return ["unit"]
        case .nature: return ["nature"]
        case .period: return ["period"]
        case .description: return ["description"]
        case .basis: return ["basis"]
        case .scoring: return ["scoring"]
        case .weight: return ["weight"]
        case .category: return ["category"]
        }
    }

    /// Fields whose cells offer a dropdown list.
    var choiceList: String? {
        switch self {
        case .level1: return "level1"
        case .level2: return "level2"
        case .op: return "op"
        case .unit: return "unit"
        case .nature: return "nature"
        case .period: return "period"
        default: return nil
        }
    }
}

// Writable views that create the optional parts of a filing on first write, so that fields
// can be set by key path. Reading an absent part yields an empty one.
extension Filing {
    var organizationPart: Organization {
        get { organization ?? Organization() }
        set { organization = newValue == Organization() ? nil : newValue }
    }

    var projectPart: Project {
        get { project ?? Project() }
        set { project = newValue == Project() ? nil : newValue }
    }

    var budgetPart: Budget {
        get { project?.budget ?? Budget() }
        set { projectPart.budget = newValue == Budget() ? nil : newValue }
    }

    var spendPlanPart: SpendPlan {
        get { project?.spendPlan ?? SpendPlan() }
        set { projectPart.spendPlan = newValue == SpendPlan() ? nil : newValue }
    }

    var departmentPart: Department {
        get { department ?? Department() }
        set { department = newValue == Department() ? nil : newValue }
    }

    private var goalsPart: Goals {
        get { goals ?? Goals() }
        set { goals = newValue == Goals() ? nil : newValue }
    }

    /// A goal with only a period or only a text still exists; with neither it is absent.
    var longTermGoalPart: OptionalGoal {
        get { OptionalGoal(goals?.longTerm) }
        set { goalsPart.longTerm = newValue.goal }
    }

    var annualGoalPart: OptionalGoal {
        get { OptionalGoal(goals?.annual) }
        set { goalsPart.annual = newValue.goal }
    }

    /// The numbered sub-goals as one text, a line each ("目标1：对现有系统进行升级续建"); each line
    /// of a text set here is a goal.
    var goalItemsText: String? {
        get {
            guard let items = goals?.items, !items.isEmpty else { return nil }
            return items.map { goal in goal.label.map { "\($0)：\(goal.text)" } ?? goal.text }.joined(separator: "\n")
        }
        set {
            goalsPart.items = (newValue ?? "").split(separator: "\n").map { Goal(text: String($0)) }
        }
    }
}

/// A goal whose text may be missing while it is being filled field by field.
struct OptionalGoal {
    var label: String?
    var period: String?
    var text: String?

    init(_ goal: Goal?) {
        label = goal?.label
        period = goal?.period
        text = goal?.text
    }

    var goal: Goal? {
        if label == nil && period == nil && text == nil { return nil }
        return Goal(label: label, period: period, text: text ?? "")
    }
}
