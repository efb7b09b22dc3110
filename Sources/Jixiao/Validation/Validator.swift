import Foundation

/// The findings for one filing, and what it was checked against.
public struct FilingValidation: Sendable {
    /// 1-based place of the filing in its input.
    public var index: Int
    public var title: String?
    public var framework: String
    /// Why that framework, when it was detected rather than named: in English, and in every
    /// language (`detectionText`).
    public var detection: String?
    public var detectionExplanation: Diagnostic?

    public func detectionText(in language: MessageLanguage = .current) -> String? {
        detectionExplanation?.text(in: language) ?? detection
    }
    public var schema: String
    public var findings: [Diagnostic]

    public var isValid: Bool { !findings.contains { $0.severity == .error } }
}

/// Checks filings against their framework and filing schema with every rule of the rule book.
public struct Validator: Sendable {
    public let registry: SchemaRegistry
    public let ruleBook: RuleBook
    let rules: [any ValidationRule]

    public init(registry: SchemaRegistry, ruleBook reference: String = "validation") throws {
        self.registry = registry
        self.ruleBook = try registry.ruleBook(reference)
        self.rules = ValidationRules.all
        let implemented = Set(rules.flatMap(\.ids))
        let defined = Set(ruleBook.rules.map(\.id))
        let place = SourcePosition(file: ruleBook.header.file)
        if let missing = implemented.subtracting(defined).sorted().first {
            throw JixiaoError("registry-format", key: "rule-without-definition", ["rule": missing, "book": ruleBook.header.reference], at: place)
        }
        if let unknown = defined.subtracting(implemented).sorted().first {
            throw JixiaoError("registry-format", key: "rule-without-check", ["rule": unknown, "book": ruleBook.header.reference], at: place)
        }
    }

    public static func standard() throws -> Validator {
        try Validator(registry: SchemaRegistry.standard())
    }

    /// Every filing of one input. `schema` names a framework (`national@2.0.0`); without it
    /// each filing's framework is detected.
    public func validate(_ input: InputDocument, from format: String? = nil, schema: String? = nil) throws -> [FilingValidation] {
        try readAndValidate(input, from: format, schema: schema).validations
    }

    /// The filings of one input as read, and each one's findings (the reader's diagnostics
    /// first, with the first filing's).
    public func readAndValidate(
        _ input: InputDocument, from format: String? = nil, schema: String? = nil, options: ReadOptions = ReadOptions()
    ) throws -> (read: ReadResult, validations: [FilingValidation]) {
        let result = try Conversion.read(input, from: format, options: options)
        let locators = try FilingLocator.locators(for: input, format: format, count: result.filings.count)
        let validations = try result.filings.enumerated().map { index, filing in
            var validation = try validate(filing, schema: schema, locator: locators[index])
            validation.index = index + 1
            if index == 0 { validation.findings = result.diagnostics + validation.findings }
            return validation
        }
        return (result, validations)
    }

    public func validate(_ filing: Filing, schema reference: String? = nil, locator: FilingLocator = .none) throws -> FilingValidation {
        let framework: Framework
        var detection: String?
        var explanation: Diagnostic?
        if let reference {
            framework = try registry.frameworks.framework(reference)
        } else {
            let detected = try FrameworkDetection.detect(filing, among: registry.frameworks)
            framework = detected.framework
            detection = detected.reason
            explanation = detected.explanation
        }
        let schema = try registry.filingSchema(for: filing.kind)
        let context = ValidationContext(
            filing: filing, framework: framework, schema: schema, units: try registry.units(schema.units), locator: locator)
        var sink = FindingSink(book: ruleBook)
        for rule in rules { rule.check(context, into: &sink) }
        return FilingValidation(
            index: 1, title: filing.project?.name ?? filing.organization?.name ?? filing.title,
            framework: framework.reference, detection: detection, detectionExplanation: explanation,
            schema: schema.header.reference, findings: sink.findings)
    }
}
