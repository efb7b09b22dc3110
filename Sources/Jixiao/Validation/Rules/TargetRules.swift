import Foundation

extension Indicator {
    /// Marked 定量, or unmarked with a number as its target.
    var isQuantitative: Bool {
        nature == .quantitative || (nature == nil && value?.number != nil)
    }

    /// Marked 定性, or unmarked with a text as its target.
    var isQualitative: Bool {
        nature == .qualitative || (nature == nil && value != nil && value?.number == nil)
    }
}

/// `quantitative-without-number`: a 定量 target whose value is text or missing;
/// `quantitative-without-unit`: a number without a unit.
struct QuantitativeTargetRule: ValidationRule {
    let ids = ["quantitative-without-number", "quantitative-without-unit"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        for (index, indicator) in context.filing.indicators.enumerated() where indicator.isQuantitative {
            let position = context.position(ofIndicator: index)
            if indicator.value?.number == nil {
                findings.report("quantitative-without-number", at: position, value: indicator.value?.description, ["name": indicator.name])
            } else if (indicator.unit ?? "").isEmpty {
                findings.report("quantitative-without-unit", at: position, value: indicator.value?.description, ["name": indicator.name])
            }
        }
    }
}

/// `qualitative-with-comparator`: a text target with an ordering comparator (> 上年度);
/// `qualitative-with-number`: a target marked 定性 whose value is a number.
struct QualitativeTargetRule: ValidationRule {
    let ids = ["qualitative-with-comparator", "qualitative-with-number"]
    private static let orderings: Set<Comparator> = [.greater, .greaterOrEqual, .less, .lessOrEqual]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        for (index, indicator) in context.filing.indicators.enumerated() where indicator.isQualitative {
            let position = context.position(ofIndicator: index)
            if let number = indicator.value?.number {
                findings.report("qualitative-with-number", at: position, value: CanonicalNumber.format(number),
                                ["name": indicator.name, "value": CanonicalNumber.format(number)])
            } else if let op = indicator.op, Self.orderings.contains(op) {
                findings.report("qualitative-with-comparator", at: position, value: "\(op.rawValue) \(indicator.value?.description ?? "")",
                                ["name": indicator.name, "op": op.rawValue])
            }
        }
    }
}

/// `unknown-unit`: a unit the filing schema's unit catalog does not list.
struct UnitRule: ValidationRule {
    let ids = ["unknown-unit"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        for (index, indicator) in context.filing.indicators.enumerated() {
            guard let unit = indicator.unit, !unit.isEmpty, context.units.unit(named: unit) == nil else { continue }
            findings.report("unknown-unit", at: context.position(ofIndicator: index), value: unit,
                            ["name": indicator.name, "unit": unit, "units": context.units.header.reference])
        }
    }
}

/// `percent-over-100`: a share above 100 %, unless the name says it is a growth or change
/// rate (the rule's `exempt_name_pattern`).
struct PercentRule: ValidationRule {
    let ids = ["percent-over-100"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        let exempt = findings.definition("percent-over-100").parameter("exempt_name_pattern")
        for (index, indicator) in context.filing.indicators.enumerated() {
            guard let unit = indicator.unit, context.units.unit(named: unit)?.dimension == "percent",
                  let number = indicator.value?.number, number > 100 else { continue }
            if let exempt, indicator.name.firstMatch(of: exempt) != nil { continue }
            findings.report("percent-over-100", at: context.position(ofIndicator: index), value: CanonicalNumber.format(number),
                            ["name": indicator.name, "value": CanonicalNumber.format(number)])
        }
    }
}
