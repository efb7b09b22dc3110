import Foundation
import Testing
@testable import Jixiao

/// Fixtures of the registry tests and a short form of findings to compare against.
enum RegistryFixtures {
    static let folder = TestSupport.fixtures.appendingPathComponent("registry")

    static func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    static func validate(_ relative: String, schema: String? = nil) throws -> [FilingValidation] {
        try Validator.standard().validate(InputLoader.load(path(relative)), schema: schema)
    }

    /// A copy of Schemas/ in a temporary folder with one file edited: for tests of what a
    /// broken registry does. Returns the copy's Schemas folder and the edited file.
    static func schemasCopy(editing relative: String, _ edit: (String) -> String) throws -> (schemas: URL, file: URL) {
        let copy = try TestSupport.temporaryFolder().appendingPathComponent("Schemas")
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("Schemas"), to: copy)
        let file = copy.appendingPathComponent(relative)
        try Data(edit(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
        return (copy, file)
    }

    /// "rule-id file:line", the file by its last name: what a person checks a finding by.
    static func brief(_ finding: Diagnostic) -> String {
        let file = finding.position?.file.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "-"
        return "\(finding.id) \(file):\(finding.position?.line.map(String.init) ?? "-")"
    }
}
