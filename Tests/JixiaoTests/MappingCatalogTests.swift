import Foundation
import Testing
@testable import Jixiao

@Suite struct MappingCatalogTests {
    @Test func regionalMappingsExtendTheCommonOneWithTheirEntriesFirst() throws {
        let yunnan = try MappingCatalog.standard().resolved("yunnan")
        let lookup = MappingLookup(yunnan)
        #expect(lookup.header("指标性质")?.role == "op")
        #expect(lookup.header("三级指标")?.role == "name")
        #expect(yunnan.codeLists["op"]?.codes["4"]?.doubtful != nil)
        #expect(yunnan.codeLists["op"]?.table.contains("计算符号") == true)
        let common = MappingLookup(try MappingCatalog.standard().resolved("common@1.0.0"))
        #expect(common.header("指标性质") == nil)
    }

    /// The mapping is chosen on the headers and labels it recognises, never on a place name.
    @Test func theMappingIsChosenOnEvidenceNotPlaceNames() throws {
        let catalog = try MappingCatalog.standard()
        let frameworks = try FrameworkCatalog.standard()
        func chosen(_ text: String) throws -> MappingChoice {
            try MappingChoice.choose(for: text.components(separatedBy: "\n"), catalog: catalog, frameworks: frameworks)
        }
        // 指标性质 as the comparator column is Yunnan's; a place name alone chooses nothing.
        let yunnan = try chosen("一级指标\t二级指标\t三级指标\t指标性质\t指标值")
        #expect(yunnan.lookup.mapping.id == "yunnan")
        #expect(yunnan.reason.contains("yunnan@1.0.0: it names 5 of the text's headers"))
        #expect(try chosen("昆明市呈贡区\n一级指标\t二级指标\t三级指标\t指标值").lookup.mapping.id == "common")
        #expect(try chosen("衡阳市").lookup.mapping.id == "common")
        // 备注 read as the weight is Hunan's: more evidence than 备注 as a column of remarks.
        #expect(try chosen("一级指标\t二级指标\t三级指标\t指标值\t备注").lookup.mapping.id == "hunan")
        // The newest released version of common, not the draft after it if any.
        #expect(catalog.preferredVersions.first { $0.id == "common" }?.status == .released)
    }

    /// `convert --to xlsx` without --template fills the form a mapping names: it must exist, for that kind.
    @Test func theFormsAMappingNamesAreShippedTemplatesOfTheirKind() throws {
        let catalog = try MappingCatalog.standard()
        let templates = try TemplateCatalog.standard()
        var named = 0
        for mapping in catalog.mappings {
            for (kind, id) in try catalog.resolved(mapping.reference).templates {
                let template = try templates.template(id)
                #expect(template.kind.rawValue == kind, "\(mapping.reference): \(id)")
                named += 1
            }
        }
        #expect(named >= 3)
        #expect(try catalog.resolved("yunnan").templates == ["project": "yunnan-project"])
        #expect(try catalog.resolved("common").templates.isEmpty)
    }

    @Test func aMistypedNameFindsTheNamesItWasMeantAs() {
        let templates = ["hebei-project-combined", "hebei-project-split", "hubei-department", "hunan-department", "national-core", "yunnan-project"]
        #expect(NearMatch.suggestions(for: "yunan-project", among: templates) == ["yunnan-project"])
        #expect(NearMatch.suggestions(for: "hebei", among: templates) == ["hebei-project-combined", "hebei-project-split"])
        #expect(NearMatch.suggestions(for: "nationl", among: ["national", "hubei-department"]) == ["national"])
        #expect(NearMatch.suggestions(for: "xlsl", among: ["yaml", "xlsx"]) == ["xlsx"])
        #expect(NearMatch.suggestions(for: "zzz", among: templates).isEmpty)
    }

    @Test func spellingsAreNormalisedThroughTheData() throws {
        let lookup = MappingLookup(try MappingCatalog.standard().resolved("hunan"))
        #expect(lookup.op("\\geqslant") == .greaterOrEqual && lookup.op("不高于") == .lessOrEqual && lookup.op("＞") == .greater)
        #expect(lookup.unit("百分比") == "%")
        #expect(lookup.level("效果指标") == "效益指标")
        #expect(lookup.level("服务对象满意度", under: "满意度指标") == "服务对象满意度指标")
        #expect(lookup.level("服务对象满意度", under: "满意度") == nil)
        #expect(lookup.header("计量」").map { [$0.role, String($0.repaired)] } == ["unit", "true"])
        #expect(lookup.header("备注")?.role == "weight")
    }

    /// A header cut short is the one known header it begins, and a header whose first character
    /// was lost the ones it ends: each beginning and ending of every header of the mapping is
    /// tried against the headers compared one by one.
    @Test func cutHeadersAreTheOnesTheyBeginOrEnd() throws {
        let mapping = try MappingCatalog.standard().resolved("hunan")
        let lookup = MappingLookup(mapping)
        var headers: [String: String] = [:]
        for entry in mapping.columns where headers[TextCleaning.compact(entry.written)] == nil {
            headers[TextCleaning.compact(entry.written)] = entry.canonical
        }
        var tried = 0
        for header in headers.keys where header.unicodeScalars.allSatisfy(TextCleaning.isCJK) {
            for length in 2..<max(2, header.count) {
                let stem = String(header.prefix(length))
                let roles = Set(headers.filter { $0.key.hasPrefix(stem) }.map(\.value))
                let found = lookup.header(stem + "」")
                #expect(found.map { [$0.role, String($0.repaired)] } == (roles.count == 1 ? [roles.first!, "true"] : nil), "\(stem)")
                tried += 1
            }
            if header.count >= 4 {
                let tail = String(header.dropFirst())
                #expect(lookup.headersEnding(tail) == Set(headers.filter { $0.key.count == tail.count + 1 && $0.key.hasSuffix(tail) }.map(\.value)))
            }
        }
        #expect(tried > 20)
        #expect(lookup.headersEnding("量单位") == ["unit"])
    }

    @Test func entriesValidForAPeriodOnlyApplyInIt() {
        let entry = MappingEntry(written: "年度指标值", canonical: "value", validFrom: "2021-01-01", validTo: "2023-12-31")
        #expect(entry.holds(inYear: "2022") && !entry.holds(inYear: "2020") && !entry.holds(inYear: "2024"))
        #expect(entry.holds(inYear: nil))
    }

    @Test func badMappingFilesAreRefusedWithTheirPosition() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: x\nversion: 1.0.0\ncolums: {}\n".write(to: folder.appendingPathComponent("x@1.0.0.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: JixiaoError.self) { try MappingCatalog.load(from: folder) }
        try "id: x\nversion: 1.0.0\nextends: nowhere@1.0.0\n".write(to: folder.appendingPathComponent("x@1.0.0.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try MappingCatalog.load(from: folder)
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.id == "unknown-mapping" && error.message.contains("x@1.0.0 extends nowhere@1.0.0"))
        }
    }
}
