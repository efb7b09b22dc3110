import Foundation
import Testing
@testable import Jixiao

/// Several filings in one workbook: a form sheet each, named by its filing, after an index sheet;
/// read back in order with nothing lost.
@Suite struct XLSXWorkbookTests {
    static let unitFiles = ["hubei-ezhou-department.yaml", "hebei-tangshan-project.yaml", "hebei-chengde-project.yaml", "yunnan-chenggong-project.yaml"]

    /// A department filing and three project filings, as one YAML stream (the fixtures joined).
    static func stream() throws -> String {
        try unitFiles.map { try String(contentsOf: XLSXRoundTrip.fixtures.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "---\n")
    }

    @Test(arguments: XLSXRoundTrip.templates)
    func aDepartmentAndThreeProjectsComeBackWhole(template: String) throws {
        let filings = try Self.unitFiles.map(XLSXRoundTrip.fixture)
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("unit.xlsx")
        _ = try FormatRegistry.format(named: "xlsx")!.writer!.write(filings, to: url, options: WriteOptions(template: template))
        let read = try XLSXRoundTrip.read(url)
        #expect(read.filings == filings)
        #expect(String(decoding: try CanonicalYAML.encode(read.filings), as: UTF8.self) == (try Self.stream()))
        #expect(read.diagnostics.allSatisfy { $0.severity == .info })
        #expect(read.diagnostics.contains { $0.id == "xlsx-index-sheet" && $0.value == "目录" })
    }

    @Test func aYAMLStreamBecomesOneWorkbookAndComesBackByteForByte() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("unit.yaml")
        try Self.stream().write(to: input, atomically: true, encoding: .utf8)
        let book = folder.appendingPathComponent("unit.xlsx").path
        let write = try TestSupport.run(["convert", input.path, "--template", "hubei-department", "-o", book, "-v"])
        #expect(write.status == 0, "\(write.stderr)")
        // Each message about one filing names its sheet.
        #expect(write.stderr.contains("unit.xlsx:机要通信业务经费!A1: warning: template hubei-department@1.0.0 is a department form; this filing is a project filing [xlsx-template-kind]"))
        let back = try TestSupport.run(["convert", book])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout == (try Self.stream()))
        // --out-dir still writes a workbook per filing.
        let each = try TestSupport.run(["convert", input.path, "--to", "xlsx", "--template", "hubei-department", "--out-dir", folder.appendingPathComponent("each").path, "-q"])
        #expect(each.status == 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("each").path).sorted()
        #expect(written == ["unit-1.xlsx", "unit-2.xlsx", "unit-3.xlsx", "unit-4.xlsx"])
    }

    @Test func sheetNamesAreValidUniqueAndTakenFromTheFiling() throws {
        let template = try TemplateCatalog.standard().template("yunnan-project")
        func project(_ name: String?, unit: String? = nil, title: String? = nil) -> Filing {
            Filing(kind: .project, title: title, organization: unit.map { Organization(name: $0) }, project: name.map { Project(name: $0) })
        }
        let filings = [
            project("机要通信[2024]:经费/专项?*"),
            project("机要通信[2024]经费/专项"),
            project("市直机关党组织开展模范机关创建活动专项经费（第一批）暨配套资金项目"),
            project("市直机关党组织开展模范机关创建活动专项经费（第一批）暨配套资金项目"),
            project(nil, unit: "某某县农业农村局"),
            project(nil, title: " '引号'\n"),
            project("目录"),
            project("HISTORY"),
            project(" _下划线开头"),
            project(nil),
            Filing(kind: .department, organization: Organization(name: "鄂州市机关事务服务中心"), project: Project(name: "不用这个")),
        ]
        let names = XLSXTemplateWriter.sheetNames(filings, template: template, index: try WorkbookIndex.standard())
        #expect(names == [
            "机要通信2024经费专项", "机要通信2024经费专项(2)",
            "市直机关党组织开展模范机关创建活动专项经费（第一批）暨配套资金", "市直机关党组织开展模范机关创建活动专项经费（第一批）暨配(2)",
            "某某县农业农村局", "引号", "目录(2)", "HISTORY(2)", "下划线开头", "项目绩效目标表", "鄂州市机关事务服务中心",
        ])
        #expect(names.allSatisfy(XLSXSheetName.isValid))
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        // A single filing keeps the template's sheet name.
        #expect(XLSXTemplateWriter.sheetNames([filings[0]], template: template, index: nil) == ["项目绩效目标表"])
    }

    @Test func filingsUnderOddNamesComeBackInTheirOrder() throws {
        var filings = try ["hebei-tangshan-project.yaml", "hebei-chengde-project.yaml", "hebei-tangshan-project.yaml"].map(XLSXRoundTrip.fixture)
        filings[0].project?.name = "机要通信[2024]:经费/专项?*"
        filings[2].project?.name = "_jixiao"
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("odd.xlsx")
        _ = try FormatRegistry.format(named: "xlsx")!.writer!.write(filings, to: url, options: WriteOptions(template: "hebei-project-combined"))
        let read = try XLSXRoundTrip.read(url)
        #expect(read.filings == filings)
        let sheets = try XLSXWorkbookReader.read([UInt8](Data(contentsOf: url)), file: "odd.xlsx")
        #expect(sheets.map(\.name) == ["目录", "机要通信2024经费专项", "高新区环境卫生保洁经费", "jixiao", "_jixiao"])
    }
}
