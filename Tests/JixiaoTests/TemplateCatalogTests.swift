import Foundation
import Testing
@testable import Jixiao

@Suite struct TemplateCatalogTests {
    @Test func everyTemplateLoadsAndNamesAFrameworkThatExists() throws {
        let catalog = try TemplateCatalog.standard()
        let frameworks = try FrameworkCatalog.standard()
        #expect(catalog.templates.map(\.reference) == [
            "hebei-project-combined@1.0.0", "hebei-project-combined@1.1.0", "hebei-project-split@1.0.0", "hebei-project-split@1.1.0",
            "hubei-department@1.0.0", "hunan-department@1.0.0", "national-core@1.0.0", "national-core@1.1.0",
            "yunnan-project@1.0.0", "yunnan-project@1.1.0",
        ])
        // A form with no hidden sheet naming its template is matched against the latest versions.
        #expect(catalog.latest.map(\.reference) == [
            "hebei-project-combined@1.1.0", "hebei-project-split@1.1.0", "hubei-department@1.0.0", "hunan-department@1.0.0",
            "national-core@1.1.0", "yunnan-project@1.1.0",
        ])
        for template in catalog.templates {
            _ = try frameworks.framework(template.framework)
            #expect(template.tables.allSatisfy { $0.columns.contains { $0.field == .name } }, "\(template.id)")
            #expect(template.status == .released)
        }
    }

    @Test func theTemplatesMirrorTheSeedLayouts() throws {
        let catalog = try TemplateCatalog.standard()
        let yunnan = try catalog.template("yunnan-project")
        #expect(yunnan.tables[0].columns.map(\.leaf) == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标属性", "评（扣）分标准", "指标内容", "绩效指标值设定依据及数据来源"])
        let split = try catalog.template("hebei-project-split@1.0.0")
        #expect(split.tables[0].columns.suffix(3).map(\.header) == [["指标值", "符号"], ["指标值", "值"], ["指标值", "单位（文字描述）"]])
        #expect(split.qualitativeOperator == "文字描述")
        #expect(try catalog.template("hebei-project-combined").tables[0].columns.last?.field == .target)
        let hubei = try catalog.template("hubei-department")
        #expect(hubei.tables.map(\.period) == [.longTerm, .annual])
        #expect(hubei.tables[1].columns.map(\.field).contains(.priorValue(1)))
        #expect(try catalog.template("hunan-department").tables[0].columns.contains { $0.field == .weight && $0.numberFormat == "0.0#\"分\"" })
        let core = try catalog.template("national-core")
        let shown = Set(core.tables[0].columns.flatMap(\.field.canonicalKeys))
        #expect(shown == ["level1", "level2", "name", "period", "op", "value", "unit", "nature", "description", "basis", "scoring", "weight", "category", "prior_values"])
    }

    @Test func aBrokenTemplateFileIsAnErrorAtItsLine() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = """
            id: broken
            version: 1.0.0
            kind: project
            framework: national@1.0.0
            sheet: 表
            tables:
              - columns:
                  - {header: 三级指标, field: name}
                  - {header: 指标值, field: valu}
            """
        try text.write(to: folder.appendingPathComponent("broken@1.0.0.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateCatalog.load(from: folder)
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.message == "unknown indicator field 'valu'")
            #expect(error.position?.line == 9)
        }
        try text.replacingOccurrences(of: "valu}", with: "value}").write(to: folder.appendingPathComponent("broken@1.0.0.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(at: folder.appendingPathComponent("broken@1.0.0.yaml"), to: folder.appendingPathComponent("broken.yaml"))
        #expect(throws: JixiaoError("registry-file-name", "the file must be named broken@1.0.0.yaml for its id and version",
                                    at: SourcePosition(file: folder.appendingPathComponent("broken.yaml").path))) {
            try TemplateCatalog.load(from: folder)
        }
    }

    @Test func unknownTemplatesSayWhichExist() throws {
        let catalog = try TemplateCatalog.standard()
        #expect(throws: JixiaoError.self) { try catalog.template("yunnan-project@9.0.0") }
        do {
            _ = try catalog.template("guangdong-project")
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.id == "unknown-template")
            #expect(error.message.contains("hubei-department, hunan-department"))
        }
    }
}
