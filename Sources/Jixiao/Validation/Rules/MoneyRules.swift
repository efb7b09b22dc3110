import Foundation

/// `spend-plan-decreasing`: the cumulative plan (3月底 … 12月底) goes down;
/// `spend-plan-over-100`: a checkpoint plans more than the whole budget.
struct SpendPlanRule: ValidationRule {
    let ids = ["spend-plan-decreasing", "spend-plan-over-100"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        guard let plan = context.filing.project?.spendPlan else { return }
        var previous: (label: String, percent: Decimal)?
        for checkpoint in plan.checkpoints {
            guard let percent = checkpoint.percent else { continue }
            let position = context.position("project.spend_plan.\(checkpoint.label)")
            let value = CanonicalNumber.format(percent)
            if percent > 100 {
                findings.report("spend-plan-over-100", at: position, value: value, ["value": value, "checkpoint": checkpoint.label])
            }
            if let previous, percent < previous.percent {
                findings.report("spend-plan-decreasing", at: position, value: value, [
                    "later": checkpoint.label, "value": value,
                    "earlier": previous.label, "previous": CanonicalNumber.format(previous.percent),
                ])
            }
            previous = (checkpoint.label, percent)
        }
    }
}

/// `budget-parts-sum`: a total that is not the sum of its parts (财政资金 + 其他资金, or the
/// lines of an income or expense table, per year); `budget-parts-rounding` when the total is
/// the parts' sum rounded to the decimals the total is written with.
struct BudgetPartsRule: ValidationRule {
    let ids = ["budget-parts-sum", "budget-parts-rounding"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        if let budget = context.filing.project?.budget, let total = budget.total, budget.fiscal != nil || budget.other != nil {
            compare(total: total, parts: [budget.fiscal, budget.other].compactMap { $0 }, what: "budget",
                    at: context.position("project.budget.total"), into: &findings)
        }
        guard let department = context.filing.department,
              let pattern = findings.definition("budget-parts-sum").parameter("total_item_pattern") else { return }
        for (key, lines) in [("income", department.income), ("expenses", department.expenses)] {
            guard let totalIndex = lines.firstIndex(where: { $0.item.firstMatch(of: pattern) != nil }) else { continue }
            let totalLine = lines[totalIndex]
            let parts = lines.enumerated().filter { $0.offset != totalIndex }.map(\.element)
            let position = context.position("department.\(key).\(totalIndex)")
            var columns: [(label: String, amount: (FundLine) -> Decimal?)] = [("current-year", { $0.amount })]
            for prior in totalLine.priorYears {
                columns.append((prior.year, { line in line.priorYears.first { $0.year == prior.year }?.amount }))
            }
            for column in columns {
                guard let total = column.amount(totalLine) else { continue }
                let amounts = parts.compactMap(column.amount)
                guard !amounts.isEmpty else { continue }
                compare(total: total, parts: amounts, what: "fund-column", table: "fund-\(key)", year: column.label, at: position, into: &findings)
            }
        }
    }

    /// `what` is a word of the message catalog: `budget`, or `fund-column` for the column `year`
    /// (`current-year` or a year) of the table `table` (`fund-income`, `fund-expenses`).
    private func compare(total: Decimal, parts: [Decimal], what: String, table: String? = nil, year: String? = nil,
                         at position: SourcePosition?, into findings: inout FindingSink) {
        let sum = parts.reduce(0, +)
        guard sum != total else { return }
        // A total written with fewer decimals than its parts (569.7 for 569.71) is rounded.
        var exact = sum, rounded = Decimal()
        NSDecimalRound(&rounded, &exact, max(0, -Int(total.exponent)), .plain)
        var values = ["what": what, "sum": CanonicalNumber.format(sum), "total": CanonicalNumber.format(total)]
        values["table"] = table
        values["year"] = year
        findings.report(rounded == total ? "budget-parts-rounding" : "budget-parts-sum", at: position,
                        value: CanonicalNumber.format(total), values)
    }
}

/// `cost-above-budget`: a cost indicator (a node listed in the rule's `cost_codes`) whose
/// money target exceeds the budget: the project's 预算数, or a department's expense total.
struct CostAboveBudgetRule: ValidationRule {
    let ids = ["cost-above-budget"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        let filing = context.filing
        let costCodes = Set(findings.definition("cost-above-budget").parameters["cost_codes"] ?? [])
        guard let amountUnit = filing.amountUnit, let budget = Self.budget(of: filing, findings: findings) else { return }
        for (index, indicator) in filing.indicators.enumerated() {
            guard case .found(let level1, let level2) = context.framework.resolve(level1: indicator.level1, level2: indicator.level2),
                  costCodes.contains(level1.code) || costCodes.contains(level2?.code ?? ""),
                  let number = indicator.value?.number, let unit = indicator.unit,
                  let amount = context.units.convert(number, from: unit, to: amountUnit), amount > budget else { continue }
            findings.report("cost-above-budget", at: context.position(ofIndicator: index), value: "\(CanonicalNumber.format(number)) \(unit)", [
                "name": indicator.name, "value": CanonicalNumber.format(number), "unit": unit,
                "budget": CanonicalNumber.format(budget), "amount_unit": amountUnit,
            ])
        }
    }

    static func budget(of filing: Filing, findings: FindingSink) -> Decimal? {
        if let total = filing.project?.budget?.total { return total }
        guard let pattern = findings.definition("budget-parts-sum").parameter("total_item_pattern") else { return nil }
        return filing.department?.expenses.first { $0.item.firstMatch(of: pattern) != nil }?.amount
    }
}
