import Foundation
import Testing
@testable import Jixiao

/// The zip layer under the XLSX and Word readers, on archives made by another program (Info-ZIP's
/// `zip`: Fixtures/zip/README.md says how) and on damaged ones found by fuzzing.
@Suite struct ZipArchiveTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestSupport.fixtures.appendingPathComponent(name)))
    }

    /// A filing's indicators as text, without the file name its positions carry.
    static func indicators(_ bytes: [UInt8]) throws -> [String] {
        let result = try DocxFilingReader().read(InputDocument(name: "in.docx", bytes: bytes), options: ReadOptions())
        return result.filings.flatMap { $0.indicators.map { "\(String(describing: $0.level1))|\(String(describing: $0.level2))|\($0.name)|\(String(describing: $0.op))|\(String(describing: $0.value))|\($0.unit ?? "")" } }
    }

    @Test func zip64AndStoredArchivesReadAsTheOriginal() throws {
        let original = try Self.indicators(Array(try Data(contentsOf: TestSupport.examples.appendingPathComponent("hubei-qingshan-2020-project.docx"))))
        #expect(original.count == 7)
        #expect(try Self.indicators(Self.fixture("zip/zip64.docx")) == original)
        #expect(try Self.indicators(Self.fixture("zip/stored.docx")) == original)
    }

    @Test func theDirectoryIsReadAsInfoZIPWroteIt() throws {
        // `unzip -v` on the fixture: 24 entries, the zip64 end record pointing to the directory.
        let archive = try ZipArchive(bytes: Self.fixture("zip/zip64.docx"))
        #expect(archive.entries.count == 24)
        let document = try #require(archive.entries.first { $0.path == "word/document.xml" })
        #expect(document.method == 8)
        #expect(document.uncompressedSize == 8969)
        #expect(document.compressedSize == 1320)
        #expect(document.checksum == 0x32BA_2926)
        // Every entry inflates to its size and checksum, from memory and from the file alike.
        let fromFile = try ZipArchive(fileAt: TestSupport.fixtures.appendingPathComponent("zip/zip64.docx").path)
        for (entry, sameEntry) in zip(archive.entries, fromFile.entries) {
            for source in [archive, fromFile] {
                var size: UInt64 = 0
                var checksum: UInt32 = 0
                try source.read(sameEntry) { bytes in
                    size += UInt64(bytes.count)
                    checksum = ZipChecksum.crc32(bytes, continuing: checksum)
                }
                #expect(size == entry.uncompressedSize, "\(entry.path)")
                #expect(checksum == entry.checksum, "\(entry.path)")
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aDeflateStreamThatNeverEndsIsATruncatedPartNotAHang() throws {
        // Found by fuzzing (the xlsx target): the zip library used before read on past the part
        // and the file without end. The inflater is now fed the part's compressed bytes only.
        let bytes = try Self.fixture("fuzz/deflate-never-ends.xlsx")
        let error = TestSupport.error { _ = try XLSXWorkbookReader.read(bytes, file: "in.xlsx") }
        #expect(error?.id == "xlsx-bad-zip")
        #expect(error?.message.contains("its compressed bytes end before its deflate stream does") == true)
    }

    /// Every byte of an entry, as read.
    static func inflated(_ archive: ZipArchive, _ entry: ZipArchive.Entry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try archive.read(entry) { bytes.append(contentsOf: $0) }
        return bytes
    }

    @Test func anInflatedSizeTheDirectoryMisstatesStillGivesEveryByte() throws {
        // An entry of up to a megabyte is inflated in one call into a buffer of the size the
        // directory gives; a size one byte short or long, none at all, or past the limit, is read
        // a piece at a time instead, to the same bytes.
        let original = Array(try Data(contentsOf: TestSupport.examples.appendingPathComponent("hubei-qingshan-2020-project.docx")))
        let archive = try ZipArchive(bytes: original)
        let entry = try #require(archive.entries.first { $0.path == "word/document.xml" })
        #expect(entry.method == 8)
        let expected = try Self.inflated(archive, entry)
        #expect(expected.count == Int(entry.uncompressedSize))
        #expect(ZipChecksum.crc32(UnsafeRawBufferPointer(start: expected, count: expected.count)) == entry.checksum)
        let name = Array(entry.path.utf8)
        let central = try #require((0..<(original.count - 46 - name.count)).first {
            original[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) && original[($0 + 46)...].starts(with: name)
        })
        for claimed in [entry.uncompressedSize - 1, entry.uncompressedSize + 1, 0, 3 << 20] {
            var bytes = original
            for offset in 0..<4 { bytes[central + 24 + offset] = UInt8(truncatingIfNeeded: claimed >> (8 * UInt64(offset))) }
            let misstated = try ZipArchive(bytes: bytes)
            let same = try #require(misstated.entries.first { $0.path == entry.path })
            #expect(same.uncompressedSize == claimed)
            #expect(try Self.inflated(misstated, same) == expected, "claimed \(claimed)")
        }
    }

    @Test func anEntryOutsideTheFileIsDamageNotARead() throws {
        var bytes = try Self.fixture("zip/stored.docx")
        // The first local header's offset in the first central directory entry, set past the end.
        let central = try #require((0..<(bytes.count - 4)).last { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) && bytes[($0 + 46)...].starts(with: Array("[Content_Types].xml".utf8)) })
        for offset in 0..<4 { bytes[central + 42 + offset] = 0xF0 }
        let archive = try ZipArchive(bytes: bytes)
        #expect(throws: ZipArchive.Damage.self) { try archive.read(archive.entries[0]) { _ in } }
    }
}
