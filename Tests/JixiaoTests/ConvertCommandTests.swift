import Foundation
import Testing
@testable import Jixiao

/// The `jixiao` command as a user runs it: outputs, messages and exit codes.
@Suite struct ConvertCommandTests {
    let folder: URL
    let sample: URL

    init() throws {
        folder = try TestSupport.temporaryFolder()
        sample = folder.appendingPathComponent("sample.yaml")
        try Data(CanonicalYAMLTests.sample.utf8).write(to: sample)
    }

    func write(_ text: String, to name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func canonicalYAMLToStandardOutputIsByteIdentical() throws {
        let result = try TestSupport.run(["convert", sample.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == CanonicalYAMLTests.sample)
        #expect(result.stderr.isEmpty)
    }

    @Test func outputFileIsByteIdenticalAndNoTemporaryFileRemains() throws {
        let out = folder.appendingPathComponent("out.yaml")
        let result = try TestSupport.run(["convert", sample.path, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == CanonicalYAMLTests.sample)
        #expect(try files() == ["out.yaml", "sample.yaml"])
    }

    @Test func standardInputToStandardOutput() throws {
        let result = try TestSupport.run(["convert", "-", "--from", "yaml"], stdin: Array(CanonicalYAMLTests.sample.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == CanonicalYAMLTests.sample)
        let sniffed = try TestSupport.run(["convert", "-"], stdin: Array(CanonicalYAMLTests.sample.utf8))
        #expect(sniffed.stdout == CanonicalYAMLTests.sample, "YAML on stdin is recognised without --from")
    }

    @Test func malformedInputFailsWithPositionAndLeavesTheOldOutput() throws {
        let bad = try write("format: jixiao/1\nkind: project\n  title: x\n", to: "bad.yaml")
        let out = try write("old content\n", to: "out.yaml")
        let result = try TestSupport.run(["convert", bad.path, "-o", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:8: error: invalid YAML: mapping values are not allowed"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8) == "old content\n")
        #expect(try files() == ["bad.yaml", "out.yaml", "sample.yaml"])
    }

    @Test func refusesToOverwriteAnInput() throws {
        let before = try Data(contentsOf: sample)
        let result = try TestSupport.run(["convert", sample.path, "-o", sample.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("refusing to overwrite the input"), "\(result.stderr)")
        #expect(try Data(contentsOf: sample) == before)
        // The same file under another name (a symbolic link) is caught too.
        let link = folder.appendingPathComponent("link.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: sample)
        let viaLink = try TestSupport.run(["convert", sample.path, "-o", link.path])
        #expect(viaLink.status == 2)
        #expect(try Data(contentsOf: sample) == before)
    }

    @Test func outDirWritesOneFilePerFiling() throws {
        let stream = try write(
            "format: jixiao/1\nkind: project\ntitle: 甲\n---\nformat: jixiao/1\nkind: department\ntitle: 乙\n", to: "two.yaml")
        let outDir = folder.appendingPathComponent("out")
        let result = try TestSupport.run(["convert", stream.path, sample.path, "--out-dir", outDir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: outDir.path).sorted()
        #expect(names == ["sample.yaml", "two-1.yaml", "two-2.yaml"])
        #expect(try String(contentsOf: outDir.appendingPathComponent("two-2.yaml"), encoding: .utf8)
            == "format: jixiao/1\nkind: department\ntitle: 乙\n")
    }

    @Test func severalInputsToOneStream() throws {
        let other = try write("format: jixiao/1\nkind: department\ntitle: 乙\n", to: "other.yaml")
        let result = try TestSupport.run(["convert", sample.path, other.path])
        #expect(result.status == 0)
        #expect(result.stdout == CanonicalYAMLTests.sample + "---\nformat: jixiao/1\nkind: department\ntitle: 乙\n")
    }

    @Test func oneBadInputAmongGoodOnesFailsWithoutPartialStream() throws {
        let bad = try write("format: jixiao/1\nkind: projekt\n", to: "bad.yaml")
        let out = folder.appendingPathComponent("all.yaml")
        let result = try TestSupport.run(["convert", sample.path, bad.path, "-o", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:2:7: error: 'kind' in a filing must be one of project, department"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func reportJSONDescribesEveryInput() throws {
        let bad = try write("", to: "empty.yaml")
        let result = try TestSupport.run(["convert", sample.path, bad.path, "--out-dir", folder.appendingPathComponent("o").path, "--format", "json"])
        #expect(result.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any])
        #expect(report["failed"] as? Int == 1)
        #expect(report["converted"] as? Int == 1)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs[0]["filings"] as? Int == 1)
        let diagnostics = try #require(inputs[1]["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["id"] as? String == "empty-input")
        #expect(diagnostics.first?["position"] as? String == "\(bad.path):1:1")
    }

    @Test func usageErrorsExitWith64() throws {
        let both = try TestSupport.run(["convert", sample.path, "-o", "x.yaml", "--out-dir", "d"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("either -o/--output or --out-dir"))
        let format = try TestSupport.run(["convert", sample.path, "--to", "rtf"])
        #expect(format.status == 64)
        #expect(format.stderr.contains("unknown output format 'rtf'"))
        let readOnly = try TestSupport.run(["convert", sample.path, "--to", "docx"])
        #expect(readOnly.status == 64)
        #expect(readOnly.stderr.contains("can read docx but not write it"))
        let none = try TestSupport.run(["convert"])
        #expect(none.status == 64)
    }

    @Test func missingFolderAndMissingInputAreClearErrors() throws {
        let missing = try TestSupport.run(["convert", folder.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yaml: error: no such file"), "\(missing.stderr)")
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let directory = try TestSupport.run(["convert", empty.path])
        #expect(directory.status == 64)
        #expect(directory.stderr.contains("the folder holds no file Jixiao can read"), "\(directory.stderr)")
        let noFolder = try TestSupport.run(["convert", sample.path, "-o", folder.appendingPathComponent("no/such/out.yaml").path])
        #expect(noFolder.status == 2)
        #expect(noFolder.stderr.contains("does not exist"), "\(noFolder.stderr)")
    }

    @Test func aFolderStandsForTheFilesInIt() throws {
        let inputs = folder.appendingPathComponent("in/sub")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try Data(CanonicalYAMLTests.sample.utf8).write(to: inputs.appendingPathComponent("a.yaml"))
        try Data("format: jixiao/1\nkind: department\n".utf8).write(to: inputs.appendingPathComponent("b.yml"))
        try Data("ignored".utf8).write(to: inputs.appendingPathComponent("notes.md"))
        try Data("format: jixiao/1\nkind: x\n".utf8).write(to: inputs.appendingPathComponent("c.yaml"))
        let outDir = folder.appendingPathComponent("out")
        let result = try TestSupport.run(["convert", "in", "--out-dir", "out", "-j", "2"], in: folder)
        #expect(result.status == 2, "one input is broken")
        #expect(result.stderr.contains("in/sub/c.yaml:2:7: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("converted 2 of 3 inputs, 0 warnings, 1 failed"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outDir.path).sorted() == ["a.yaml", "b.yaml"])
        #expect(try String(contentsOf: outDir.appendingPathComponent("a.yaml"), encoding: .utf8) == CanonicalYAMLTests.sample)
    }

    @Test func helpTeachesWithExamples() throws {
        let help = try TestSupport.run(["convert", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        #expect(help.stdout.contains("--out-dir"))
        let top = try TestSupport.run(["--help"])
        #expect(top.stdout.contains("convert"))
        #expect(top.stdout.contains("formats"))
    }

    @Test func formatsListsReadersAndWriters() throws {
        let table = try TestSupport.run(["formats"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("yaml"))
        let json = try TestSupport.run(["formats", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let yaml = try #require(entries.first { $0["name"] as? String == "yaml" })
        #expect(yaml["read"] as? Bool == true)
        #expect(yaml["write"] as? Bool == true)
        #expect(yaml["extensions"] as? [String] == ["yaml", "yml"])
    }
}
