import Foundation

/// What a filing of one kind must hold: required fields, their types and allowed values, and
/// the indicator table's minimums. Loaded from `Schemas/filings/ID@VERSION.yaml`.
public struct FilingSchema: Sendable {
    public var header: ArtefactHeader
    public var kind: Filing.Kind
    /// The unit catalog (`Schemas/units/`) targets are checked against.
    public var units: String
    public var fields: [FieldRule]
    public var indicatorFields: [FieldRule]
    public var minimumPerLevel1: Int
    /// Overrides of the minimum by level-1 node code.
    public var minimumByLevel1: [String: Int]
    public var weightTotal: Decimal?

    public func minimum(forLevel1 code: String) -> Int {
        minimumByLevel1[code] ?? minimumPerLevel1
    }
}

/// One field's requirements. `path` is a canonical YAML key path (project.budget.total).
public struct FieldRule: Sendable {
    public enum FieldType: String, Sendable, CaseIterable {
        case text, year, amount, percent
    }

    public var path: String
    public var required: Bool
    public var type: FieldType?
    public var allowed: [String]

    /// What a value of this field must look like, for messages; nil when it does.
    public func problem(with value: TargetValue) -> String? {
        if !allowed.isEmpty, !allowed.contains(value.description) {
            return "one-of"
        }
        switch type {
        case .text?:
            if value.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "text-not-blank" }
        case .year?:
            let text = value.description
            if text.count != 4 || !text.allSatisfy(\.isASCII) || Int(text) == nil { return "year-four-digits" }
        case .amount?:
            guard let number = value.number, number >= 0 else { return "amount-zero-or-more" }
        case .percent?:
            guard let number = value.number, number >= 0, number <= 100 else { return "percent-0-to-100" }
        case nil:
            break
        }
        return nil
    }
}

/// The model fields a schema may name, by canonical YAML path. The vocabulary is the model's;
/// which of them a filing needs is the schema's.
public enum FieldPaths {
    public static let filing: [String: @Sendable (Filing) -> TargetValue?] = [
        "title": { text($0.title) },
        "fiscal_year": { text($0.fiscalYear) },
        "region": { text($0.region) },
        "amount_unit": { text($0.amountUnit) },
        "organization.name": { text($0.organization?.name) },
        "organization.code": { text($0.organization?.code) },
        "organization.credit_code": { text($0.organization?.creditCode) },
        "organization.contact_person": { text($0.organization?.contactPerson) },
        "organization.phone": { text($0.organization?.phone) },
        "project.name": { text($0.project?.name) },
        "project.code": { text($0.project?.code) },
        "project.category": { text($0.project?.category) },
        "project.implementing_unit": { text($0.project?.implementingUnit) },
        "project.budget.total": { number($0.project?.budget?.total) },
        "project.budget.fiscal": { number($0.project?.budget?.fiscal) },
        "project.budget.other": { number($0.project?.budget?.other) },
        "department.functions": { text($0.department?.functions) },
        "department.annual_tasks": { text($0.department?.annualTasks) },
        "goals.long_term": { text($0.goals?.longTerm?.text) },
        "goals.annual": { text($0.goals?.annual?.text) },
    ]

    public static let indicator: [String: @Sendable (Indicator) -> TargetValue?] = [
        "level1": { text($0.level1) },
        "level2": { text($0.level2) },
        "name": { text($0.name) },
        "op": { text($0.op?.rawValue) },
        "value": { $0.value },
        "unit": { text($0.unit) },
        "nature": { text($0.nature?.rawValue) },
        "description": { text($0.description) },
        "basis": { text($0.basis) },
        "scoring": { text($0.scoring) },
        "weight": { number($0.weight) },
        "category": { text($0.category) },
    ]

    private static func text(_ value: String?) -> TargetValue? { value.map(TargetValue.text) }
    private static func number(_ value: Decimal?) -> TargetValue? { value.map(TargetValue.number) }
}

enum FilingSchemaLoader {
    static func load(_ url: URL) throws -> FilingSchema {
        var (header, map) = try ArtefactFile.open(url, kind: "filing-schema")
        let file = url.path
        guard let kind = try map.choice("kind", Filing.Kind.self) else {
            throw JixiaoError("missing-field", key: "schema-without-kind", [:], at: map.position(map.mark))
        }
        let units = try map.requiredString("units")
        let fields = try map.list("fields") { try field($0, file: file, known: Set(FieldPaths.filing.keys)) }
        let indicatorFields = try map.list("indicator_fields") { try field($0, file: file, known: Set(FieldPaths.indicator.keys)) }
        var minimum = 0
        var byLevel1: [String: Int] = [:]
        var weightTotal: Decimal?
        if var indicators = try map.mapping("indicators", what: "indicators") {
            minimum = try count(indicators.number("minimum_per_level1"), in: indicators) ?? 0
            if let overrides = try indicators.mapping("by_level1", what: "by_level1") {
                for (code, node) in overrides.allEntries {
                    guard case .scalar(let scalar) = node, let number = CanonicalNumber.parse(scalar.text) else {
                        throw JixiaoError("registry-format", key: "schema-by-level1", ["code": code.text], at: overrides.position(node.mark))
                    }
                    byLevel1[code.text] = NSDecimalNumber(decimal: number).intValue
                }
            }
            weightTotal = try indicators.number("weight_total")
            try indicators.finish()
        }
        try map.finish()
        return FilingSchema(
            header: header, kind: kind, units: units, fields: fields, indicatorFields: indicatorFields,
            minimumPerLevel1: minimum, minimumByLevel1: byLevel1, weightTotal: weightTotal)
    }

    private static func count(_ number: Decimal?, in map: YAMLMappingReader) throws -> Int? {
        guard let number else { return nil }
        guard number >= 0, number == number.rounded() else {
            throw JixiaoError("registry-format", key: "schema-minimum", [:], at: map.position(map.mark))
        }
        return NSDecimalNumber(decimal: number).intValue
    }

    private static func field(_ node: YAMLNode, file: String, known: Set<String>) throws -> FieldRule {
        var map = try YAMLMappingReader(node, file: file, what: "a field")
        let path = try map.requiredString("path")
        guard known.contains(path) else {
            throw JixiaoError(
                "registry-format", key: "schema-unknown-path", ["path": path, "known": known.sorted().joined(separator: ", ")],
                at: map.position(map.mark))
        }
        let rule = FieldRule(
            path: path, required: try ArtefactFile.flag(&map, "required"),
            type: try map.choice("type", FieldRule.FieldType.self), allowed: try map.stringList("allowed"))
        try map.finish()
        return rule
    }
}

extension Decimal {
    func rounded() -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, 0, .plain)
        return result
    }
}
