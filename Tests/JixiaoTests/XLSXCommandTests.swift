import Foundation
import Testing
@testable import Jixiao

/// `jixiao templates` and `jixiao convert` with XLSX forms: output, messages and exit codes.
@Suite struct XLSXCommandTests {
    static func fixturePath(_ name: String) -> String { XLSXRoundTrip.fixtures.appendingPathComponent(name).path }

    @Test func templatesListsEveryTemplateWithItsFramework() throws {
        let result = try TestSupport.run(["templates"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").dropFirst()
        #expect(lines.map { String($0.split(separator: " ")[0]) } == [
            "hebei-project-combined@1.0.0", "hebei-project-combined@1.1.0", "hebei-project-split@1.0.0", "hebei-project-split@1.1.0",
            "hubei-department@1.0.0", "hunan-department@1.0.0", "national-core@1.0.0", "national-core@1.1.0",
            "yunnan-project@1.0.0", "yunnan-project@1.1.0",
        ])
        let hubei = lines.first { $0.hasPrefix("hubei-department@") }.map { $0.split(separator: " ").map(String.init) }
        #expect(hubei?.prefix(3) == ["hubei-department@1.0.0", "department", "hubei-department@1.0.0"])
        let json = try TestSupport.run(["templates", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 10)
        #expect((entries?.first { $0["id"] as? String == "hebei-project-split" }?["columns"] as? [String])?.contains("指标值/符号") == true)
    }

    @Test func convertToXLSXNeedsATemplate() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("a.xlsx").path
        // Canonical YAML names no mapping, so no form: a usage error.
        let missing = try TestSupport.run(["convert", Self.fixturePath("hunan-hengyang-department.yaml"), "-o", out])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("needs --template ID"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let unknown = try TestSupport.run(["convert", Self.fixturePath("hunan-hengyang-department.yaml"), "--template", "nowhere", "-o", out])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no template 'nowhere'"))
    }

    @Test func convertWritesTheFormAndSaysWhatItCannotShow() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("hunan.xlsx").path
        let result = try TestSupport.run(["convert", Self.fixturePath("hunan-hengyang-department.yaml"), "--template", "hunan-department", "-o", out, "-v"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("info: template hunan-department@1.0.0 has no place for organization.overview (1 value); kept in the hidden _jixiao sheet [xlsx-field-hidden]"))
        #expect(result.stderr.contains("indicators[].category"))
        #expect(!result.stderr.contains("indicators[].weight"))
        let quiet = try TestSupport.run(["convert", Self.fixturePath("hunan-hengyang-department.yaml"), "--template", "hunan-department", "-o", out, "-q"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty)
        let back = try TestSupport.run(["convert", out])
        #expect(back.status == 0)
        #expect(back.stdout == (try String(contentsOfFile: Self.fixturePath("hunan-hengyang-department.yaml"), encoding: .utf8)))
    }

    @Test func migrationBetweenTemplatesReportsWhatTheTargetCannotHold() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.xlsx").path, b = folder.appendingPathComponent("b.xlsx").path
        #expect(try TestSupport.run(["convert", Self.fixturePath("yunnan-chenggong-project.yaml"), "--template", "yunnan-project", "-o", a, "-q"]).status == 0)
        let moved = try TestSupport.run(["convert", a, "--template", "hebei-project-combined", "-o", b, "-v"])
        #expect(moved.status == 0)
        #expect(moved.stderr.contains("a.xlsx: info: sheet '项目绩效目标表' read with template yunnan-project@1.1.0 (named in the _jixiao sheet)"))
        for field in ["indicators[].scoring", "indicators[].description", "indicators[].basis", "indicators[].nature", "goals.long_term.text"] {
            #expect(moved.stderr.contains("has no place for \(field) "), "\(field)")
        }
        let back = try TestSupport.run(["convert", b])
        #expect(back.stdout == (try String(contentsOfFile: Self.fixturePath("yunnan-chenggong-project.yaml"), encoding: .utf8)))
    }

    @Test func severalFilingsGoToOneFormSheetEachOrToOneFormEach() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = [Self.fixturePath("hebei-tangshan-project.yaml"), Self.fixturePath("hebei-chengde-project.yaml")]
        let book = folder.appendingPathComponent("one.xlsx").path
        let one = try TestSupport.run(["convert"] + inputs + ["--template", "hebei-project-combined", "-o", book, "-q"])
        #expect(one.status == 0, "\(one.stderr)")
        let back = try TestSupport.run(["convert", book])
        #expect(back.stdout == (try inputs.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "---\n")))
        let each = try TestSupport.run(["convert"] + inputs + ["--to", "xlsx", "--template", "hebei-project-combined", "--out-dir", folder.appendingPathComponent("forms").path, "-q"])
        #expect(each.status == 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("forms").path).sorted()
        #expect(written == ["hebei-chengde-project.xlsx", "hebei-tangshan-project.xlsx"])
    }

    @Test func aWorkbookOnStandardInputIsRecognised() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, _) = try XLSXRoundTrip.write(try XLSXRoundTrip.fixture("hebei-tangshan-project.yaml"), template: "hebei-project-combined", in: folder)
        let result = try TestSupport.run(["convert", "-"], stdin: [UInt8](try Data(contentsOf: url)))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOfFile: Self.fixturePath("hebei-tangshan-project.yaml"), encoding: .utf8)))
    }

    @Test func badXLSXInputIsAnErrorWithExitStatusOne() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.xlsx")
        try Data("not a workbook".utf8).write(to: bad)
        let result = try TestSupport.run(["convert", bad.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.xlsx: error: not an XLSX file"))
    }
}
