import Foundation
import Testing
@testable import Jixiao

@Suite struct FrameworkCatalogTests {
    @Test func loadsBothNationalVersionsWithCostPromoted() throws {
        let catalog = try FrameworkCatalog.standard()
        let older = try catalog.framework("national@1.0.0")
        let newer = try catalog.framework("national")
        #expect(newer.version == SemanticVersion(2, 0, 0))
        #expect(older.level1(named: "成本指标") == nil)
        #expect(older.level2(named: "成本指标")?.parent.name == "产出指标")
        #expect(newer.level1(named: "成本指标")?.children.map(\.name) == ["经济成本指标", "社会成本指标", "生态环境成本指标"])
        #expect(newer.level2(named: "成本指标") == nil)
    }

    @Test func departmentFrameworkMatchesNumberedCoreOutputs() throws {
        let framework = try FrameworkCatalog.standard().framework("hubei-department")
        #expect(framework.level2(named: "核心业务产出3")?.parent.name == "履职效能")
        #expect(framework.level2(named: "核心业务产出")?.parent.name == "履职效能")
        #expect(framework.level2(named: "核心业务产出x") == nil)
    }

    @Test func unknownReferencesSayWhatExists() throws {
        let catalog = try FrameworkCatalog.standard()
        #expect(throws: JixiaoError.self) { try catalog.framework("national@9.9.9") }
        do {
            _ = try catalog.framework("nowhere")
            Issue.record("expected an error")
        } catch let error as JixiaoError {
            #expect(error.message.contains("national"))
        }
    }
}
