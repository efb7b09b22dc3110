import Foundation
import Testing
@testable import Jixiao

/// Every non-blank line of every example ends up in the filings: in a field, in `written`, or
/// in `extra`. Lines that are only structure (a header or a field label, a heading's number)
/// are recognised through the mapping; a number may be written in canonical form.
@Suite struct TextNothingLostTests {
    @Test(arguments: TextSeeds.names)
    func everyLineEndsUpInTheFilings(_ name: String) throws {
        let filings = try TextSeeds.read(name).filings
        var texts: [String] = []
        collect(filings, into: &texts)
        let haystack = texts.map(TextCleaning.compact).joined(separator: "\u{1}")
        let catalog = try MappingCatalog.standard()
        let mapping = try catalog.detect(in: try TextSeeds.text(name))
        let labels = (mapping.columns + mapping.fields + mapping.tableLabels + mapping.spendPlanCheckpoints
            + mapping.departmentProjectColumns + mapping.fundGroups + mapping.fundColumns).map { TextCleaning.compact($0.written) } + mapping.columnGroups
        let lookup = MappingLookup(mapping)

        var lost: [String] = []
        for (index, line) in TextDecoding.lines(of: try TextSeeds.text(name)).enumerated() {
            for piece in line.components(separatedBy: "\t") {
                var text = TextCleaning.compact(TextCleaning.removingBookmarks(piece))
                if let number = TextCleaning.headingNumber(text) { text = String(text.dropFirst(number.count)) }
                if text.isEmpty || lookup.isPlaceholder(text) || haystack.contains(text) { continue }
                if labels.contains(where: { $0.contains(text) }) || lookup.header(text) != nil || lookup.field(text) != nil { continue }
                if let colon = text.firstIndex(where: { $0 == "：" || $0 == ":" }), lookup.field(String(text[..<colon])) != nil,
                   haystack.contains(String(text[text.index(after: colon)...])) { continue }
                if let prefix = lookup.fieldPrefix(text), haystack.contains(prefix.rest) { continue }
                if let unit = lookup.organization(text), haystack.contains(unit.code), haystack.contains(unit.name) { continue }
                if let number = number(text), haystack.contains(number) { continue }
                lost.append("\(index + 1): \(piece)")
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
