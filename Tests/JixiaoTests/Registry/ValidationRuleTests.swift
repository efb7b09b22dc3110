import Foundation
import Testing
@testable import Jixiao

/// One broken filing per rule (Fixtures/registry/broken/RULE-ID.yaml): each must trigger its
/// rule and nothing else; valid.yaml triggers nothing.
@Suite struct ValidationRuleTests {
    static let brokenFiles: [String] = {
        let folder = RegistryFixtures.folder.appendingPathComponent("broken")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") && $0 != "valid.yaml" }.sorted()
    }()

    @Test(arguments: brokenFiles)
    func brokenFilingTriggersExactlyItsRule(_ file: String) throws {
        let rule = String(file.dropLast(".yaml".count))
        let validations = try RegistryFixtures.validate("broken/\(file)")
        #expect(validations.count == 1)
        let findings = validations.flatMap(\.findings)
        #expect(findings.map(\.id) == [rule])
        #expect(validations[0].framework == "national@2.0.0")
        let definition = try #require(try Validator.standard().ruleBook.definition(rule))
        #expect(validations[0].isValid == (definition.severity != .error))
        // A finding says where: the fixture's line, never nothing.
        #expect(findings.allSatisfy { $0.position?.line != nil })
    }

    @Test func validFilingHasNoFinding() throws {
        let validations = try RegistryFixtures.validate("broken/valid.yaml")
        #expect(validations.flatMap(\.findings).isEmpty)
        #expect(validations.allSatisfy { $0.isValid })
    }

    @Test func everyRuleOfTheRuleBookHasABrokenFiling() throws {
        let ids = try Validator.standard().ruleBook.rules.map(\.id).sorted()
        #expect(ids == Self.brokenFiles.map { String($0.dropLast(".yaml".count)) })
        #expect(ids.count == 19)
    }

    @Test func findingPointsAtTheIndicatorsLineAndCarriesTheValue() throws {
        let finding = try #require(try RegistryFixtures.validate("broken/unknown-level1.yaml").first?.findings.first)
        #expect(finding.position?.line == 15)
        #expect(finding.value == "投入指标")
        #expect(finding.severity == .error)
        #expect(finding.message == "level 1 '投入指标' is not in national@2.0.0")
    }

    @Test func namedSchemaOverridesDetection() throws {
        // Under the older framework, 成本指标 as a level 1 is unknown.
        let validation = try #require(try RegistryFixtures.validate("broken/valid.yaml", schema: "national@1.0.0").first)
        #expect(validation.framework == "national@1.0.0")
        #expect(validation.detection == nil)
        #expect(validation.findings.map(\.id).sorted() == ["unknown-level1"])
    }

    @Test func percentRuleSparesGrowthRates() throws {
        var filing = try #require(try CanonicalYAML.decode(Array(Data(contentsOf: URL(fileURLWithPath: RegistryFixtures.path("broken/percent-over-100.yaml"))))).first)
        filing.indicators[4].name = "督查数量增长率"
        #expect(try Validator.standard().validate(filing).findings.isEmpty)
    }
}

/// The rule book and the checks must agree: a rule without data or data without a rule stops
/// validation with a clear error instead of passing silently.
@Suite struct RuleBookTests {
    static func registry(editingRules edit: (String) -> String) throws -> SchemaRegistry {
        try SchemaRegistry.load(from: RegistryFixtures.schemasCopy(editing: "rules/validation@1.1.0.yaml", edit).schemas)
    }

    @Test func aCheckWithoutDefinitionIsRefused() throws {
        let registry = try Self.registry { text in
            text.replacingOccurrences(of: "  - id: percent-over-100\n", with: "  - id: percent-above-100\n")
        }
        do {
            _ = try Validator(registry: registry)
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.message.contains("percent-over-100"))
        }
    }

    @Test func severityComesFromTheData() throws {
        let registry = try Self.registry { text in
            text.replacingOccurrences(of: "  - id: duplicate-indicator\n    severity: warning", with: "  - id: duplicate-indicator\n    severity: error")
        }
        let input = try InputLoader.load(RegistryFixtures.path("broken/duplicate-indicator.yaml"))
        let validation = try #require(try Validator(registry: registry).validate(input).first)
        #expect(validation.findings.map(\.severity) == [.error])
        #expect(!validation.isValid)
    }

    @Test func aBadPatternInTheRuleBookIsAnErrorWithItsLine() throws {
        do {
            _ = try Self.registry { $0.replacingOccurrences(of: "exempt_name_pattern: '增长|", with: "exempt_name_pattern: '(增长|") }
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.message == "'exempt_name_pattern' is not a valid regular expression")
            #expect(error.position?.line != nil)
        }
    }

    @Test func aMisspeltKeyInTheRuleBookIsAnErrorWithItsLine() throws {
        do {
            _ = try Self.registry { $0.replacingOccurrences(of: "    tags: [framework]\n", with: "    tag: [framework]\n") }
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.id == "yaml-unknown-key")
            #expect(error.message == "unknown key 'tag' in a rule")
            #expect(error.position?.line == 15)
        }
    }
}
