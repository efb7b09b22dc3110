import Foundation
import Testing
@testable import Jixiao

/// Every non-blank line of every example ends up in the filings: in a field, in `written`, or
/// in `extra`. Lines that are only structure (a header or a field label, a heading's number)
/// are recognised through the mapping; a number may be written in canonical form.
@Suite struct TextNothingLostTests {
    /// The examples, and every real filing of Tests/RealFilings that reads.
    static let inputs: [String] = TextSeeds.names.map { "Examples/\($0).txt" }
        + ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot.appendingPathComponent("Tests/RealFilings").path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted().map { "Tests/RealFilings/\($0)" }

    @Test(arguments: inputs)
    func everyLineEndsUpInTheFilings(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: TestSupport.packageRoot.appendingPathComponent(path)))
        let source = String(decoding: bytes, as: UTF8.self)
        let result: ReadResult
        do {
            result = try TextSeeds.read(bytes, as: path)
        } catch let error as JixiaoError where error.id == "no-indicator-table" {
            return  // a failed read writes nothing, and says so (TextShapeTests)
        }
        var texts: [String] = []
        collect(result.filings, into: &texts)
        let items = Set(texts.map(TextCleaning.compact))
        let haystack = items.sorted().joined(separator: "\u{1}")
        let lookup = try TextFilingReader.lookup(for: source, options: ReadOptions())
        let mapping = lookup.mapping
        let labels = (mapping.columns + mapping.fields + mapping.tableLabels + mapping.spendPlanCheckpoints
            + mapping.departmentProjectColumns + mapping.fundGroups + mapping.fundColumns).map { TextCleaning.compact($0.written) }
            + mapping.columnGroups + mapping.otherColumns

        /// Whether a piece of the input is in the filings, or is structure the mapping names.
        func accounted(_ piece: String) -> Bool {
            if haystack.contains(TextCleaning.compact(TextCleaning.removingBookmarks(piece))) { return true }
            var text = lookup.labelKey(TextCleaning.removingBookmarks(piece))
            if let number = lookup.headingNumber(text) { text = String(text.dropFirst(number.count)) }
            if text.isEmpty || lookup.isPlaceholder(text) || haystack.contains(text) { return true }
            if labels.contains(where: { $0.contains(text) }) || lookup.header(text) != nil || lookup.field(text) != nil { return true }
            if lookup.levelDepth(text) != nil || lookup.level(text) != nil { return true }
            if let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }), lookup.field(String(text[..<colon])) != nil,
               haystack.contains(String(text[text.index(after: colon)...])) { return true }
            // A label with its value run on, or two labels run together (only structure).
            if let prefix = lookup.fieldPrefix(text), haystack.contains(prefix.rest) || lookup.field(prefix.rest) != nil { return true }
            if let unit = lookup.organization(text), haystack.contains(unit.code), haystack.contains(unit.name) { return true }
            if let number = number(text), haystack.contains(number) { return true }
            return false
        }

        var lost: [String] = []
        for (index, line) in TextDecoding.lines(of: source).enumerated() {
            for piece in line.components(separatedBy: CharacterSet(charactersIn: "\t|")) where !accounted(piece) {
                // A piece some layout reader cut further (single spaces, prose items, glued
                // names): each of its words or clauses is there.
                let words = piece.split(whereSeparator: { " ;；。".contains($0) })
                if !words.isEmpty, words.allSatisfy({ accounted(String($0)) }) { continue }
                let clauses = piece.split(whereSeparator: { " ;；。,，:：".contains($0) })
                if !clauses.isEmpty, clauses.allSatisfy({ accounted(String($0)) || accountedGlued(String($0)) }) { continue }
                if accountedGlued(piece) || cells(piece) { continue }
                lost.append("\(index + 1): \(piece)")
            }
        }
        /// A text whose cells run together with nothing between them: it is a run of whole values
        /// of the filings ("安装坡面水标尺" "10" "≥266米" "≥266米" "10"), level and header names.
        func cells(_ piece: String) -> Bool {
            let text = Array(lookup.labelKey(piece))
            var reached = Array(repeating: false, count: text.count + 1)
            reached[0] = true
            for start in text.indices where reached[start] {
                for end in (start + 1)...text.count where !reached[end] {
                    let cell = String(text[start..<end])
                    if items.contains(cell) || lookup.levelDepth(cell) != nil || lookup.header(cell) != nil
                        || number(cell).map(items.contains) == true { reached[end] = true }
                }
            }
            return reached[text.count]
        }

        /// A text whose parts run together: every stretch between known names is there.
        func accountedGlued(_ piece: String) -> Bool {
            var rest = lookup.labelKey(piece)
            for name in lookup.levelSpellings + lookup.headerSpellings + lookup.comparatorSpellings where rest.contains(name) {
                rest = rest.replacingOccurrences(of: name, with: "\u{1}")
            }
            return rest.split(separator: "\u{1}").allSatisfy { part in
                if accounted(String(part)) { return true }
                // A name with its target run on: "覆盖率100%", "发展情况稳步提高".
                if let trend = mapping.trendWords.sorted(by: { $0.count > $1.count }).first(where: { part.hasSuffix($0) }),
                   accounted(String(part.dropLast(trend.count))) { return true }
                guard let digit = part.firstIndex(where: { $0.isASCII && $0.isNumber }) else { return false }
                return accounted(String(part[..<digit])) && accounted(String(part[digit...]))
            }
        }
        #expect(lost.isEmpty, "lines not found in the filings:\n\(lost.joined(separator: "\n"))")
    }

    /// A number as canonical YAML writes it ("90.00%" -> "90").
    private func number(_ text: String) -> String? {
        var body = text
        body = body.trimmingCharacters(in: CharacterSet(charactersIn: "()（）"))
        for suffix in ["%", "％", "万元", "元", "年度", "年"] where body.hasSuffix(suffix) { body = String(body.dropLast(suffix.count)) }
        return CanonicalNumber.parse(body).map(CanonicalNumber.format)
    }

    /// Every text and number a value holds, walking its stored properties.
    private func collect(_ value: Any, into texts: inout [String]) {
        switch value {
        case let text as String: texts.append(text)
        case let number as Decimal: texts.append(CanonicalNumber.format(number))
        case let position as SourcePosition: _ = position
        case let op as Jixiao.Comparator: texts.append(op.rawValue)
        case let map as [String: String]: texts += map.values
        default:
            for child in Mirror(reflecting: value).children { collect(child.value, into: &texts) }
        }
    }
}
