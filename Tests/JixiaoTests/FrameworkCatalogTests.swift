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

    @Test func namePatternsMatchWholeNamesWhateverTheirLeadingText() {
        let numbered = FrameworkNode(code: "X", name: "核心业务产出", namePattern: "核心业务产出[0-9]+")
        #expect(numbered.matches("核心业务产出12"))
        #expect(!numbered.matches("核心业务产出1x"))
        #expect(!numbered.matches("其他产出1"))
        // Alternatives and an optional first character have no common lead to check first.
        let either = FrameworkNode(code: "Y", name: "甲", namePattern: "乙[0-9]|丙[0-9]")
        #expect(either.matches("丙3"))
        let optional = FrameworkNode(code: "Z", name: "丁", namePattern: "a?b[0-9]")
        #expect(optional.matches("b4"))
        #expect(optional.matches("ab4"))
    }
}
