import Foundation
@testable import Jixiao

/// The example filings in Examples/, read the way the golden files were made: under the name
/// "Examples/<name>.txt", so that positions are stable wherever the tests run.
enum TextSeeds {
    /// Name, filings, indicator rows: the counts the filings hold (checked by hand).
    static let expected: [(name: String, filings: Int, indicators: Int)] = [
        ("yunnan-chenggong-2021-project", 1, 8),
        ("hebei-chengde-2021-department", 2, 12),
        ("hebei-tangshan-lunan-projects", 5, 33),
        ("hubei-ezhou-2024-department", 1, 76),
        ("hunan-hengyang-2024-department", 1, 19),
    ]

    static var names: [String] { expected.map(\.name) }

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: TestSupport.examples.appendingPathComponent("\(name).txt")))
    }

    static func read(_ name: String) throws -> ReadResult {
        try read(bytes(name), as: "Examples/\(name).txt")
    }

    static func read(_ bytes: [UInt8], as inputName: String) throws -> ReadResult {
        try TextFilingReader().read(InputDocument(name: inputName, bytes: bytes), options: ReadOptions())
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// The filings without their positions: what must not change when only the layout does.
    static func withoutPositions(_ filings: [Filing]) -> [Filing] {
        filings.map { filing in
            var filing = filing
            filing.source = nil
            filing.extra = filing.extra.map { ExtraText(label: $0.label, text: $0.text) }
            filing.indicators = filing.indicators.map { indicator in
                var indicator = indicator
                indicator.source = nil
                indicator.extra = indicator.extra.map { ExtraText(label: $0.label, text: $0.text) }
                return indicator
            }
            return filing
        }
    }
}
