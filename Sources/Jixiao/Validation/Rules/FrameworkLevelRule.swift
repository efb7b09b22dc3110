/// Level names against the framework: `unknown-level1`, `unknown-level2` (under a known
/// level 1, found nowhere in the framework) and `level2-wrong-parent` (found under another
/// level 1). An indicator with an unknown level 1 is reported once, for its level 1.
struct FrameworkLevelRule: ValidationRule {
    let ids = ["unknown-level1", "unknown-level2", "level2-wrong-parent"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        let framework = context.framework
        for (index, indicator) in context.filing.indicators.enumerated() {
            let position = context.position(ofIndicator: index)
            let level1 = indicator.level1 ?? "", level2 = indicator.level2 ?? ""
            switch framework.resolve(level1: indicator.level1, level2: indicator.level2) {
            case .unknownLevel1:
                findings.report("unknown-level1", at: position, value: level1, ["level1": level1, "framework": framework.reference])
            case .unknownLevel2:
                findings.report("unknown-level2", at: position, value: level2, ["level2": level2, "framework": framework.reference])
            case .wrongParent(let expected):
                findings.report(
                    "level2-wrong-parent", at: position, value: "\(level1)/\(level2)",
                    ["level1": level1, "level2": level2, "expected": expected.name, "framework": framework.reference])
            case .found, .missingLevel1:
                break
            }
        }
    }
}
