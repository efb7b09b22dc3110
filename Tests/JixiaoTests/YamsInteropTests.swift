import Foundation
import Testing
import Yams
@testable import Jixiao

/// Canonical YAML read by Yams (a Swift YAML library with its own resolver) gives the same values
/// with the same types.
@Suite struct YamsInteropTests {
    @Test func yamsReadsRandomFilingsToTheSameValues() throws {
        var generator = RandomFilings(seed: 977)
        let filings = (0..<120).map { _ in generator.filing() }
        let yaml = try CanonicalYAML.encode(filings)
        let ours = try YAMLParser.parseStream(yaml)
        let theirs = Array(try Yams.load_all(yaml: String(decoding: yaml, as: UTF8.self)))
        #expect(ours.count == theirs.count)
        var mismatches: [String] = []
        for (index, (node, other)) in zip(ours, theirs).enumerated() {
            compare(node, other, path: "document \(index)", mismatches: &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    private func compare(_ node: YAMLNode, _ other: Any?, path: String, mismatches: inout [String]) {
        switch node {
        case .scalar(let scalar):
            if scalar.isPlain, let number = CanonicalNumber.parse(scalar.text) {
                let read: Decimal? = switch other {
                case let int as Int: Decimal(int)
                case let double as Double: Decimal(string: String(double))
                default: nil
                }
                if read != number { mismatches.append("\(path): number \(scalar.text) read as \(String(describing: other))") }
            } else if (other as? String) != scalar.text,
                      // Yams builds strings through Foundation, which on Linux drops a leading
                      // U+FEFF (byte-order mark) even inside a quoted scalar; PyYAML keeps it.
                      (other as? String) != String(scalar.text.drop { $0 == "\u{FEFF}" }) {
                mismatches.append("\(path): text \(scalar.text.debugDescription) read as \(String(describing: other))")
            }
        case .sequence(let items, _):
            guard let list = other as? [Any?], list.count == items.count else {
                mismatches.append("\(path): list read as \(String(describing: other))")
                return
            }
            for (offset, item) in items.enumerated() { compare(item, list[offset], path: "\(path)[\(offset)]", mismatches: &mismatches) }
        case .mapping(let pairs, _):
            guard let map = other as? [String: Any?], map.count == pairs.count else {
                mismatches.append("\(path): mapping read as \(String(describing: other))")
                return
            }
            for pair in pairs {
                guard let value = map[pair.key.text] else {
                    mismatches.append("\(path): key \(pair.key.text) missing")
                    continue
                }
                compare(pair.value, value, path: "\(path).\(pair.key.text)", mismatches: &mismatches)
            }
        }
    }
}
