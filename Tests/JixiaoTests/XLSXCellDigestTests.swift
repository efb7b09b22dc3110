import Foundation
import Testing
@testable import Jixiao

/// The cell digest that lets an unedited form be taken from its hidden copy: it holds for every
/// form as written, it changes with any edit a reader would see, and taking the hidden copy gives
/// exactly what reading the whole layout gives.
@Suite struct XLSXCellDigestTests {
    static let cases = XLSXRoundTripTests.cases

    /// The digest of a one-form and a four-form workbook of `filings`, written and read back.
    static func written(_ filings: [Filing], template: String) throws -> [UInt8] {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("form.xlsx")
        _ = try FormatRegistry.format(named: "xlsx")!.writer!.write(filings, to: url, options: WriteOptions(template: template))
        return try [UInt8](Data(contentsOf: url))
    }

    @Test(arguments: cases)
    func everyFormAsWrittenHasTheDigestItsMetadataSheetGives(fixture: String, template: String) throws {
        let bytes = try Self.written([try XLSXRoundTrip.fixture(fixture)], template: template)
        let sheets = try XLSXWorkbookReader.read(bytes, file: "form.xlsx")
        let metadata = try #require(sheets.first { $0.name == XLSXTemplateWriter.metadataSheet })
        let rows = metadata.rowNumbers.filter { metadata.value(row: $0, column: 0)?.description == "digest" }
        try #require(rows.count == 1)
        let name = try #require(metadata.value(row: rows[0], column: 2)?.description)
        let form = try #require(sheets.first { $0.name == name })
        let yaml = metadata.rowNumbers.filter { metadata.value(row: $0, column: 0)?.description == "filing" }
            .compactMap { metadata.value(row: $0, column: 1)?.description }.joined()
        let cells = XLSXCellDigest(form)
        #expect(cells.count > 10)
        let digest = cells.adding(.copy(yaml))
        #expect(digest.text == metadata.value(row: rows[0], column: 1)?.description)
        // Unmerging a range, or a copy edited on its own, is an edit.
        var unmerged = form
        unmerged.merges.removeLast()
        let withoutMerge = XLSXCellDigest(unmerged).adding(.copy(yaml))
        #expect(withoutMerge != digest)
        let otherCopy = XLSXCellDigest(form).adding(.copy(yaml.replacingOccurrences(of: "name:", with: "name: ")))
        #expect(otherCopy != digest)
    }

    /// Every real filing (Tests/RealFilings, read by the text reader) through every template comes
    /// back as written from an unedited form, and the same from reading the form's whole layout
    /// (the way an edited form is read): filings nobody here laid out for these forms.
    @Test(arguments: XLSXRoundTrip.templates)
    func everyRealFilingComesBackAsWrittenFromAnUneditedForm(template: String) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RealFilings")
        let texts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        try #require(texts.count >= 40)
        var compared = 0
        for text in texts {
            let input = InputDocument(name: text, bytes: try [UInt8](Data(contentsOf: folder.appendingPathComponent(text))))
            guard let filings = try? TextFilingReader().read(input, options: ReadOptions()).filings else { continue }
            let bytes = try Self.written(filings, template: template)
            let read = try XLSXTemplateReader().read(InputDocument(name: "form.xlsx", bytes: bytes), options: ReadOptions())
            #expect(read.filings == filings, "\(text)")
            #expect(read.diagnostics.allSatisfy { $0.severity == .info }, "\(text)")
            let full = try XLSXTemplateReader(trustDigests: false).read(InputDocument(name: "form.xlsx", bytes: bytes), options: ReadOptions())
            #expect(full.filings == filings, "\(text), its whole layout read")
            // For a caller that writes YAML files: a one-form workbook's copy, as the writer writes it.
            let copied = try XLSXTemplateReader().read(InputDocument(name: "form.xlsx", bytes: bytes), options: ReadOptions(canonicalTextSuffices: true))
            if filings.count == 1 {
                let written = String(decoding: try CanonicalYAML.encode(filings), as: UTF8.self)
                #expect(copied.filings.isEmpty && copied.canonicalTexts == [written], "\(text)")
            } else {
                #expect(copied.canonicalTexts.isEmpty && copied.filings == filings, "\(text)")
            }
            #expect(copied.diagnostics.map(\.description) == read.diagnostics.map(\.description), "\(text)")
            compared += 1
        }
        #expect(compared >= 40)
    }

    /// Taking the hidden copy of an unedited form, and reading its whole layout over it, agree.
    @Test(arguments: cases)
    func theHiddenCopyOfAnUneditedFormIsWhatReadingItsLayoutGives(fixture: String, template: String) throws {
        let bytes = try Self.written([try XLSXRoundTrip.fixture(fixture)], template: template)
        try Self.expectBothWaysAgree(bytes)
    }

    @Test(arguments: XLSXRoundTrip.templates)
    func aWorkbookOfFourFormsComesBackTheSameBothWays(template: String) throws {
        let filings = try XLSXWorkbookTests.unitFiles.map(XLSXRoundTrip.fixture)
        try Self.expectBothWaysAgree(try Self.written(filings, template: template))
    }

    static func expectBothWaysAgree(_ bytes: [UInt8]) throws {
        let trusted = try XLSXTemplateReader(trustDigests: true).read(InputDocument(name: "form.xlsx", bytes: bytes), options: ReadOptions())
        let full = try XLSXTemplateReader(trustDigests: false).read(InputDocument(name: "form.xlsx", bytes: bytes), options: ReadOptions())
        #expect(trusted.filings == full.filings)
        #expect(try CanonicalYAML.encode(trusted.filings) == CanonicalYAML.encode(full.filings))
        // The same lines, less what reading the cells again says about values the filing already
        // had when it was written (a unit the mapping does not know, kept as written).
        let repeated = full.diagnostics.filter { !trusted.diagnostics.map(\.description).contains($0.description) }
        #expect(trusted.diagnostics.allSatisfy { line in full.diagnostics.contains { $0.description == line.description } })
        #expect(repeated.allSatisfy { $0.id == "unknown-unit" }, "\(repeated)")
    }

    /// The digest's value, worked out by an independent implementation (FNV-1a over kind, 64-bit
    /// little-endian row and column and UTF-8 text, each hash finished by splitmix64 with two seeds
    /// and summed; Python, in BENCHMARKS.md's fifth round): forms written before a change to the
    /// digest would no longer count as unedited, so a change shows here first.
    @Test func aKnownDigestKeepsItsValue() {
        var digest = XLSXCellDigest()
        digest.add(row: 0, column: 0, .text("一级指标"))
        digest.add(row: 1, column: 2, .number(95))
        digest.addMerge(rows: 1...2, columns: 0...0)
        #expect(digest.adding(.copy("format: jixiao/1\n")).text == "4:543a575df6073464:35f57e55e8351a15")
    }

    @Test func theOrderCellsComeInDoesNotMatterButEveryCellDoes() {
        let cells: [(Int, Int, CellValue)] = [(0, 0, .text("一级指标")), (1, 2, .number(95)), (3, 1, .text("≥95%")), (2, 0, .text(" "))]
        var forward = XLSXCellDigest(), backward = XLSXCellDigest()
        for (row, column, value) in cells { forward.add(row: row, column: column, value) }
        for (row, column, value) in cells.reversed() { backward.add(row: row, column: column, value) }
        #expect(forward == backward)
        #expect(forward.count == 3)  // the blank cell is no cell, as a reader sees it
        func digest(changing index: Int, to cell: (Int, Int, CellValue)) -> XLSXCellDigest {
            var changed = XLSXCellDigest()
            for (position, original) in cells.enumerated() {
                let (row, column, value) = position == index ? cell : original
                changed.add(row: row, column: column, value)
            }
            return changed
        }
        #expect(digest(changing: 0, to: (0, 0, .text("一级指标 "))) != forward)  // a value
        #expect(digest(changing: 1, to: (1, 2, .text("95"))) != forward)  // a number become text
        #expect(digest(changing: 1, to: (2, 1, .number(95))) != forward)  // a cell moved
        #expect(digest(changing: 2, to: (3, 1, .text("≥96%"))) != forward)
    }
}
