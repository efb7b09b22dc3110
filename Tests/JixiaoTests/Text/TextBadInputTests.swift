import Foundation
import Testing
@testable import Jixiao

/// Inputs that are not filings give a clear message or a filing with warnings, never a crash.
@Suite struct TextBadInputTests {
    /// The reader's findings, without the note saying which mapping was chosen.
    private func read(_ text: String) throws -> ReadResult {
        var result = try TextSeeds.read(Array(text.utf8), as: "bad.txt")
        result.diagnostics.removeAll { $0.id == "mapping-chosen" }
        return result
    }

    private func error(_ bytes: [UInt8]) -> JixiaoError? {
        do {
            _ = try TextSeeds.read(bytes, as: "bad.txt")
            return nil
        } catch {
            return error as? JixiaoError
        }
    }

    @Test func emptyAndBlankFilesSayNoFilingWasFound() {
        for bytes in [[], Array(" \n\t\n\u{3000}\r\n".utf8), [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
            let failure = error(bytes)
            #expect(failure?.id == "empty-input")
            #expect(failure?.position?.file == "bad.txt")
        }
    }

    @Test func binaryFilesAreRefusedWithTheirPosition() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        let failure = error(png)
        #expect(failure?.id == "text-binary")
        #expect(failure?.message.contains("not a text file") == true)
    }

    /// A read that found no indicator row is a failure, and says what was looked for.
    @Test func textWithoutATableIsAFailure() throws {
        let input = InputDocument(name: "bad.txt", bytes: Array("关于做好预算工作的通知\n各单位：请按时报送。\n".utf8))
        let error = try #require(throws: JixiaoError.self) { try TextFilingReader().read(input, options: ReadOptions()) }
        #expect(error.id == "no-indicator-table" && error.message.contains("三级指标"))
    }

    @Test func tableWithMissingColumnsStillGivesItsIndicators() throws {
        let result = try read("一级指标\t二级指标\t三级指标\n产出指标\t数量指标\t培训次数\n\t质量指标\t合格率\n")
        let indicators = result.filings[0].indicators
        #expect(indicators.map(\.name) == ["培训次数", "合格率"])
        #expect(indicators[1].level1 == "产出指标" && indicators[1].value == nil)
        #expect(indicators[0].source == SourcePosition(file: "bad.txt", line: 2))
    }

    @Test func tableWithoutAnIndicatorColumnIsNoIndicatorTable() throws {
        let input = InputDocument(name: "bad.txt", bytes: Array("一级指标\t二级指标\t指标值\n产出指标\t数量指标\t≥1次\n".utf8))
        let error = try #require(throws: JixiaoError.self) { try TextFilingReader().read(input, options: ReadOptions()) }
        #expect(error.id == "no-indicator-table" && error.message.contains("nearest table starts at line 1"))
    }

    @Test func unknownColumnsAndExtraCellsAreKeptUnderExtra() throws {
        let result = try read("一级指标\t二级指标\t三级指标\t指标值\t联系人\n产出指标\t数量指标\t次数\t≥2次\t张三\t多余\n")
        let indicator = try #require(result.filings[0].indicators.first)
        #expect(indicator.op == .greaterOrEqual && indicator.value == .number(2) && indicator.unit == "次")
        #expect(indicator.extra.map(\.text) == ["张三", "多余"])
        #expect(indicator.extra.first?.label == "联系人")
        #expect(Set(result.diagnostics.map(\.id)) == ["unknown-column", "extra-cell"])
    }

    @Test func unknownOperatorsAndUnitsAreReportedNotGuessed() throws {
        let result = try read("一级指标\t二级指标\t三级指标\t符号\t值\t单位\n产出指标\t数量指标\t次数\t约\t5\t垛\n")
        let indicator = try #require(result.filings[0].indicators.first)
        #expect(indicator.op == nil && indicator.written["op"] == "约")
        #expect(indicator.unit == "垛")
        #expect(Set(result.diagnostics.map(\.id)) == ["unknown-operator", "unknown-unit"])
    }

    @Test func levelNamesNoFrameworkKnowsAreKeptAndReported() throws {
        let result = try read("一级指标\t二级指标\t三级指标\n产出指标\t速度指标\t办结天数\n效益指标\t环境效益指标\t绿化率\n")
        let indicators = result.filings[0].indicators
        #expect(indicators[0].level2 == "速度指标")
        #expect(indicators[1].level2 == "生态效益指标" && indicators[1].written["level2"] == "环境效益指标")
        let unknown = result.diagnostics.filter { $0.id == "unknown-level" }
        #expect(unknown.map(\.value) == ["速度指标"])
        #expect(unknown.first?.position == SourcePosition(file: "bad.txt", line: 2))
    }

    @Test func operatorAfterARestatedNameIsReadAndReported() throws {
        let result = try read("一级指标\t二级指标\t三级指标\t指标值\n产出指标\t质量指标\t足额保障\t足额保障率=100%\n")
        let indicator = try #require(result.filings[0].indicators.first)
        #expect(indicator.op == .equal && indicator.value == .number(100) && indicator.unit == "%")
        #expect(indicator.written["value"] == "足额保障率=100%")
        #expect(result.diagnostics.map(\.id) == ["operator-inside-value"])
    }

    /// Arbitrary mixes of separators, headers and stray bytes: a result or a JixiaoError.
    @Test func arbitraryTextNeverCrashes() {
        var generator = SeededRandom(seed: 7)
        let pieces = ["一级指标", "三级指标", "\t", "|", "  ", "\n", "\r", "≥", "空", "　", "100%", "二、", "项目名称：", "\\geqslant", "[bookmark: x]", "指标值", "<br>", "合  计", "2023年"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 1...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            do {
                _ = try TextSeeds.read(Array(text.utf8), as: "fuzz.txt")
            } catch {
                #expect(error is JixiaoError, "\(text)")
            }
        }
    }

    /// A large table reads completely: every row becomes an indicator.
    @Test func largeTableIsReadCompletely() throws {
        let rows = (1...20_000).map { "产出指标\t数量指标\t活动次数\($0)\t≥\t\($0)\t次" }
        let text = "一级指标\t二级指标\t三级指标\t符号\t值\t单位\n" + rows.joined(separator: "\n")
        let indicators = try read(text).filings[0].indicators
        #expect(indicators.count == 20_000)
        #expect(indicators.last?.value == .number(20_000) && indicators.last?.source?.line == 20_001)
    }
}
