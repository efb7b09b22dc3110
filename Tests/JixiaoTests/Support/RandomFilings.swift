import Foundation
@testable import Jixiao

/// A small reproducible generator (SplitMix64), so a failing property names its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random filings for round-trip properties: Chinese text, multi-line text, strings that look
/// like numbers, booleans or nulls, empty strings, and fields left out.
struct RandomFilings {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// Texts chosen to trip YAML writers and readers.
    static let awkwardTexts: [String] = [
        "0101", "0871-67476028", "2021", "2021-01-01", "1e3", "1_000", "0x1F", "0o17", "+1", "-5", ".5", "1:20",
        "true", "False", "yes", "NO", "on", "Off", "y", "n", "null", "~", "NULL", "", " ", "=", "<<", ".inf", "-.inf", ".NaN",
        "- 列表", "#注释", "键: 值", "a: b", "[1, 2]", "{x: 1}", "&anchor", "*alias", "!tag", "|", ">", "%", "@", "`",
        "'单引号'", "\"双引号\"", "尾部空格 ", " 前导空格", "\t制表符", "全角　空格", "　", "≥90百分比", "≤3.6万元",
        "\\geqslant", "C:\\路径", "行一\n行二", "行一\n\n行三\n", "\n前导换行", "尾部换行\n\n", "回车\r\n换行", "单独\r回车",
        "控制\u{7}字符", "\u{FEFF}BOM", "表情😀", "很长" + String(repeating: "文字", count: 300),
        "12.50", "3.60", "100%", "百分比", "上年度", "定性", "满意", "-", "?", "? 问", ": 冒号",
    ]

    static let chinese: [String] = [
        "产出指标", "数量指标", "质量指标", "时效指标", "成本指标", "效益指标", "社会效益指标", "满意度指标",
        "服务对象满意度指标", "中共昆明市呈贡区委办公室", "督查考核专项经费", "做好市级下达目标督促检查工作",
        "未开展或不按要求开展扣10分", "根据实际工作情况", "万元", "次", "%", "合理规范",
    ]

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func text() -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return pick(Self.awkwardTexts)
        case 1: return pick(Self.chinese) + pick(Self.awkwardTexts)
        case 2: return (0..<Int.random(in: 1...3, using: &random)).map { _ in pick(Self.chinese) }.joined(separator: "\n")
        default: return pick(Self.chinese)
        }
    }

    mutating func maybeText(_ percent: Int = 60) -> String? { chance(percent) ? text() : nil }

    mutating func number() -> Decimal {
        let whole = Decimal(Int.random(in: -1000...100_000, using: &random))
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return whole
        case 1: return whole + Decimal(Int.random(in: 0...99, using: &random)) / 100
        default: return Decimal(Int.random(in: 0...999_999, using: &random)) / 10000
        }
    }

    mutating func maybeNumber(_ percent: Int = 60) -> Decimal? { chance(percent) ? number() : nil }

    mutating func position() -> SourcePosition? {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return nil
        case 1: return SourcePosition(file: pick(["a.txt", "目录/样例.txt", "x y.txt"]), line: Int.random(in: 1...5000, using: &random))
        default: return SourcePosition(file: "b.xlsx", sheet: pick(["指标", "Sheet1"]), cell: "C\(Int.random(in: 1...900, using: &random))")
        }
    }

    mutating func value() -> TargetValue? {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return nil
        case 1: return .number(number())
        default: return .text(text())
        }
    }

    mutating func extras() -> [ExtraText] {
        (0..<Int.random(in: 0...2, using: &random)).map { _ in ExtraText(label: maybeText(), text: text(), source: position()) }
    }

    mutating func indicator() -> Indicator {
        var indicator = Indicator(name: text())
        indicator.level1 = maybeText(80)
        indicator.level2 = maybeText(80)
        indicator.op = chance(70) ? pick(Comparator.allCases) : nil
        indicator.value = value()
        indicator.unit = maybeText(50)
        indicator.nature = chance(70) ? pick(Nature.allCases) : nil
        indicator.period = pick(Period.allCases)
        indicator.description = maybeText(40)
        indicator.basis = maybeText(40)
        indicator.scoring = maybeText(40)
        indicator.weight = maybeNumber(30)
        indicator.category = maybeText(20)
        indicator.priorValues = (0..<Int.random(in: 0...2, using: &random)).map { _ in PriorValue(label: text(), value: value()) }
        if chance(30) { indicator.written = ["level1": text(), "op": text()] }
        indicator.extra = extras()
        indicator.source = position()
        return indicator
    }

    mutating func filing() -> Filing {
        var filing = Filing(kind: pick(Filing.Kind.allCases))
        filing.title = maybeText()
        filing.fiscalYear = chance(60) ? pick(["2021", "2024", "0101", "二〇二一"]) : nil
        filing.region = maybeText()
        filing.amountUnit = chance(50) ? pick(["万元", "元"]) : nil
        filing.source = position()
        if chance(70) {
            filing.organization = Organization(
                name: maybeText(), code: maybeText(), creditCode: maybeText(), contactPerson: maybeText(),
                phone: maybeText(), address: maybeText(), legalRepresentative: maybeText(),
                fundingSource: maybeText(), overview: maybeText(), preparer: maybeText())
            if filing.organization == Organization() { filing.organization = nil }
        }
        if chance(60) {
            var project = Project(
                name: maybeText(), code: maybeText(), category: maybeText(), basis: maybeText(),
                implementingUnit: maybeText(), overview: maybeText(), content: maybeText(), plan: maybeText(),
                expectedResults: maybeText(), fundsUsage: maybeText())
            if chance(60) {
                project.budget = Budget(total: maybeNumber(), fiscal: maybeNumber(), other: maybeNumber())
                if project.budget == Budget() { project.budget = nil }
            }
            if chance(60) {
                project.spendPlan = SpendPlan(march: maybeNumber(), june: maybeNumber(), october: maybeNumber(), december: maybeNumber())
                if project.spendPlan == SpendPlan() { project.spendPlan = nil }
            }
            filing.project = project == Project() ? nil : project
        }
        if chance(50) {
            let line = { (generator: inout RandomFilings) -> FundLine in
                FundLine(item: generator.text(), amount: generator.maybeNumber(), share: generator.maybeNumber(),
                         priorYears: (0..<Int.random(in: 0...2, using: &generator.random)).map { _ in
                             YearAmount(year: generator.pick(["2022", "2023"]), amount: generator.maybeNumber())
                         })
            }
            var department = Department(functions: maybeText(), annualTasks: maybeText())
            department.income = (0..<Int.random(in: 0...3, using: &random)).map { _ in line(&self) }
            department.expenses = (0..<Int.random(in: 0...3, using: &random)).map { _ in line(&self) }
            department.projects = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                DepartmentProject(name: text(), category: maybeText(), totalBudget: maybeNumber(), annualBudget: maybeNumber(), purpose: maybeText())
            }
            filing.department = department == Department() ? nil : department
        }
        if chance(60) {
            var goals = Goals()
            if chance(60) { goals.longTerm = Goal(label: maybeText(30), period: maybeText(), text: text()) }
            if chance(60) { goals.annual = Goal(period: maybeText(), text: text()) }
            goals.items = (0..<Int.random(in: 0...3, using: &random)).map { _ in Goal(label: maybeText(), text: text()) }
            filing.goals = goals == Goals() ? nil : goals
        }
        filing.indicators = (0..<Int.random(in: 0...12, using: &random)).map { _ in indicator() }
        filing.extra = extras()
        return filing
    }
}
