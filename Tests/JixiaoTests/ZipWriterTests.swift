import Foundation
import Testing
import ZIPFoundation
@testable import Jixiao

/// The stored-entry zip writer behind `jixiao serve`'s batch downloads, read back by the
/// project's own reader and by ZIPFoundation (an independent one).
@Suite struct ZipWriterTests {
    static let entries: [(String, [UInt8])] = [
        ("表一.xlsx", Array("第一个".utf8)), ("empty.yaml", []), ("folder/b.yaml", (0..<70_000).map { UInt8($0 % 251) }),
    ]

    static func written() throws -> [UInt8] {
        var zip = ZipWriter(modified: Date(timeIntervalSince1970: 1_764_460_800))  // 2025-11-30
        for (name, content) in entries { try zip.add(name, content) }
        return try zip.finished()
    }

    @Test func ourReaderReadsEveryEntryBack() throws {
        let archive = try ZipArchive(bytes: Self.written())
        #expect(archive.entries.map(\.path) == Self.entries.map(\.0))
        for (entry, (_, content)) in zip(archive.entries, Self.entries) {
            var read: [UInt8] = []
            try archive.read(entry) { read += $0 }
            #expect(read == content)
            #expect(entry.method == 0)
            #expect(entry.checksum == content.withUnsafeBytes { ZipChecksum.crc32($0) })
        }
    }

    @Test func zipFoundationReadsEveryEntryBack() throws {
        let archive = try Archive(data: Data(Self.written()), accessMode: .read)
        #expect(archive.map(\.path) == Self.entries.map(\.0))
        for (name, content) in Self.entries {
            let entry = try #require(archive[name])
            var read = Data()
            _ = try archive.extract(entry) { read.append($0) }
            #expect([UInt8](read) == content)
        }
    }

    @Test func namesAreRelativeAndUsedOnce() throws {
        var zip = ZipWriter()
        for bad in ["", "/abs", "a/../b", "a//b", "back\\slash", "."] {
            #expect(throws: JixiaoError.self) { try zip.add(bad, [1]) }
        }
        try zip.add("a.xlsx", [1])
        #expect(throws: JixiaoError.self) { try zip.add("a.xlsx", [2]) }
        #expect(zip.unusedName("a.xlsx") == "a-2.xlsx")
        try zip.add("a-2.xlsx", [2])
        #expect(zip.unusedName("a.xlsx") == "a-3.xlsx")
        #expect(zip.unusedName("b.xlsx") == "b.xlsx")
    }
}
