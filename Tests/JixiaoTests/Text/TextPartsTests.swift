import Foundation
import Testing
@testable import Jixiao

/// A long text is read part by part (cut before filing titles) to bound memory: reading it so
/// must give exactly what reading each of its documents alone gives.
@Suite struct TextPartsTests {
    struct Row: Equatable {
        var level1, level2: String?
        var name: String
        var op: String?
        var value: String?
        var unit: String?
        var line: Int?
    }

    private func rows(_ text: String, lineOffset: Int = 0) throws -> [Row] {
        let read = try TextFilingReader().read(InputDocument(name: "long.txt", bytes: Array(text.utf8)), options: ReadOptions())
        return read.filings.flatMap(\.indicators).map {
            Row(level1: $0.level1, level2: $0.level2, name: $0.name, op: $0.op?.rawValue, value: $0.value?.description, unit: $0.unit,
                line: $0.source?.line.map { $0 + lineOffset })
        }
    }

    @Test func aLongTextReadInPartsGivesWhatItsDocumentsGiveAlone() throws {
        // The examples, each ending in a line break: the same five documents over and over until
        // the text is several parts long.
        let documents = try TextSeeds.names.map { name -> String in
            let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Examples/\(name).txt"), encoding: .utf8)
            return text.hasSuffix("\n") ? text : text + "\n"
        }
        let one = documents.joined()
        let lineCount = one.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let copies = TextFilingReader.partLines * 3 / lineCount + 1
        let long = String(repeating: one, count: copies)
        let lines = TextDecoding.lines(of: long)
        let lookup = try TextFilingReader.lookup(for: long, options: ReadOptions())
        #expect(TextFilingReader.parts(of: lines, lookup: lookup).count >= 2)

        let single = try rows(one)
        #expect(!single.isEmpty)
        let expected = (0..<copies).flatMap { copy in single.map { var row = $0; row.line = row.line.map { $0 + copy * lineCount }; return row } }
        #expect(try rows(long) == expected)
    }
}
