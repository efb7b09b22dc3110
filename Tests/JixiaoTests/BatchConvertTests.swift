import Foundation
import Testing
@testable import Jixiao

/// `convert` over a folder of mixed inputs, as a bureau runs it: the good ones are converted, the
/// broken ones reported, and the exit status says whether any failed.
@Suite struct BatchConvertTests {
    /// A folder with the five examples, one of them again as GB18030, and three broken inputs.
    static func mixedFolder() throws -> URL {
        let folder = try TestSupport.temporaryFolder().appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.examples.path) where name.hasSuffix(".txt") {
            try FileManager.default.copyItem(at: TestSupport.examples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        // Encoded by Python's codec, not by the Foundation the reader decodes with.
        let encode = try TestSupport.runProgram(URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", "-c", "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode('gb18030'))",
            TestSupport.examples.appendingPathComponent("hunan-hengyang-2024-department.txt").path,
            folder.appendingPathComponent("hunan-gb18030.txt").path,
        ])
        try #require(encode.status == 0, "\(encode.stderr)")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0xFF, 0xFE, 0x00]).write(to: folder.appendingPathComponent("scan.txt"))
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        try Data("format: jixiao/1\nkind: project\n  title: x\n".utf8).write(to: folder.appendingPathComponent("broken.yaml"))
        return folder
    }

    @Test func goodInputsAreConvertedAndBrokenOnesReported() throws {
        let folder = try Self.mixedFolder()
        let out = folder.deletingLastPathComponent().appendingPathComponent("out")
        let result = try TestSupport.run(["convert", folder.path, "--out-dir", out.path, "-j", "2", "--format", "json"])
        #expect(result.status == 2, "broken inputs make the exit status 2")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stderr.utf8)) as? [String: Any])
        #expect(report["converted"] as? Int == 6)
        #expect(report["failed"] as? Int == 3)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        let failed = inputs.filter { $0["failed"] as? Bool == true }.map { URL(fileURLWithPath: $0["input"] as! String).lastPathComponent }
        #expect(failed.sorted() == ["broken.yaml", "empty.txt", "scan.txt"])
        let reasons = inputs.filter { $0["failed"] as? Bool == true }.compactMap { ($0["diagnostics"] as? [[String: Any]])?.last?["id"] as? String }
        #expect(reasons.sorted() == ["empty-input", "text-binary", "yaml-syntax"])
        // Every good input's filings were written; the GB18030 copy reads as its UTF-8 original.
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(written.count == 2 + 5 + 1 + 1 + 1 + 1)
        let original = try String(contentsOf: out.appendingPathComponent("hunan-hengyang-2024-department.yaml"), encoding: .utf8)
        let converted = try String(contentsOf: out.appendingPathComponent("hunan-gb18030.yaml"), encoding: .utf8)
        #expect(converted.replacingOccurrences(of: "hunan-gb18030.txt", with: "hunan-hengyang-2024-department.txt") == original)
        #expect(!written.contains { $0.hasSuffix(".partial") })
    }

    @Test func onlyGoodInputsExitZeroAndTheSummaryCounts() throws {
        let folder = try Self.mixedFolder()
        for broken in ["scan.txt", "empty.txt", "broken.yaml"] {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(broken))
        }
        let out = folder.deletingLastPathComponent().appendingPathComponent("out")
        let result = try TestSupport.run(["convert", folder.path, "--out-dir", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("converted 6 of 6 inputs"), "\(result.stderr)")
        // --quiet: errors only, no summary.
        let quiet = try TestSupport.run(["convert", folder.path, "--out-dir", out.appendingPathComponent("q").path, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test func anInterruptLeavesNoHalfWrittenFile() throws {
        let folder = try TestSupport.temporaryFolder()
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let example = try Data(contentsOf: TestSupport.examples.appendingPathComponent("hubei-ezhou-2024-department.txt"))
        for index in 0..<3000 { try example.write(to: inputs.appendingPathComponent("f\(index).txt")) }
        let out = folder.appendingPathComponent("out")
        let process = Process()
        process.executableURL = TestSupport.binary
        process.arguments = ["convert", inputs.path, "--out-dir", out.path, "--quiet", "-j", "2"]
        process.standardError = Pipe()
        try process.run()
        // Interrupt once some outputs exist.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: out.path).count) ?? 0) < 5 { usleep(5000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(process.terminationStatus == 130, "stopped by the interrupt")
        #expect(written.count < 3000)
        #expect(!written.contains { $0.hasPrefix(".") || $0.hasSuffix(".partial") }, "\(written.filter { $0.hasPrefix(".") })")
        for name in written {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(text.hasPrefix("format: jixiao/1\n") && text.hasSuffix("\n"), "\(name) is complete")
        }
    }
}

/// Folders are listed with readdir.
@Suite struct InputExpansionTests {
    @Test func everyFileOfALargeFolderIsFoundByItsWholeName() throws {
        // Found by AddressSanitizer (scripts/sanitize.sh): copying an entry's 256-byte name field
        // read past the end of readdir's buffer when a short record ended it.
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String] = []
        for index in 0..<3000 {
            let name = String(repeating: "指", count: index % 7) + "f\(index).txt"
            names.append(name)
            FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data("x".utf8))
        }
        let found = try InputExpansion.expand([folder.path]).map { ($0 as NSString).lastPathComponent }
        #expect(found.sorted() == names.sorted())
    }
}
