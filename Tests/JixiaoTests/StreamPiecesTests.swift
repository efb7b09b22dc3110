import Foundation
import Testing
@testable import Jixiao

/// Long YAML streams cut into pieces for several reading threads: the pieces hold whole
/// documents, read back to the same filings, and place errors on the file's own lines.
@Suite struct StreamPiecesTests {
    static func stream(_ count: Int, seed: UInt64 = 7) throws -> (filings: [Filing], bytes: [UInt8]) {
        var generator = RandomFilings(seed: seed)
        let filings = (0..<count).map { _ in generator.filing() }
        return (filings, try CanonicalYAML.encode(filings))
    }

    static func pieces(_ bytes: [UInt8], size: Int) -> [FilePiece] {
        bytes.withUnsafeBufferPointer { YAMLDocumentSplitter.pieces(of: $0, size: size) }
    }

    @Test func piecesHoldWholeDocumentsAndReadBackToTheSameFilings() throws {
        let (filings, bytes) = try Self.stream(60)
        for size in [1, 500, 4_000, 50_000] {
            let pieces = Self.pieces(bytes, size: size)
            #expect(pieces.count > 1, "size \(size)")
            #expect(pieces.first?.range.lowerBound == 0)
            #expect(pieces.last?.range.upperBound == bytes.count)
            var read: [Filing] = []
            for (piece, next) in zip(pieces, pieces.dropFirst()) {
                #expect(piece.range.upperBound == next.range.lowerBound)
                #expect(bytes[next.range].starts(with: Array("---".utf8)))
            }
            for piece in pieces {
                let lines = bytes[..<piece.range.lowerBound].filter { $0 == 0x0A }.count
                #expect(piece.firstLine == lines + 1)
                try CanonicalYAML.decodeEach(Array(bytes[piece.range]), file: "s.yaml", firstLine: piece.firstLine) { read.append($0) }
            }
            #expect(read == filings, "size \(size)")
        }
    }

    /// From a file the text comes in blocks of 1 MiB: lines cut by a block's end are carried over.
    @Test func aFileIsCutAsItsTextIs() throws {
        let (_, bytes) = try Self.stream(900, seed: 3)
        #expect(bytes.count > 2 << 20)
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("long.yaml")
        try Data(bytes).write(to: file)
        for size in [10_000, 256 << 10, 1 << 20] {
            #expect(try YAMLDocumentSplitter.pieces(ofFileAt: file.path, size: size) == Self.pieces(bytes, size: size))
        }
        try Data("%YAML 1.1\n".utf8 + bytes).write(to: file)
        #expect(try YAMLDocumentSplitter.pieces(ofFileAt: file.path, size: 10_000) == [FilePiece(range: 0..<(bytes.count + 10), firstLine: 1)])
    }

    @Test func aDocumentMarkerInsideABlockOrAfterCommentsIsNoCut() {
        let text = "# a comment\n\n---\nformat: jixiao/1\nkind: project\nbasis: |\n  ---\n  not a document\n--- \nformat: jixiao/1\nkind: project\n"
        let pieces = Self.pieces(Array(text.utf8), size: 1)
        #expect(pieces.map(\.firstLine) == [1, 9])
        let directives = "%YAML 1.1\n---\nformat: jixiao/1\nkind: project\n---\nformat: jixiao/1\nkind: project\n"
        #expect(Self.pieces(Array(directives.utf8), size: 1).count == 1)
    }

    @Test func anErrorInALaterPieceIsPlacedOnTheFilesLine() throws {
        var (_, bytes) = try Self.stream(40)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let badLine = lines.count - 3
        bytes = Array(lines.enumerated().map { $0.offset == badLine - 1 ? Array("kind: [unclosed".utf8) : Array($0.element) }.joined(separator: [0x0A]))
        let whole: JixiaoError
        do {
            _ = try CanonicalYAML.decode(bytes, file: "s.yaml")
            Issue.record("expected an error")
            return
        } catch let error as JixiaoError {
            whole = error
        }
        var pieced: JixiaoError?
        for piece in Self.pieces(bytes, size: 2_000) {
            do {
                try CanonicalYAML.decodeEach(Array(bytes[piece.range]), file: "s.yaml", firstLine: piece.firstLine) { _ in }
            } catch let error as JixiaoError {
                #expect(piece.firstLine > 1, "the error should fall in a later piece")
                pieced = error
                break
            }
        }
        #expect(pieced?.position == whole.position)
        #expect(pieced?.message == whole.message)
    }

    /// The export reads a long stream in pieces on two threads and writes the same rows, in order,
    /// as from the stream read whole on one.
    @Test func theExportOfALongStreamIsTheSameInPieces() throws {
        let folder = try TestSupport.temporaryFolder()
        var generator = RandomFilings(seed: 11)
        var filings: [Filing] = []
        var size = 0
        while size < OrderedFilingStream.pieceSize * 3 {
            let filing = generator.filing()
            filings.append(filing)
            size += try CanonicalYAML.encode([filing]).count
        }
        let stream = folder.appendingPathComponent("long.yaml")
        try Data(try CanonicalYAML.encode(filings)).write(to: stream)
        #expect(try CanonicalYAMLReader().pieces(ofFileAt: stream.path, size: OrderedFilingStream.pieceSize).count >= 3)
        var read: [Filing] = []
        try OrderedFilingStream.run(files: [stream.path], from: nil, jobs: 2, prepare: { $0 }, consume: { read.append($0) }) { _, outcome in
            guard case .read(let count, _) = outcome else {
                Issue.record("the stream was not read: \(outcome)")
                return
            }
            #expect(count == filings.count)
        }
        #expect(read == filings)
    }
}
