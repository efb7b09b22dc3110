import Foundation

/// What a rule sees: one filing, the framework and filing schema it is checked against, and
/// where its parts stand.
public struct ValidationContext: Sendable {
    public var filing: Filing
    public var framework: Framework
    public var schema: FilingSchema
    public var units: UnitCatalog
    public var locator: FilingLocator

    /// An indicator's own `source`, else its line in the YAML file.
    public func position(ofIndicator index: Int) -> SourcePosition? {
        filing.indicators[index].source ?? locator.position("indicators.\(index)") ?? filing.source
    }

    public func position(_ path: String) -> SourcePosition? {
        locator.position(path) ?? filing.source
    }
}

/// Collects findings, giving each the severity and message its rule definition says.
public struct FindingSink {
    let book: RuleBook
    public private(set) var findings: [Diagnostic] = []

    init(book: RuleBook) {
        self.book = book
    }

    public func definition(_ id: String) -> RuleDefinition {
        // Validator.init checked that every id a rule reports has a definition.
        book.definition(id)!
    }

    public mutating func report(_ id: String, at position: SourcePosition?, value: String?, _ values: [String: String] = [:]) {
        let definition = definition(id)
        var diagnostic = Diagnostic(definition.severity, id, definition.message(values), at: position, value: value)
        diagnostic.key = id
        diagnostic.arguments = values
        for language in MessageLanguage.allCases where language != .en {
            diagnostic.localized[language.rawValue] = definition.message(values, in: language)
        }
        findings.append(diagnostic)
    }
}

/// One check over a filing. `ids` lists every rule id it may report; each needs a definition
/// in the rule book.
public protocol ValidationRule: Sendable {
    var ids: [String] { get }
    func check(_ context: ValidationContext, into findings: inout FindingSink)
}

/// Every rule the validator runs.
enum ValidationRules {
    static let all: [any ValidationRule] = [
        FrameworkLevelRule(),
        QuantitativeTargetRule(), QualitativeTargetRule(), UnitRule(), PercentRule(),
        SpendPlanRule(), BudgetPartsRule(), CostAboveBudgetRule(),
        DuplicateIndicatorRule(), WeightsTotalRule(), MinimumIndicatorsRule(),
        RequiredFieldsRule(),
    ]
}
