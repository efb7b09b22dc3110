import Foundation
import Testing
@testable import Jixiao

/// A new province is a data file: with one more file in Mappings/, a filing in that province's
/// own words is read correctly by the same binary, with no Swift change.
@Suite struct NewRegionTests {
    static let fixtures = TestSupport.fixtures.appendingPathComponent("region")
    static let filing = fixtures.appendingPathComponent("guizhou-2024-project.txt").path

    /// A data folder: the project's Schemas/, and its Mappings/ with `extra` files added.
    static func dataRoot(adding extra: [URL]) throws -> URL {
        let root = try TestSupport.temporaryFolder()
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("Schemas"), withDestinationURL: TestSupport.packageRoot.appendingPathComponent("Schemas"))
        try FileManager.default.copyItem(
            at: TestSupport.packageRoot.appendingPathComponent("Mappings"), to: root.appendingPathComponent("Mappings"))
        for file in extra {
            try FileManager.default.copyItem(at: file, to: root.appendingPathComponent("Mappings").appendingPathComponent(file.lastPathComponent))
        }
        return root
    }

    static func convert(dataRoot: URL) throws -> TestSupport.CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment["JIXIAO_DATA_DIR"] = dataRoot.path
        return try TestSupport.runProgram(TestSupport.binary, ["convert", filing, "--format", "json"], environment: environment)
    }

    @Test func withoutTheFileTheRegionsHeadingsAreNotUnderstood() throws {
        let result = try Self.convert(dataRoot: Self.dataRoot(adding: []))
        // Nothing read is a failure, not an empty success.
        #expect(result.status == 2)
        #expect(result.stdoutBytes.isEmpty)
        #expect(result.stderr.contains("no-indicator-table"), "\(result.stderr)")
    }

    @Test func withTheFileTheFilingIsReadInTheRegionsWords() throws {
        let root = try Self.dataRoot(adding: [Self.fixtures.appendingPathComponent("guizhou@1.0.0.yaml")])
        let result = try Self.convert(dataRoot: root)
        #expect(result.status == 0, "\(result.stderr)")
        let filing = try #require(try CanonicalYAML.decode(result.stdoutBytes).first)
        #expect(filing.fiscalYear == "2024")
        #expect(filing.project?.name == "乡村教师培训")
        let indicators = filing.indicators
        try #require(indicators.count == 2, "\(result.stdout)")
        #expect(indicators[0].level1 == "产出指标" && indicators[0].written["level1"] == "产出类指标")
        #expect(indicators[0].level2 == "数量指标" && indicators[0].written["level2"] == "数量类")
        #expect(indicators[0].name == "培训人次")
        #expect(indicators[0].op == .greaterOrEqual && indicators[0].written["op"] == "至少")
        #expect(indicators[0].value == .number(300))
        #expect(indicators[0].unit == "人次")
        #expect(indicators[1].op == .greaterOrEqual, "code 7 through the region's code list")
        #expect(indicators[1].unit == "%")
        // The registry lists the new file like any other mapping.
        var environment = ProcessInfo.processInfo.environment
        environment["JIXIAO_DATA_DIR"] = root.path
        let list = try TestSupport.runProgram(TestSupport.binary, ["schema", "list"], environment: environment)
        #expect(list.stdout.contains("guizhou"), "\(list.stdout)")
    }
}
