import Foundation

/// `duplicate-indicator`: the same indicator twice in one table (same period, levels and name).
struct DuplicateIndicatorRule: ValidationRule {
    let ids = ["duplicate-indicator"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        var first: [[String]: Int] = [:]
        for (index, indicator) in context.filing.indicators.enumerated() {
            let key = [indicator.period.rawValue, indicator.level1 ?? "", indicator.level2 ?? "",
                       indicator.name.trimmingCharacters(in: .whitespacesAndNewlines)]
            guard let earlier = first[key] else {
                first[key] = index
                continue
            }
            findings.report("duplicate-indicator", at: context.position(ofIndicator: index), value: indicator.name, [
                "name": indicator.name, "level1": indicator.level1 ?? "-", "level2": indicator.level2 ?? "-",
                "first": context.position(ofIndicator: earlier)?.description ?? "indicator \(earlier + 1)",
            ])
        }
    }
}

/// `weights-total`: in a table where indicators carry weights (分值), they do not add up to
/// the filing schema's `weight_total`.
struct WeightsTotalRule: ValidationRule {
    let ids = ["weights-total"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        guard let expected = context.schema.weightTotal else { return }
        for period in Period.allCases {
            let table = context.filing.indicators.enumerated().filter { $0.element.period == period }
            let weights = table.compactMap(\.element.weight)
            guard !weights.isEmpty else { continue }
            let sum = weights.reduce(0, +)
            guard sum != expected else { continue }
            let position = table.first.flatMap { context.position(ofIndicator: $0.offset) }
            findings.report("weights-total", at: position, value: CanonicalNumber.format(sum), [
                "sum": CanonicalNumber.format(sum), "total": CanonicalNumber.format(expected),
                "unweighted": String(table.count - weights.count), "count": String(table.count),
            ])
        }
    }
}

/// `too-few-indicators`: a level 1 of the framework with fewer indicators than the filing
/// schema's minimum.
struct MinimumIndicatorsRule: ValidationRule {
    let ids = ["too-few-indicators"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        for level1 in context.framework.nodes {
            let minimum = context.schema.minimum(forLevel1: level1.code)
            let count = context.filing.indicators.filter { $0.level1.map(level1.matches) ?? false }.count
            guard count < minimum else { continue }
            findings.report("too-few-indicators", at: context.position("indicators"), value: String(count), [
                "level1": level1.name, "count": String(count), "minimum": String(minimum),
                "schema": context.schema.header.reference,
            ])
        }
    }
}
