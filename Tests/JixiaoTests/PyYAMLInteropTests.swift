import Foundation
import Testing
@testable import Jixiao

/// Canonical YAML read by a reader nobody here wrote (PyYAML's safe loader) gives the same
/// values, with the same types: strings stay strings, numbers are numbers.
@Suite struct PyYAMLInteropTests {
    @Test func pyyamlReadsRandomFilingsToTheSameValues() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = RandomFilings(seed: 4242)
        let filings = (0..<120).map { _ in generator.filing() }
        let yaml = try CanonicalYAML.encode(filings)
        let file = folder.appendingPathComponent("random.yaml")
        try Data(yaml).write(to: file)

        let script = TestSupport.packageRoot.appendingPathComponent("Tests/python/yaml_typed_dump.py")
        let result = try TestSupport.runProgram(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, file.path])
        try #require(result.status == 0, "python3 failed: \(result.stderr)")
        let pyyaml = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [Any]

        // What Jixiao meant: its own parse, where a plain number scalar is a number.
        let documents = try YAMLParser.parseStream(yaml)
        #expect(documents.count == pyyaml.count)
        for (index, (ours, theirs)) in zip(documents, pyyaml).enumerated() {
            var mismatches: [String] = []
            compare(ours, theirs, path: "document \(index)", mismatches: &mismatches)
            #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
        }
    }

    private func compare(_ node: YAMLNode, _ other: Any, path: String, mismatches: inout [String]) {
        switch node {
        case .scalar(let scalar):
            guard let pair = other as? [String], pair.count == 2 else {
                mismatches.append("\(path): PyYAML read \(other), not a scalar")
                return
            }
            if scalar.isPlain, let number = CanonicalNumber.parse(scalar.text) {
                if pair[0] != "number" || Decimal(string: pair[1]) != number {
                    mismatches.append("\(path): number \(scalar.text) read as \(pair)")
                }
            } else if pair != ["str", scalar.text] {
                mismatches.append("\(path): text \(scalar.text.debugDescription) read as \(pair)")
            }
        case .sequence(let items, _):
            guard let list = (other as? [String: Any])?["list"] as? [Any], list.count == items.count else {
                mismatches.append("\(path): list read as \(other)")
                return
            }
            for (offset, item) in items.enumerated() { compare(item, list[offset], path: "\(path)[\(offset)]", mismatches: &mismatches) }
        case .mapping(let pairs, _):
            guard let entries = (other as? [String: Any])?["map"] as? [[Any]], entries.count == pairs.count else {
                mismatches.append("\(path): mapping read as \(other)")
                return
            }
            for (pair, entry) in zip(pairs, entries) {
                compare(.scalar(pair.key), entry[0], path: "\(path).key", mismatches: &mismatches)
                compare(pair.value, entry[1], path: "\(path).\(pair.key.text)", mismatches: &mismatches)
            }
        }
    }
}
