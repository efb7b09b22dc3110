import Foundation
import Testing
@testable import Jixiao

/// Every example filing, read from its text, through every template: text -> XLSX -> canonical
/// equals text -> canonical, and a form migrated to every other template keeps every value.
@Suite struct TextToXLSXMatrixTests {
    static let examples: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.examples.path)) ?? [])
        .filter { $0.hasSuffix(".txt") }.sorted()

    static func filings(_ example: String) throws -> [Filing] {
        let input = try InputLoader.load(TestSupport.examples.appendingPathComponent(example).path)
        return try Conversion.read(input, from: nil).filings
    }

    @Test func theMatrixCoversEveryExampleAndTemplate() throws {
        #expect(Self.examples.count == 5)
        #expect(XLSXRoundTrip.templates.count >= 6)
        #expect(try Self.examples.map { try Self.filings($0).count } == [2, 5, 1, 1, 1])
    }

    @Test(arguments: examples)
    func textToXLSXToCanonicalEqualsTextToCanonical(example: String) throws {
        for (index, filing) in try Self.filings(example).enumerated() {
            for template in XLSXRoundTrip.templates {
                let back = try XLSXRoundTrip.roundTrip(filing, template: template)
                #expect(back == filing, "\(example) #\(index + 1) through \(template)")
            }
        }
    }

    /// The round trip above is exact through the hidden sheet; this checks what the form itself shows.
    @Test(arguments: examples)
    func theVisibleFormAloneGivesBackEveryShownValue(example: String) throws {
        for filing in try Self.filings(example) {
            for template in XLSXRoundTrip.templates {
                try XLSXRoundTripTests.checkVisibleFormAlone(filing, template: template)
            }
        }
    }

    @Test(arguments: examples)
    func formsMigratedBetweenTemplatesKeepEveryValue(example: String) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for filing in try Self.filings(example) {
            for (source, target) in zip(XLSXRoundTrip.templates, XLSXRoundTrip.templates.dropFirst() + XLSXRoundTrip.templates.prefix(1)) {
                let (first, _) = try XLSXRoundTrip.write(filing, template: source, in: folder, name: "source")
                let read = try XLSXRoundTrip.read(first).filings
                let (second, _) = try XLSXRoundTrip.write(read[0], template: target, in: folder, name: "target")
                #expect(try XLSXRoundTrip.read(second).filings == [filing], "\(example): \(source) -> \(target)")
            }
        }
    }
}
