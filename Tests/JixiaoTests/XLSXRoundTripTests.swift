import Foundation
import Testing
@testable import Jixiao

/// Every fixture through every template, and every template into every other: nothing lost.
@Suite struct XLSXRoundTripTests {
    static let cases: [(String, String)] = XLSXRoundTrip.fixtureNames.flatMap { fixture in
        XLSXRoundTrip.templates.map { (fixture, $0) }
    }

    @Test func theMatrixIsComplete() {
        #expect(XLSXRoundTrip.fixtureNames.count == 5)
        #expect(XLSXRoundTrip.templates.count == 6)
    }

    @Test(arguments: cases)
    func yamlToXLSXToCanonicalIsTheSameFiling(fixture: String, template: String) throws {
        let filing = try XLSXRoundTrip.fixture(fixture)
        let back = try XLSXRoundTrip.roundTrip(filing, template: template)
        #expect(back == filing)
        #expect(try CanonicalYAML.encode([back]) == CanonicalYAML.encode([filing]))
    }

    /// Without the hidden sheet, every cell the form shows is still read back to the same value.
    @Test(arguments: cases)
    func theVisibleFormAloneGivesBackEveryShownValue(fixture: String, template reference: String) throws {
        try Self.checkVisibleFormAlone(try XLSXRoundTrip.fixture(fixture), template: reference)
    }

    /// Writes `filing`, removes the hidden sheet, reads the form and compares every shown cell.
    static func checkVisibleFormAlone(_ filing: Filing, template reference: String) throws {
        let template = try TemplateCatalog.standard().template(reference)
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (url, _) = try XLSXRoundTrip.write(filing, template: reference, in: folder)
        let stripped = try XLSXTestFiles.replacing(try XLSXTestFiles.lastSheetPart(in: url), with: XLSXTestFiles.sheet([]), in: url)
        let read = try XLSXTemplateReader().read(InputDocument(name: "form.xlsx", bytes: stripped), options: ReadOptions())
        let back = try #require(read.filings.first)
        #expect(read.filings.count == 1)
        #expect(back.kind == template.kind)
        for (_, field) in template.labelledFields {
            // A place the filing has no value for shows the field the template fills it from.
            let shown = template.headerCell(showing: field).map { template.shown($0, of: filing).value } ?? field.get(filing)
            #expect(field.get(back) == shown, "\(field.path)")
        }
        let cells = IndicatorCells(template: template)
        let placements = template.placements(of: filing.indicators)
        let readPlacements = template.placements(of: back.indicators)
        for (index, table) in template.tables.enumerated() {
            try #require(readPlacements[index].count == placements[index].count)
            for (written, read) in zip(placements[index], readPlacements[index]) {
                // A number shown with no comparator reads as "=", as the text reader reads it.
                var expected = filing.indicators[written]
                if expected.op == nil, case .number? = expected.value { expected.op = .equal }
                for column in table.columns {
                    #expect(cells.render(back.indicators[read], column.field) == cells.render(expected, column.field),
                            "\(expected.name): \(column.leaf)")
                }
            }
        }
        #expect(read.diagnostics.allSatisfy { $0.severity == .info })
    }

    @Test(arguments: XLSXRoundTrip.fixtureNames)
    func migrationsBetweenEveryPairOfTemplatesKeepEveryValue(fixture: String) throws {
        let filing = try XLSXRoundTrip.fixture(fixture)
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for source in XLSXRoundTrip.templates {
            let (first, _) = try XLSXRoundTrip.write(filing, template: source, in: folder, name: "source")
            let read = try XLSXRoundTrip.read(first).filings
            for target in XLSXRoundTrip.templates where target != source {
                let (second, _) = try XLSXRoundTrip.write(read[0], template: target, in: folder, name: "target")
                let migrated = try XLSXRoundTrip.read(second).filings
                #expect(migrated == [filing], "\(fixture): \(source) -> \(target)")
            }
        }
    }

    @Test func aLargeFilingSpreadsOverManyMetadataCellsAndComesBackWhole() throws {
        var filing = try XLSXRoundTrip.fixture("hunan-hengyang-department.yaml")
        let template = filing.indicators
        filing.indicators = (0..<400).map { index in
            var indicator = template[index % template.count]
            indicator.name += "（第\(index + 1)项）"
            return indicator
        }
        // Just under what one cell holds, mixing characters of one and two UTF-16 units.
        filing.indicators[7].description = String(repeating: "说明𠀀a", count: 6_500)
        let yaml = try CanonicalYAML.encode([filing])
        let text = String(decoding: yaml, as: UTF8.self)
        let pieces = MetadataText.pieces(of: text)
        #expect(pieces.count > 5 && pieces.joined() == text)
        #expect(pieces.allSatisfy { $0.utf16.count <= MetadataText.pieceLength })
        for sample in [text, "", "a", "说明", "𠀀", "e\u{301}", "表\r\n📊"] {
            #expect(MetadataText.utf16Length(of: sample) == sample.utf16.count, "\(sample.prefix(10))")
        }
        // A text of fewer bytes than a cell holds is one piece, whatever its characters.
        #expect(MetadataText.pieces(of: String(repeating: "指", count: MetadataText.pieceLength / 3)).count == 1)
        #expect(MetadataText.pieces(of: String(repeating: "指", count: MetadataText.pieceLength + 1)).count == 2)
        for reference in ["hunan-department", "national-core"] {
            #expect(try XLSXRoundTrip.roundTrip(filing, template: reference) == filing)
        }
    }

    @Test func aCellEditedInTheFormWinsOverTheHiddenCopy() throws {
        var filing = try XLSXRoundTrip.fixture("hebei-tangshan-project.yaml")
        let back = try XLSXRoundTrip.roundTrip(filing, template: "hebei-project-combined")
        #expect(back.indicators[2].op == .lessOrEqual)
        #expect(back.indicators[2].value == .number(3.6))
        #expect(back.indicators[2].unit == "万元")
        // What the reader makes of an edited combined cell: split into comparator, value, unit.
        filing.indicators[2].written = [:]
        var edited = filing.indicators[2]
        var diagnostics: [Diagnostic] = []
        let cells = IndicatorCells(template: try TemplateCatalog.standard().template("hebei-project-combined"))
        cells.apply(.text("≥4.25万元"), to: &edited, .target, label: "指标值", at: SourcePosition(), diagnostics: &diagnostics)
        #expect(edited.op == .greaterOrEqual && edited.value == .number(4.25) && edited.unit == "万元")
        cells.apply(.text("达标"), to: &edited, .target, label: "指标值", at: SourcePosition(), diagnostics: &diagnostics)
        #expect(edited.op == nil && edited.value == .text("达标") && edited.unit == nil)
        #expect(diagnostics.isEmpty)
    }

    @Test func theWriterReportsWhatTheVisibleFormDrops() throws {
        let filing = try XLSXRoundTrip.fixture("hubei-ezhou-department.yaml")
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, narrow) = try XLSXRoundTrip.write(filing, template: "hebei-project-combined", in: folder)
        let dropped = Set(narrow.filter { $0.id == "xlsx-field-hidden" }.compactMap(\.value))
        #expect(dropped.isSuperset(of: ["department.income", "department.functions", "indicators[].prior_values", "indicators[].period", "indicators[].nature"]))
        #expect(!dropped.contains("indicators[].name") && !dropped.contains("indicators[].value") && !dropped.contains("organization.name"))
        #expect(narrow.contains { $0.id == "xlsx-template-kind" })
        let (_, own) = try XLSXRoundTrip.write(filing, template: "hubei-department", in: folder)
        let ownDropped = Set(own.compactMap(\.value))
        #expect(!ownDropped.contains("indicators[].prior_values") && !ownDropped.contains("department.functions"))
        #expect(ownDropped.contains("department.income"))
    }
}
