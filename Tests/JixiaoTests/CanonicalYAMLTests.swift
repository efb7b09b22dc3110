import Foundation
import Testing
@testable import Jixiao

@Suite struct CanonicalYAMLTests {
    static let sample = """
        format: jixiao/1
        kind: project
        title: 中共昆明市呈贡区委办公室2021年目督专项经费
        fiscal_year: '2021'
        amount_unit: 万元
        organization:
          name: 中国共产党昆明市呈贡区委员会办公室
          credit_code: '115301210151290340'
          phone: '0871-67476028'
        project:
          name: 目督专项经费
          budget:
            total: 6
            fiscal: 6
          spend_plan:
            march: 0
            june: 30
            october: 60
            december: 90
        goals:
          long_term:
            period: 2021年-2023年
            text: |
              第一段
              第二段
        indicators:
        - level1: 产出指标
          level2: 数量指标
          name: 市对呈贡区目标管理绩效考核次数
          op: '>='
          value: 1
          unit: 次
          nature: quantitative
          period: annual
          written:
            nature: 定量指标
          source: yunnan.txt:84
        - level1: 产出指标
          level2: 质量指标
          name: 目标管理绩效考核质量
          op: '>'
          value: 上年度
          nature: qualitative
          period: annual
          weight: 2.5
          source: yunnan.txt:114
        - name: 'true'
          value: '90'
          period: long_term
          prior_values:
          - label: 上年
            value: 95.5

        """

    @Test func readingAndWritingCanonicalYAMLGivesTheSameBytes() throws {
        let filings = try CanonicalYAML.decode(Array(Self.sample.utf8), file: "sample.yaml")
        let written = try CanonicalYAML.encode(filings)
        #expect(String(decoding: written, as: UTF8.self) == Self.sample)
    }

    @Test func valuesAreTypedByStyle() throws {
        let filing = try #require(CanonicalYAML.decode(Array(Self.sample.utf8)).first)
        #expect(filing.indicators[0].value == .number(1))
        #expect(filing.indicators[1].value == .text("上年度"))
        #expect(filing.indicators[2].value == .text("90"), "a quoted number is text")
        #expect(filing.indicators[2].name == "true")
        #expect(filing.indicators[1].weight == Decimal(string: "2.5"))
        #expect(filing.indicators[0].source == SourcePosition(file: "yunnan.txt", line: 84))
        #expect(filing.goals?.longTerm?.text == "第一段\n第二段\n")
        #expect(filing.organization?.creditCode == "115301210151290340")
    }

    @Test func chineseIsWrittenAsIsAndNumericLookingStringsAreQuoted() throws {
        var filing = Filing(kind: .project, fiscalYear: "2021")
        filing.organization = Organization(code: "0101", phone: "0871-67476028")
        filing.indicators = [Indicator(name: "yes", op: .equal, value: .text("null"), unit: "=")]
        let text = String(decoding: try CanonicalYAML.encode([filing]), as: UTF8.self)
        #expect(!text.contains("\\u"))
        for line in ["fiscal_year: '2021'", "code: '0101'", "phone: '0871-67476028'", "name: 'yes'", "op: '='", "value: 'null'", "unit: '='"] {
            #expect(text.contains(line), "missing \(line) in\n\(text)")
        }
    }

    /// The words YAML 1.1 and 1.2 resolvers read as something other than a string, in any of the
    /// casings they accept, are quoted; words that only look like them are not.
    @Test func reservedWordsAreQuotedInEveryCasing() {
        let reserved = ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan", "=", "<<"]
        for word in reserved {
            for casing in [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()] {
                #expect(YAMLEmitter.needsQuotes(casing), "\(casing)")
            }
        }
        for word in ["nul", "nulls", "tru", "truth", "yess", "ye", "o", "of", "offf", "inf", ".in", "<", "==", "~~", "nó", "是"] {
            #expect(!YAMLEmitter.needsQuotes(word), "\(word)")
        }
        #expect(YAMLEmitter.needsQuotes(""))
    }

    /// The line breaks a text holds, found by a byte scan in short texts and by memchr in long
    /// ones, against the definition on its scalars; the decoys share a first byte with a break.
    @Test func lineBreaksAreFoundInShortAndLongTexts() {
        var random = SeededRandom(seed: 85)
        let pieces = ["指标", "a", " ", "\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "€", "¢", "é", "…", "‘"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...90, using: &random)
            var text = (0..<count).map { _ in pieces[Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 0..<pieces.count, using: &random) : Int.random(in: 0...2, using: &random)] }.joined()
            let scalars = text.unicodeScalars
            let expected = (newline: scalars.contains("\n"), other: scalars.contains { ["\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) })
            let found = text.withUTF8(LineBreaks.find)
            // Where another break is found, '\n' no longer matters (the text is double-quoted).
            #expect(found.other == expected.other && (expected.other || found.newline == expected.newline), "\(text.debugDescription)")
        }
    }

    @Test func severalFilingsMakeAStream() throws {
        let filings = [Filing(kind: .project, title: "甲"), Filing(kind: .department, title: "乙")]
        let text = String(decoding: try CanonicalYAML.encode(filings), as: UTF8.self)
        #expect(text == "format: jixiao/1\nkind: project\ntitle: 甲\n---\nformat: jixiao/1\nkind: department\ntitle: 乙\n")
        #expect(try CanonicalYAML.decode(Array(text.utf8)) == filings)
    }

    @Test func numbersAreWrittenInOneCanonicalForm() {
        #expect(CanonicalNumber.format(Decimal(string: "3.60")!) == "3.6")
        #expect(CanonicalNumber.format(Decimal(string: "100.00")!) == "100")
        #expect(CanonicalNumber.format(Decimal(string: "-0.0")!) == "0")
        #expect(CanonicalNumber.parse("12abc") == nil)
        #expect(CanonicalNumber.parse("1e3") == nil)
        #expect(CanonicalNumber.parse(".5") == nil)
        #expect(CanonicalNumber.parse("-12.25") == Decimal(string: "-12.25"))
        for refused in ["", "-", "+", ".", "1.", "1..2", "1.2.3", "--1", " 1", "1 ", "١٢", "0x10", "1_000"] {
            #expect(CanonicalNumber.parse(refused) == nil, "\(refused)")
        }
    }

    /// Numbers whose mantissa fits 64 bits are written without Decimal's description: the same
    /// text as that description, trimmed, gives.
    @Test func numbersAreWrittenAsFoundationWritesThem() {
        func reference(_ number: Decimal) -> String {
            var text = number.description
            if text.contains("."), !text.contains("e"), !text.contains("E") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            return text == "-0" ? "0" : text
        }
        var generator = SeededRandom(seed: 7)
        var samples: [Decimal] = [0, 1, -1, 10, 100, 0.5, -0.25, Decimal(UInt64.max), Decimal(UInt64.max) + 1,
                                  Decimal(string: "9999999999999999999")!, Decimal(string: "0.0000000000000000001")!,
                                  Decimal(string: "1E+18")!, Decimal(string: "1E+19")!, Decimal(string: "-123.4500")!]
        for _ in 0..<5000 {
            let mantissa = Decimal(UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator))
            let exponent = Int.random(in: -30...25, using: &generator)
            let sign: FloatingPointSign = Bool.random(using: &generator) ? .minus : .plus
            samples.append(Decimal(sign: sign, exponent: exponent, significand: mantissa))
        }
        for number in samples {
            #expect(CanonicalNumber.format(number) == reference(number), "\(number)")
        }
    }

    /// The parser builds short numbers itself: the same values, and the same text written back, as
    /// Foundation's parser gives.
    @Test func parsedNumbersAgreeWithFoundation() {
        var generator = SeededRandom(seed: 20261130)
        var samples = ["0", "-0", "0.000", "+7", "007.50", "999999999999999999", "1000000000000000000", "-0.000000000000000001",
                       "123456789012345678901234567890.12345678901234567890", "18446744073709551615", "18446744073709551616"]
        for _ in 0..<2000 {
            let whole = String(UInt64.random(in: 0...UInt64.max, using: &generator)).prefix(Int.random(in: 1...22, using: &generator))
            let fraction = String(UInt64.random(in: 0...UInt64.max, using: &generator)).prefix(Int.random(in: 0...12, using: &generator))
            let sign = ["", "-", "+"][Int.random(in: 0...2, using: &generator)]
            samples.append(sign + whole + (fraction.isEmpty ? "" : "." + fraction))
        }
        for text in samples {
            let expected = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
            let parsed = CanonicalNumber.parse(text)
            #expect(parsed == expected, "\(text)")
            #expect(parsed.map(CanonicalNumber.format) == expected.map(CanonicalNumber.format), "\(text)")
        }
    }

    /// model -> YAML -> model is the identity, and YAML -> model -> YAML gives the same bytes.
    @Test(arguments: 0..<8)
    func randomFilingsSurviveTheRoundTrip(batch: Int) throws {
        for index in 0..<50 {
            let seed = UInt64(batch * 1000 + index)
            var generator = RandomFilings(seed: seed)
            let filings = (0..<Int.random(in: 1...3, using: &generator.random)).map { _ in generator.filing() }
            let yaml = try CanonicalYAML.encode(filings)
            let back = try CanonicalYAML.decode(yaml, file: "random.yaml")
            #expect(back == filings, "seed \(seed)\n\(String(decoding: yaml, as: UTF8.self))")
            if back != filings { return }
            #expect(try CanonicalYAML.encode(back) == yaml, "seed \(seed): writing again changed the bytes")
        }
    }

    @Test func sourcePositionsParseWhatTheyPrint() {
        let positions = [
            SourcePosition(file: "a.txt", line: 12), SourcePosition(file: "a.txt", line: 3, column: 7),
            SourcePosition(file: "dir/b.xlsx", sheet: "指标", cell: "C5"), SourcePosition(file: "c:d.txt", line: 2),
            SourcePosition(file: "only-file.txt"), SourcePosition(line: 9),
            SourcePosition(file: "d.docx", place: "table 2, row 5, cell 3"), SourcePosition(file: "e:f.html", place: "paragraph 7"),
            SourcePosition(file: "table 3"), SourcePosition(file: "g.pdf", place: "page 3, line 12"),
            SourcePosition(file: "目录:样例.txt", line: 5, column: 1), SourcePosition(file: "x.txt:table"), SourcePosition(file: "y:1.txt"),
        ]
        for position in positions {
            #expect(SourcePosition(parsing: position.description) == position, "\(position)")
        }
    }
}
