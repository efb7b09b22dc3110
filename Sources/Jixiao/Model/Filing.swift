import Foundation

/// One performance-target filing (绩效目标表): the canonical model every reader produces and
/// every writer consumes. Field names mirror the canonical YAML keys (`fiscalYear` is
/// `fiscal_year`); optional fields stay nil when a filing does not fill them.
public struct Filing: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case project
        case department
    }

    public var kind: Kind
    public var title: String?
    /// Kept as text: a year such as "2021" is an identifier, not a quantity.
    public var fiscalYear: String?
    public var region: String?
    /// The unit of every money amount in the filing (万元 or 元), as the filing states it.
    public var amountUnit: String?
    public var organization: Organization?
    public var project: Project?
    public var department: Department?
    public var goals: Goals?
    public var indicators: [Indicator]
    /// Text a reader could not place, with where it stood: never dropped.
    public var extra: [ExtraText]
    /// The file (and line or cell) the filing was read from.
    public var source: SourcePosition?

    public init(
        kind: Kind, title: String? = nil, fiscalYear: String? = nil, region: String? = nil,
        amountUnit: String? = nil, organization: Organization? = nil, project: Project? = nil,
        department: Department? = nil, goals: Goals? = nil, indicators: [Indicator] = [],
        extra: [ExtraText] = [], source: SourcePosition? = nil
    ) {
        self.kind = kind
        self.title = title
        self.fiscalYear = fiscalYear
        self.region = region
        self.amountUnit = amountUnit
        self.organization = organization
        self.project = project
        self.department = department
        self.goals = goals
        self.indicators = indicators
        self.extra = extra
        self.source = source
    }
}

/// The filing unit (单位).
public struct Organization: Equatable, Sendable {
    public var name: String?
    /// Budget-system unit code (e.g. "202001"), kept as text.
    public var code: String?
    /// Organisation or unified social credit code (组织机构代码 / 统一社会信用代码).
    public var creditCode: String?
    public var contactPerson: String?
    public var phone: String?
    public var address: String?
    public var legalRepresentative: String?
    public var fundingSource: String?
    public var overview: String?
    /// Who filled in the form (填报人).
    public var preparer: String?

    public init(
        name: String? = nil, code: String? = nil, creditCode: String? = nil,
        contactPerson: String? = nil, phone: String? = nil, address: String? = nil,
        legalRepresentative: String? = nil, fundingSource: String? = nil,
        overview: String? = nil, preparer: String? = nil
    ) {
        self.name = name
        self.code = code
        self.creditCode = creditCode
        self.contactPerson = contactPerson
        self.phone = phone
        self.address = address
        self.legalRepresentative = legalRepresentative
        self.fundingSource = fundingSource
        self.overview = overview
        self.preparer = preparer
    }
}

/// A spending project (项目支出).
public struct Project: Equatable, Sendable {
    public var name: String?
    public var code: String?
    public var category: String?
    /// 立项依据
    public var basis: String?
    public var implementingUnit: String?
    /// 项目基本概况
    public var overview: String?
    /// 项目实施内容
    public var content: String?
    /// 项目实施计划
    public var plan: String?
    /// 项目实施成效 / expected results
    public var expectedResults: String?
    /// 资金用途 / 资金安排情况
    public var fundsUsage: String?
    public var budget: Budget?
    public var spendPlan: SpendPlan?

    public init(
        name: String? = nil, code: String? = nil, category: String? = nil, basis: String? = nil,
        implementingUnit: String? = nil, overview: String? = nil, content: String? = nil,
        plan: String? = nil, expectedResults: String? = nil, fundsUsage: String? = nil,
        budget: Budget? = nil, spendPlan: SpendPlan? = nil
    ) {
        self.name = name
        self.code = code
        self.category = category
        self.basis = basis
        self.implementingUnit = implementingUnit
        self.overview = overview
        self.content = content
        self.plan = plan
        self.expectedResults = expectedResults
        self.fundsUsage = fundsUsage
        self.budget = budget
        self.spendPlan = spendPlan
    }
}

/// 预算数 with its sources, in the filing's `amountUnit`.
public struct Budget: Equatable, Sendable {
    public var total: Decimal?
    /// 财政资金
    public var fiscal: Decimal?
    /// 其他资金
    public var other: Decimal?

    public init(total: Decimal? = nil, fiscal: Decimal? = nil, other: Decimal? = nil) {
        self.total = total
        self.fiscal = fiscal
        self.other = other
    }
}

/// Cumulative share of the budget spent by each quarter-end (资金支出计划, percent).
public struct SpendPlan: Equatable, Sendable {
    public var march: Decimal?
    public var june: Decimal?
    public var october: Decimal?
    public var december: Decimal?

    public init(march: Decimal? = nil, june: Decimal? = nil, october: Decimal? = nil, december: Decimal? = nil) {
        self.march = march
        self.june = june
        self.october = october
        self.december = december
    }

    /// The checkpoints in calendar order, for rules that walk them.
    public var checkpoints: [(label: String, percent: Decimal?)] {
        [("march", march), ("june", june), ("october", october), ("december", december)]
    }
}

/// A whole-department filing's own data (部门整体).
public struct Department: Equatable, Sendable {
    /// 职能概述
    public var functions: String?
    /// 年度工作任务
    public var annualTasks: String?
    /// 收入构成
    public var income: [FundLine]
    /// 支出构成
    public var expenses: [FundLine]
    public var projects: [DepartmentProject]

    public init(
        functions: String? = nil, annualTasks: String? = nil, income: [FundLine] = [],
        expenses: [FundLine] = [], projects: [DepartmentProject] = []
    ) {
        self.functions = functions
        self.annualTasks = annualTasks
        self.income = income
        self.expenses = expenses
        self.projects = projects
    }
}

/// One line of an income or expense composition, with the prior years beside it.
public struct FundLine: Equatable, Sendable {
    public var item: String
    public var amount: Decimal?
    /// 占比, percent.
    public var share: Decimal?
    public var priorYears: [YearAmount]

    public init(item: String, amount: Decimal? = nil, share: Decimal? = nil, priorYears: [YearAmount] = []) {
        self.item = item
        self.amount = amount
        self.share = share
        self.priorYears = priorYears
    }
}

public struct YearAmount: Equatable, Sendable {
    public var year: String
    public var amount: Decimal?

    public init(year: String, amount: Decimal? = nil) {
        self.year = year
        self.amount = amount
    }
}

/// A project listed in a department filing (项目支出情况).
public struct DepartmentProject: Equatable, Sendable {
    public var name: String
    public var category: String?
    public var totalBudget: Decimal?
    public var annualBudget: Decimal?
    public var purpose: String?

    public init(name: String, category: String? = nil, totalBudget: Decimal? = nil, annualBudget: Decimal? = nil, purpose: String? = nil) {
        self.name = name
        self.category = category
        self.totalBudget = totalBudget
        self.annualBudget = annualBudget
        self.purpose = purpose
    }
}

/// 总体目标 (long-term, with its period), 年度目标, and numbered sub-goals (目标1, 1、…).
public struct Goals: Equatable, Sendable {
    public var longTerm: Goal?
    public var annual: Goal?
    public var items: [Goal]

    public init(longTerm: Goal? = nil, annual: Goal? = nil, items: [Goal] = []) {
        self.longTerm = longTerm
        self.annual = annual
        self.items = items
    }
}

public struct Goal: Equatable, Sendable {
    public var label: String?
    /// e.g. "2021年-2023年", "截止2026年".
    public var period: String?
    public var text: String

    public init(label: String? = nil, period: String? = nil, text: String) {
        self.label = label
        self.period = period
        self.text = text
    }
}

/// Text nobody could place (or a labelled field no model slot holds), with its position.
public struct ExtraText: Equatable, Sendable {
    public var label: String?
    public var text: String
    public var source: SourcePosition?

    public init(label: String? = nil, text: String, source: SourcePosition? = nil) {
        self.label = label
        self.text = text
        self.source = source
    }
}
