import Foundation
import Testing
@testable import Jixiao

/// Malformed YAML gives one clear error with line and column, never a crash.
@Suite struct YAMLErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let id: String
        let line: Int
        let column: Int?
        let message: String

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "bad indentation", bytes: Array("format: jixiao/1\nkind: project\n  title: x\n".utf8),
             id: "yaml-syntax", line: 3, column: 8, message: "mapping values are not allowed"),
        Case(name: "tab indentation", bytes: Array("format: jixiao/1\nkind: project\norganization:\n\tname: x\n".utf8),
             id: "yaml-syntax", line: 4, column: 1, message: "cannot start any token"),
        Case(name: "newer format version", bytes: Array("kind: project\nformat: jixiao/2\n".utf8),
             id: "yaml-newer-format", line: 2, column: 9, message: "newer than this jixiao reads"),
        Case(name: "other format", bytes: Array("format: pandoc/1\nkind: project\n".utf8),
             id: "yaml-unknown-format", line: 1, column: 9, message: "unknown format"),
        Case(name: "no format line", bytes: Array("kind: project\n".utf8),
             id: "yaml-no-format", line: 1, column: 1, message: "not a Jixiao filing"),
        Case(name: "duplicate key", bytes: Array("format: jixiao/1\nkind: project\ntitle: a\ntitle: b\n".utf8),
             id: "yaml-duplicate-key", line: 4, column: 1, message: "duplicate key 'title' (first at line 3"),
        // Past 16 keys a mapping's keys are kept in a table: the first one is still found.
        Case(name: "duplicate key in a long mapping",
             bytes: Array(("format: jixiao/1\nkind: project\nextra_fields:\n" + (1...20).map { "  k\($0): v\n" }.joined() + "  k2: again\n").utf8),
             id: "yaml-duplicate-key", line: 24, column: 3, message: "duplicate key 'k2' (first at line 5"),
        Case(name: "scalar where a mapping belongs", bytes: Array("format: jixiao/1\nkind: project\norganization: 单位\n".utf8),
             id: "yaml-wrong-shape", line: 3, column: 15, message: "organization must be a mapping, found a scalar"),
        Case(name: "list where a scalar belongs", bytes: Array("format: jixiao/1\nkind: project\ntitle:\n- a\n".utf8),
             id: "yaml-wrong-shape", line: 4, column: 1, message: "'title' in a filing must be a single value"),
        Case(name: "unknown key", bytes: Array("format: jixiao/1\nkind: project\ntitel: x\n".utf8),
             id: "yaml-unknown-key", line: 3, column: 1, message: "unknown key 'titel'"),
        Case(name: "bad comparator", bytes: Array("format: jixiao/1\nkind: project\nindicators:\n- name: a\n  op: ≥\n".utf8),
             id: "yaml-unknown-choice", line: 5, column: 7, message: "'op' in an indicator must be one of"),
        Case(name: "indicator without name", bytes: Array("format: jixiao/1\nkind: project\nindicators:\n- value: 1\n".utf8),
             id: "missing-field", line: 4, column: 3, message: "an indicator has no 'name'"),
        Case(name: "not a number", bytes: Array("format: jixiao/1\nkind: project\nindicators:\n- name: a\n  weight: 两分\n".utf8),
             id: "yaml-not-a-number", line: 5, column: 11, message: "must be a number"),
        Case(name: "empty file", bytes: [], id: "empty-input", line: 1, column: 1, message: "no filing found"),
        Case(name: "only comments", bytes: Array("# nothing\n".utf8), id: "empty-input", line: 1, column: 1, message: "no filing found"),
        Case(name: "binary garbage", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00],
             id: "yaml-syntax", line: 1, column: 1, message: "invalid"),
        Case(name: "control character", bytes: Array("format: jixiao/1\nkind: pro\u{1}ject\n".utf8),
             id: "yaml-syntax", line: 2, column: 10, message: "control characters are not allowed"),
        Case(name: "unclosed quote", bytes: Array("format: 'jixiao/1\nkind: project\n".utf8),
             id: "yaml-syntax", line: 3, column: 1, message: "found unexpected end of stream"),
        Case(name: "alias", bytes: Array("format: jixiao/1\nkind: &k project\ntitle: *k\n".utf8),
             id: "yaml-alias", line: 3, column: 8, message: "aliases"),
        Case(name: "mapping as key", bytes: Array("format: jixiao/1\nkind: project\n? {a: 1}\n: x\n".utf8),
             id: "yaml-complex-key", line: 3, column: 3, message: "mapping key must be a plain value"),
        Case(name: "deep nesting", bytes: Array(("format: jixiao/1\nkind: project\ntitle: " + String(repeating: "[", count: 200)).utf8),
             id: "yaml-too-deep", line: 3, column: nil, message: "nesting deeper"),
    ]

    @Test(arguments: cases)
    func malformedYAMLNamesLineAndColumn(_ testCase: Case) {
        do {
            _ = try CanonicalYAML.decode(testCase.bytes, file: "bad.yaml")
            Issue.record("\(testCase.name): no error")
        } catch let error as JixiaoError {
            #expect(error.id == testCase.id, "\(testCase.name): \(error)")
            #expect(error.message.contains(testCase.message), "\(testCase.name): \(error)")
            #expect(error.position?.file == "bad.yaml")
            #expect(error.position?.line == testCase.line, "\(testCase.name): \(error)")
            if let column = testCase.column { #expect(error.position?.column == column, "\(testCase.name): \(error)") }
        } catch {
            Issue.record("\(testCase.name): unexpected error type \(error)")
        }
    }

    /// Random bytes and random cuts of a valid file never crash the reader.
    @Test func randomInputsNeverCrash() throws {
        var random = SeededRandom(seed: 7)
        let valid = Array(CanonicalYAMLTests.sample.utf8)
        for _ in 0..<300 {
            var bytes = Array(valid.prefix(Int.random(in: 0...valid.count, using: &random)))
            for _ in 0..<Int.random(in: 0...4, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            do {
                _ = try CanonicalYAML.decode(bytes, file: "cut.yaml")
            } catch let error as JixiaoError {
                #expect(error.position?.file == "cut.yaml", "\(error)")
            }
        }
    }
}
