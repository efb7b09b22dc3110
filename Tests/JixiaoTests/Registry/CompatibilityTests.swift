import Foundation
import Testing
@testable import Jixiao

/// Fixture records (Fixtures/registry/compatibility/CASE/): frameworks/demo@1.0.0 and 1.1.0, and the
/// expected changes and verdicts.
@Suite struct CompatibilityTests {
    static let cases: [String] = {
        let folder = RegistryFixtures.folder.appendingPathComponent("compatibility")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }()

    struct Expected {
        var changes: [String]
        var backward: Bool
        var forward: Bool
    }

    static func expected(_ folder: URL) throws -> Expected {
        let url = folder.appendingPathComponent("expected.yaml")
        let document = try #require(try YAMLParser.parseStream(Array(Data(contentsOf: url)), file: url.path).first)
        var map = try YAMLMappingReader(document, file: url.path, what: "expected changes")
        let expected = Expected(
            changes: try map.stringList("changes"),
            backward: try map.requiredString("backward") == "true", forward: try map.requiredString("forward") == "true")
        try map.finish()
        return expected
    }

    @Test(arguments: cases)
    func diffAndVerdictMatchTheRecord(_ name: String) throws {
        let folder = RegistryFixtures.folder.appendingPathComponent("compatibility/\(name)")
        let catalog = try FrameworkCatalog.load(from: folder.appendingPathComponent("frameworks"))
        let old = try catalog.framework("demo@1.0.0"), new = try catalog.framework("demo@1.1.0")
        let expected = try Self.expected(folder)
        #expect(FrameworkDiff.changes(from: old, to: new).map(\.description) == expected.changes)
        let policy = try SchemaRegistry.standard().compatibilityPolicy()
        let backward = CompatibilityCheck.check(old: old, new: new, direction: .backward, policy: policy)
        let forward = CompatibilityCheck.check(old: old, new: new, direction: .forward, policy: policy)
        #expect(backward.isCompatible == expected.backward)
        #expect(forward.isCompatible == expected.forward)
        // An incompatible verdict always says why.
        #expect((backward.reasons + forward.reasons).allSatisfy { !$0.why.isEmpty })
    }

    @Test func nationalDiffListsTheCostMove() throws {
        let catalog = try FrameworkCatalog.standard()
        let changes = FrameworkDiff.changes(from: try catalog.framework("national@1.0.0"), to: try catalog.framework("national@2.0.0"))
        let move = try #require(changes.first { $0.kind == .nodeMoved })
        #expect(move.oldPath == "产出指标/成本指标")
        #expect(move.newPath == "成本指标")
        #expect(move.oldCode == "OUT.COST" && move.newCode == "COST")
        #expect(changes.filter { $0.kind == .nodeAdded }.compactMap(\.newPath)
                == ["成本指标/经济成本指标", "成本指标/社会成本指标", "成本指标/生态环境成本指标"])
    }

    @Test func nationalTwoIsNotBackwardCompatibleBecauseOfTheMove() throws {
        let registry = try SchemaRegistry.standard()
        let verdicts = CompatibilityCheck.check(
            try registry.frameworks.framework("national@2.0.0"), in: registry.frameworks,
            directions: [.backward], transitive: true, policy: try registry.compatibilityPolicy())
        #expect(verdicts.count == 1)
        let verdict = try #require(verdicts.first)
        #expect(!verdict.isCompatible)
        #expect(verdict.reasons.map(\.change.kind) == [.nodeMoved])
        #expect(verdict.reasons.first?.why.contains("old parent") == true)
    }

    @Test func aVersionWithoutPredecessorHasNothingToCheck() throws {
        let registry = try SchemaRegistry.standard()
        let verdicts = CompatibilityCheck.check(
            try registry.frameworks.framework("hubei-department"), in: registry.frameworks,
            directions: [.backward, .forward], transitive: true, policy: try registry.compatibilityPolicy())
        #expect(verdicts.isEmpty)
    }
}

/// `schema list` gathers artefacts from sources; a new collection (Mappings/) joins by adding one.
@Suite struct RegistryListingTests {
    struct FixedSource: RegistryArtefactSource {
        var header: ArtefactHeader
        func artefacts() throws -> [ArtefactHeader] { [header] }
    }

    @Test func listsEveryKindOfSchemasArtefact() throws {
        let kinds = Set(try RegistryListing.standard().artefacts().map(\.kind))
        #expect(kinds == ["framework", "filing-schema", "units", "rules", "migration", "compatibility", "template", "export", "workbook", "messages", "mapping"])
    }

    @Test func anotherSourceJoinsTheListing() throws {
        var listing = try RegistryListing.standard()
        let header = ArtefactHeader(kind: "mapping", id: "guizhou-project", version: SemanticVersion(1, 0, 0), status: .draft,
                                    title: "云南项目表", file: "Mappings/guizhou-project@1.0.0.yaml")
        listing.sources.append(FixedSource(header: header))
        #expect(try listing.artefact("guizhou-project").kind == "mapping")
        #expect(try listing.artefact("national@1.0.0").kind == "framework")
    }

    @Test func aMigrationToAMissingNodeIsRefusedAtLoad() throws {
        let (copy, map) = try RegistryFixtures.schemasCopy(editing: "migrations/national-v1-to-v2@1.0.0.yaml") {
            $0.replacingOccurrences(of: "to: COST.ECON}", with: "to: COST.MONEY}")
        }
        do {
            _ = try SchemaRegistry.load(from: copy)
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.message == "national@2.0.0 has no node COST.MONEY")
            #expect(error.position?.file == map.path)
        }
    }

    @Test func aFileNamedAgainstItsHeaderIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        let source = RegistryFixtures.folder.appendingPathComponent("compatibility/node-added/frameworks/demo@1.0.0.yaml")
        try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent("demo@2.0.0.yaml"))
        do {
            _ = try FrameworkCatalog.load(from: folder)
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.id == "registry-file-name")
            #expect(error.message.contains("demo@1.0.0.yaml"))
        }
    }
}
