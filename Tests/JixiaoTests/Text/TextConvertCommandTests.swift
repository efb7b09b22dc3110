import Foundation
import Testing
@testable import Jixiao

/// `jixiao convert` on text filings: output, diagnostics on standard error, exit status.
@Suite struct TextConvertCommandTests {
    /// The command writes what the library reads (the rows themselves are checked against the
    /// seeds' hand-made keys in Tests/python/test_real_filings.py).
    private func expected(_ name: String) throws -> String {
        let filings = try TextSeeds.read(name).filings
        return String(decoding: try CanonicalYAML.encode(filings), as: UTF8.self)
    }

    @Test(arguments: TextSeeds.names)
    func convertsEachExampleToCanonicalYAMLOnStandardOutput(_ name: String) throws {
        let run = try TestSupport.run(["convert", "Examples/\(name).txt"], in: TestSupport.packageRoot)
        #expect(run.status == 0)
        #expect(run.stdout == (try expected(name)))
    }

    @Test func writesTheOutputFileAndReportsWarningsOnStandardError() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("yunnan.yaml").path
        let run = try TestSupport.run(["convert", "Examples/yunnan-chenggong-2021-project.txt", "-o", output, "-v"], in: TestSupport.packageRoot)
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == (try expected("yunnan-chenggong-2021-project")))
        #expect(run.stderr.contains("Examples/yunnan-chenggong-2021-project.txt:260: warning: op code 4 would mean <"))
        #expect(run.stderr.contains("[op-code-doubtful]"))
    }

    @Test func strictMakesWarningsFatalAndWritesNothing() throws {
        let run = try TestSupport.run(["convert", "Examples/yunnan-chenggong-2021-project.txt", "--strict"], in: TestSupport.packageRoot)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("error: stopped by --strict"))
        // Notes (a removed Word bookmark) are not warnings: this filing passes.
        let clean = try TestSupport.run(["convert", "Examples/hebei-tangshan-lunan-projects.txt", "--strict", "-q"], in: TestSupport.packageRoot)
        #expect(clean.status == 0)
        #expect(clean.stdout == (try expected("hebei-tangshan-lunan-projects")))
    }

    @Test func jsonReportListsEveryDiagnosticWithItsPosition() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try TestSupport.run(
            ["convert", "Examples/hunan-hengyang-2024-department.txt", "-o", folder.appendingPathComponent("out.yaml").path, "--format", "json"],
            in: TestSupport.packageRoot)
        #expect(run.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stderr.utf8)) as? [String: Any])
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        let diagnostics = try #require(inputs.first?["diagnostics"] as? [[String: Any]])
        #expect(inputs.first?["filings"] as? Int == 1)
        #expect(diagnostics.contains { $0["id"] as? String == "header-repaired" && $0["position"] as? String == "Examples/hunan-hengyang-2024-department.txt:34" })
        #expect(diagnostics.allSatisfy { ($0["position"] as? String)?.hasPrefix("Examples/hunan-hengyang-2024-department.txt:") == true })
    }

    @Test func standardInputIsRecognisedAsText() throws {
        let bytes = try TextSeeds.bytes("hunan-hengyang-2024-department")
        let run = try TestSupport.run(["convert", "-", "-q"], stdin: bytes, in: TestSupport.packageRoot)
        #expect(run.status == 0)
        #expect(run.stdout.contains("name: 总成本控制额"))
        #expect(run.stdout.contains("source: '<stdin>:54'") || run.stdout.contains("source: <stdin>:54"))
    }

    @Test func badInputsExitWithAPositionedError() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let binary = folder.appendingPathComponent("binary.txt")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]).write(to: binary)
        for (url, message) in [(empty, "the text is empty"), (binary, "not a text file")] {
            let run = try TestSupport.run(["convert", url.path])
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("\(url.path):1: error: ") && run.stderr.contains(message))
        }
    }
}
