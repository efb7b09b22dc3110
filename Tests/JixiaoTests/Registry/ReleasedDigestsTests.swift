import Foundation
import Testing
@testable import Jixiao

/// The SHA-256 a local registry locks its released files with, against FIPS 180-4's known
/// answers and the digests `sha256sum` wrote into the shipped Schemas/released.sha256.
@Suite struct ReleasedDigestsTests {
    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks of padding: 56 bytes.
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func everyShippedReleasedFileHasTheDigestSha256sumLocked() throws {
        let schemas = TestSupport.packageRoot.appendingPathComponent("Schemas")
        let locked = try ReleasedDigests.read(TestSupport.packageRoot)
        #expect(!locked.isEmpty)
        for (path, digest) in locked {
            #expect(SHA256.hex(try [UInt8](Data(contentsOf: schemas.appendingPathComponent(path)))) == digest, "\(path)")
        }
    }
}
