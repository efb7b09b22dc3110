import Foundation
import Testing
@testable import Jixiao

/// Messages as data (Schemas/messages/, and the rule book's messages): both languages for every
/// message, every placeholder filled, and the examples' findings in Chinese with form labels.
@Suite struct MessageCatalogTests {
    static let catalog = MessageCatalog.standard!

    /// Every template to check, named: the catalog's messages and words, and the rule book's.
    static func templates() throws -> [(name: String, texts: [MessageLanguage: String])] {
        let book = try SchemaRegistry.standard().ruleBook()
        return catalog.messages.map { ("message \($0.key)", $0.value) }
            + catalog.words.map { ("word \($0.key)", $0.value) }
            + book.rules.map { ("rule \($0.id)", $0.messages) }
    }

    @Test func everyMessageHasBothLanguagesWithTheSamePlaceholders() throws {
        let templates = try Self.templates()
        #expect(templates.count > 60)
        for (name, texts) in templates {
            #expect(Set(texts.keys) == Set(MessageLanguage.allCases), "\(name) has \(texts.keys.map(\.rawValue).sorted())")
            let zh = Set(MessageCatalog.placeholders(in: texts[.zh] ?? ""))
            let en = Set(MessageCatalog.placeholders(in: texts[.en] ?? ""))
            #expect(zh == en, "\(name): zh fills \(zh.sorted()), en \(en.sorted())")
            #expect(texts[.zh].map(Self.hasCJK) ?? false || ["word fund-column", "word layout-description", "message summary-separator"].contains(name), "\(name) is not Chinese: \(texts[.zh] ?? "")")
        }
    }

    /// A diagnostic keeps its English text, key and values; its other languages are rendered
    /// from them when asked for, the same texts as the catalog gives; text given by hand wins.
    @Test func otherLanguagesAreRenderedWhenAskedFor() throws {
        let values = ["sheet": "指标", "template": "national-core@1.0.0", "metadata": "_jixiao"]
        var diagnostic = Diagnostic(.info, "xlsx-template-detected", values)
        #expect(diagnostic.localized.isEmpty)
        #expect(diagnostic.message == Self.catalog.render("xlsx-template-detected", values, in: .en))
        let zh = try #require(Self.catalog.render("xlsx-template-detected", values, in: .zh))
        #expect(diagnostic.text(in: .zh) == zh && Self.hasCJK(zh))
        #expect(diagnostic.otherLanguages == ["zh": zh])
        #expect(JixiaoError("xlsx-template-detected", values).localized == ["zh": zh])
        diagnostic.localized["zh"] = "手写"
        #expect(diagnostic.text(in: .zh) == "手写")
        // A key the catalog lacks has no other language: its text is the fallback in English.
        let unknown = Diagnostic(.info, "no-such-message", ["a": "1"], fallback: "plain")
        #expect(unknown.text(in: .zh) == "plain" && unknown.otherLanguages.isEmpty)
    }

    /// The English text of a catalog message is rendered when read, not when the finding is
    /// made: it must read the same as rendering it at once, compare the same, and give way to a
    /// text set by hand.
    @Test func englishIsRenderedWhenReadAndCanBeReplaced() throws {
        let values = ["template": "national-core@1.0.0", "field": "department.income", "count": "2", "metadata": "_jixiao"]
        let rendered = try #require(Self.catalog.render("xlsx-field-hidden", values, in: .en))
        var diagnostic = Diagnostic(.info, "xlsx-field-hidden", values, at: SourcePosition(sheet: "指标", cell: "A1"))
        #expect(diagnostic.message == rendered && rendered.contains("department.income (2 values)"))
        #expect(diagnostic.text(in: .en) == rendered)
        #expect(diagnostic == Diagnostic(.info, "xlsx-field-hidden", rendered, at: SourcePosition(sheet: "指标", cell: "A1")))
        // Another key of the same values renders its own text.
        #expect(Diagnostic(.info, "xlsx-field-hidden", key: "xlsx-field-hidden-one", values).message.contains("(2 value)"))
        diagnostic.message = "by hand"
        #expect(diagnostic.message == "by hand" && diagnostic.text(in: .en) == "by hand")
        #expect(diagnostic.key == "xlsx-field-hidden" && diagnostic.arguments == values)
        // Without a catalog message the fallback is the text, given at once.
        #expect(Diagnostic(.info, "no-such-message", ["a": "1"]).message == "no-such-message, a '1'")
    }

    @Test func placeholdersAreNamesInBracesAndNothingElse() throws {
        #expect(MessageCatalog.placeholders(in: "工作表“{sheet}”按模板{template}读取{x_1}") == ["sheet", "template", "x_1"])
        #expect(MessageCatalog.placeholders(in: "{} {A} {a b} {a-b} {中} {a") == [])
        #expect(MessageCatalog.placeholders(in: "{{a}} {b}}{c}") == ["a", "b", "c"])
        let catalog = try #require(MessageCatalog.standard)
        #expect(catalog.fill("“{a}”{missing}{b}。{", ["a": "甲", "b": "{a}"], in: .zh) == "“甲”{missing}{a}。{")
    }

    @Test func everyPlaceholderIsFilledInEachLanguage() throws {
        for (name, texts) in try Self.templates() {
            for language in MessageLanguage.allCases {
                let template = try #require(texts[language])
                var values: [String: String] = [:]
                for placeholder in MessageCatalog.placeholders(in: template) { values[placeholder] = "样例" }
                let text = Self.catalog.fill(template, values, in: language)
                #expect(text.firstMatch(of: /\{[a-z_0-9]+\}/) == nil, "\(name) [\(language)]: \(text)")
                #expect(!text.contains("{") && !text.contains("}"), "\(name) [\(language)]: \(text)")
            }
        }
    }

    @Test func fieldsAreNamedByTheirLabelsInChineseAndByTheirPathsInEnglish() throws {
        let values = ["what": "the-filing", "field": "organization.name", "schema": "department@1.0.0"]
        let book = try SchemaRegistry.standard().ruleBook()
        let rule = try #require(book.definition("missing-required-field"))
        #expect(rule.message(values, in: .zh) == "本表未填写“单位名称”，department@1.0.0 要求填写")
        #expect(rule.message(values, in: .en) == "the filing has no 'organization.name', which department@1.0.0 requires")
        let budget = ["what": "the-filing", "field": "project.budget.total", "schema": "project@1.0.0"]
        #expect(rule.message(budget, in: .zh).contains("年度资金总额"))
    }

    @Test func theLanguageComesFromTheLocale() {
        #expect(MessageLanguage.from(locale: "zh_CN.UTF-8") == .zh)
        #expect(MessageLanguage.from(locale: "zh_TW") == .zh)
        #expect(MessageLanguage.from(locale: "en_US.UTF-8") == .en)
        #expect(MessageLanguage.from(locale: "C.UTF-8") == .en)
    }

    /// Every finding `validate` gives on the examples, reader notes included: Chinese, with no
    /// field path, in zh; English (beside the values it quotes) in en; every value a caller
    /// passes used by its message.
    @Test func everyFindingOnTheExamplesIsInBothLanguages() throws {
        let validator = try Validator.standard()
        let book = validator.ruleBook
        let examples = try FileManager.default.contentsOfDirectory(atPath: TestSupport.examples.path).sorted()
        #expect(examples.count >= 6)
        var count = 0
        for name in examples {
            let input = try InputLoader.load(TestSupport.examples.appendingPathComponent(name).path)
            for validation in try validator.validate(input) {
                for finding in validation.findings {
                    count += 1
                    let zh = finding.text(in: .zh), en = finding.text(in: .en)
                    #expect(Self.hasCJK(zh), "\(name) \(finding.id): \(zh)")
                    #expect(zh.firstMatch(of: /[a-z_]+\.[a-z_]+/) == nil, "\(name) \(finding.id) names a path: \(zh)")
                    var english = en
                    for value in finding.arguments.values.sorted(by: { $0.count > $1.count }) { english = english.replacingOccurrences(of: value, with: "") }
                    #expect(!Self.hasCJK(english), "\(name) \(finding.id): \(en)")
                    let key = try #require(finding.key, "\(name) \(finding.id) is not in the catalog: \(en)")
                    let template = Self.catalog.messages[key]?[.en] ?? book.definition(key)?.message ?? ""
                    var used = Set(MessageCatalog.placeholders(in: template))
                    for value in finding.arguments.values {
                        if let word = Self.catalog.words[value]?[.en] { used.formUnion(MessageCatalog.placeholders(in: word)) }
                    }
                    for nested in finding.arguments.values.compactMap({ Self.catalog.words[$0]?[.en] }) {
                        for inner in MessageCatalog.placeholders(in: nested) {
                            if let word = finding.arguments[inner].flatMap({ Self.catalog.words[$0]?[.en] }) {
                                used.formUnion(MessageCatalog.placeholders(in: word))
                            }
                        }
                    }
                    #expect(Set(finding.arguments.keys).isSubset(of: used), "\(name) \(key) passes \(finding.arguments.keys.sorted()), uses \(used.sorted())")
                }
            }
        }
        #expect(count > 50)
    }

    @Test func validateSpeaksTheLanguageOfLangAndOfTheLocale() throws {
        let binary = TestSupport.binary
        let example = TestSupport.examples.appendingPathComponent("hebei-chengde-2021-department.txt").path
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = nil
        environment["JIXIAO_LANG"] = nil
        environment["LANG"] = "zh_CN.UTF-8"
        let chinese = try TestSupport.runProgram(binary, ["validate", example], environment: environment)
        #expect(chinese.stdout.contains("本表未填写“单位名称”，department@1.0.0 要求填写"), "\(chinese.stdout)")
        #expect(!chinese.stdout.contains("organization.name"))
        let english = try TestSupport.runProgram(binary, ["validate", example, "--lang", "en"], environment: environment)
        #expect(english.stdout.contains("the filing has no 'organization.name', which department@1.0.0 requires"), "\(english.stdout)")
        environment["LANG"] = nil
        let json = try TestSupport.runProgram(binary, ["validate", example, "--format", "json"], environment: environment)
        #expect(json.stdout.contains("\"field\" : \"organization.name\""), "\(json.stdout)")
        #expect(json.stdout.contains("本表未填写“单位名称”"), "\(json.stdout)")
        let wrong = try TestSupport.runProgram(binary, ["validate", example, "--lang", "fr"], environment: environment)
        #expect(wrong.status == 64)
    }

    /// `LANG=zh_CN.UTF-8 jixiao validate --format json` on every example: each finding's message
    /// Chinese without a field path, the path kept as `field`; `--lang en` the English texts.
    @Test func validateJSONOnEveryExampleIsChineseWithThePathKept() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = nil
        environment["JIXIAO_LANG"] = nil
        environment["LANG"] = "zh_CN.UTF-8"
        let examples = try FileManager.default.contentsOfDirectory(atPath: TestSupport.examples.path).sorted()
            .map { TestSupport.examples.appendingPathComponent($0).path }
        func findings(_ arguments: [String]) throws -> [[String: Any]] {
            let result = try TestSupport.runProgram(TestSupport.binary, ["validate"] + examples + ["--format", "json"] + arguments, environment: environment)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let files = try #require(report["files"] as? [[String: Any]])
            return files.flatMap { ($0["filings"] as? [[String: Any]]) ?? [] }.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
        }
        let chinese = try findings([])
        #expect(chinese.count > 50)
        for finding in chinese {
            let message = try #require(finding["message"] as? String)
            #expect(Self.hasCJK(message), "\(finding)")
            #expect(message.firstMatch(of: /[a-z_]+\.[a-z_]+/) == nil, "\(finding)")
        }
        #expect(chinese.contains { $0["field"] as? String == "organization.name" && $0["id"] as? String == "missing-required-field" })
        let english = try findings(["--lang", "en"])
        #expect(english.map { $0["id"] as? String } == chinese.map { $0["id"] as? String })
        #expect(english.contains { ($0["message"] as? String)?.contains("the filing has no 'fiscal_year', which department@1.0.0 requires") ?? false })
    }

    static func hasCJK(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }
}

/// The lines `jixiao convert` and `jixiao export` write about the work, besides the findings:
/// in the language of the messages, from the catalog.
@Suite struct CommandLinesLanguageTests {
    private func run(_ arguments: [String], language: String) throws -> TestSupport.CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = nil
        environment["JIXIAO_LANG"] = nil
        environment["LANG"] = language
        return try TestSupport.runProgram(TestSupport.binary, arguments, environment: environment)
    }

    @Test func convertsSummaryTotalsAndLayoutNotesSpeakTheLocalesLanguage() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let filing = TestSupport.packageRoot.appendingPathComponent("Tests/RealFilings/04-hubei-qingshan-ruralschools.txt").path
        // One filing (one form) and five (five forms): the summary's singular and plural.
        let other = TestSupport.packageRoot.appendingPathComponent("Examples/hebei-tangshan-lunan-projects.txt").path
        let arguments = ["convert", filing, other, "--to", "xlsx", "--template", "national-core", "--out-dir", folder.path]
        let chinese = try run(arguments, language: "zh_CN.UTF-8")
        #expect(chinese.status == 0)
        #expect(chinese.stderr.contains("warning: 2 个警告（label-without-separator, unknown-level）；有 2 个字段在表单中没有位置（已保存在隐藏工作表中）；加 -v 查看详情 [summary]"), "\(chinese.stderr)")
        #expect(chinese.stderr.contains("warning: 1 个警告（xlsx-template-kind）；有 6 个字段在 5 张表单中没有位置（已保存在隐藏工作表中），5 个字段填在其他字段的位置；加 -v 查看详情 [summary]"), "\(chinese.stderr)")
        #expect(chinese.stderr.contains("已转换 2/2 个输入文件，警告 "), "\(chinese.stderr)")
        let english = try run(arguments, language: "C.UTF-8")
        #expect(english.stderr.contains("warning: 2 warnings (label-without-separator, unknown-level); the form has no place for 2 fields (kept in the hidden sheet); -v lists them [summary]"), "\(english.stderr)")
        #expect(english.stderr.contains("warning: 1 warning (xlsx-template-kind); its 5 forms have no place for 6 fields (kept in the hidden sheet) and show 5 fields in another field's place; -v lists them [summary]"), "\(english.stderr)")
        #expect(english.stderr.contains("converted 2 of 2 inputs, "), "\(english.stderr)")

        let verbose = ["convert", filing, "-v", "--to", "yaml", "-o", folder.appendingPathComponent("one.yaml").path]
        #expect(try run(verbose, language: "zh_CN.UTF-8").stderr.contains(":22: info: 表格按恢复的版式读取（单元格连写、按已知名称切分，第 22–33 行） [layout-recovered]"))
        #expect(try run(verbose, language: "C.UTF-8").stderr.contains(":22: info: read the table as cells glued together, cut at known names, lines 22–33 [layout-recovered]"))

        let strict = try run(["convert", filing, other, "--strict", "--to", "yaml", "--out-dir", folder.path], language: "zh_CN.UTF-8")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(":12: error: 因 --strict 而停止：“项目名称”读作本行的标签（其后没有分隔符） [strict]"), "\(strict.stderr)")
        #expect(strict.stderr.contains("已转换 1/2 个输入文件，警告 2 个，失败 1 个，用时"), "\(strict.stderr)")
        #expect(strict.stderr.contains("\n  失败：\(filing):12: error: 因 --strict 而停止："), "\(strict.stderr)")
    }

    @Test func exportsTotalsSpeakTheLocalesLanguage() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["export", TestSupport.examples.path, "-o", folder.appendingPathComponent("all.xlsx").path]
        #expect(try run(arguments, language: "zh_CN.UTF-8").stderr.contains("已将 155 行指标导出到"))
        #expect(try run(arguments, language: "C.UTF-8").stderr.contains("exported 155 indicator rows of 11 filings from 6 of 6 inputs"))
    }
}
