import Foundation
@testable import Jixiao

/// Writes filings into a template's XLSX form and reads them back, through the registered
/// format's writer and reader; any source of filings (YAML fixtures, text seeds) can use it.
enum XLSXRoundTrip {
    static let fixtures = TestSupport.fixtures.appendingPathComponent("xlsx")

    /// Each template's latest version: the one `--template ID` writes.
    static var templates: [String] { (try? TemplateCatalog.standard().latest.map(\.reference)) ?? [] }

    /// Every canonical YAML fixture of the XLSX tests, by file name.
    static var fixtureNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func fixture(_ name: String) throws -> Filing {
        let url = fixtures.appendingPathComponent(name)
        let filings = try CanonicalYAML.decode([UInt8](Data(contentsOf: url)), file: name)
        precondition(filings.count == 1, "an XLSX fixture holds one filing")
        return filings[0]
    }

    /// Writes `filing` with `template` to a file in `folder`; returns its path and the writer's diagnostics.
    static func write(_ filing: Filing, template: String, in folder: URL, name: String = "form") throws -> (URL, [Diagnostic]) {
        let url = folder.appendingPathComponent("\(name).xlsx")
        let format = FormatRegistry.format(named: "xlsx")!
        let diagnostics = try format.writer!.write([filing], to: url, options: WriteOptions(template: template))
        return (url, diagnostics)
    }

    static func read(_ url: URL) throws -> ReadResult {
        let bytes = [UInt8](try Data(contentsOf: url))
        return try FormatRegistry.format(named: "xlsx")!.reader!.read(InputDocument(name: url.lastPathComponent, bytes: bytes), options: ReadOptions())
    }

    /// filing -> XLSX (template) -> filing.
    static func roundTrip(_ filing: Filing, template: String) throws -> Filing {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, _) = try write(filing, template: template, in: folder)
        let result = try read(url)
        precondition(result.filings.count == 1, "one form holds one filing")
        return result.filings[0]
    }
}
