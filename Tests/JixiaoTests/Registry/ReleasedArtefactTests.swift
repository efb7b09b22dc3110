import Foundation
import Testing
@testable import Jixiao

/// A released artefact never changes: Schemas/released.sha256 (the format of `sha256sum`)
/// holds the digest of every released file (Mappings/ ones too, as ../Mappings/...), and the files must still match it. A change is a
/// new version in a new file.
@Suite struct ReleasedArtefactTests {
    static let schemas = TestSupport.packageRoot.appendingPathComponent("Schemas")

    @Test func everyReleasedArtefactHasADigest() throws {
        let lock = try String(contentsOf: Self.schemas.appendingPathComponent("released.sha256"), encoding: .utf8)
        let locked = Set(lock.split(separator: "\n").compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) })
        let released = try RegistryListing.standard().artefacts().filter { $0.status == .released }
        #expect(!released.isEmpty)
        for artefact in released {
            // Paths relative to Schemas/; a released mapping is ../Mappings/ID@VERSION.yaml.
            let relative = artefact.file.hasPrefix(Self.schemas.path + "/")
                ? String(artefact.file.dropFirst(Self.schemas.path.count + 1))
                : "../" + artefact.file.dropFirst(TestSupport.packageRoot.path.count + 1)
            #expect(locked.contains(relative), "\(relative) is released but has no line in Schemas/released.sha256")
        }
    }

    @Test func releasedFilesStillMatchTheirDigests() throws {
        let result = try TestSupport.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum", "--check", "--quiet", "released.sha256"], in: Self.schemas)
        #expect(result.status == 0, "a released artefact changed: \(result.stdout)\(result.stderr)")
    }
}
