import Foundation

/// Which framework version a filing follows, when it does not say: the version that knows
/// most of its level-1/level-2 pairs; then the one valid on 1 January of its fiscal year; then
/// the one whose level 1s the filing fills most completely; then a released one over a draft;
/// then the latest. Nothing here
/// names a framework: the data decides.
public struct FrameworkDetection: Sendable {
    public var framework: Framework
    /// Why this one, for the report: `reason` in English, `explanation` in every language.
    public var explanation: Diagnostic
    public var reason: String { explanation.message }

    public static func detect(_ filing: Filing, among catalog: FrameworkCatalog) throws -> FrameworkDetection {
        let leveled = filing.indicators.filter { $0.level1 != nil }
        let date = filing.fiscalYear.flatMap { year in year.count == 4 && Int(year) != nil ? "\(year)-01-01" : nil }
        let candidates = catalog.frameworks.filter { $0.appliesTo.contains(filing.kind) }.map { framework in
            let known = leveled.filter {
                if case .found = framework.resolve(level1: $0.level1, level2: $0.level2) { return true }
                return false
            }.count
            let inForce = date.map { framework.header.isValid(on: $0) } ?? false
            let filled = framework.nodes.filter { node in leveled.contains { $0.level1.map(node.matches) ?? false } }.count
            // Compared as filled/total without division: a/b < c/d when a*d < c*b.
            return (framework: framework, known: known, inForce: inForce, filled: filled, total: max(framework.nodes.count, 1))
        }
        guard let best = candidates.max(by: { a, b in
            (a.known, a.inForce ? 1 : 0, a.filled * b.total, a.framework.status == .released ? 1 : 0, a.framework.version)
                < (b.known, b.inForce ? 1 : 0, b.filled * a.total, b.framework.status == .released ? 1 : 0, b.framework.version)
        }) else {
            throw JixiaoError("framework-unknown", key: "no-framework-for-kind", ["kind": "kind-\(filing.kind.rawValue)"])
        }
        guard best.known > 0 || leveled.isEmpty else {
            let names = Set(leveled.compactMap(\.level1)).sorted().joined(separator: ", ")
            throw JixiaoError(
                "framework-unknown", ["names": names],
                at: filing.source)
        }
        var values = ["known": String(best.known), "count": String(leveled.count)]
        let key: String
        if let year = filing.fiscalYear {
            values["year"] = year
            key = best.inForce ? "detected-year-in-force" : "detected-year-out-of-force"
        } else {
            key = "detected-no-year"
        }
        return FrameworkDetection(framework: best.framework, explanation: Diagnostic(.info, "framework-detected", key: key, values))
    }
}
