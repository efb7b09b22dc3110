/// Where each part of a canonical YAML filing stands in its file, by key path
/// ("indicators.3", "project.budget.total"), so that findings point at a line even for
/// nodes that carry no `source`.
public struct FilingLocator: Sendable {
    var file: String?
    var marks: [String: YAMLMark]

    /// A locator that knows nothing: positions come from the filing's own `source` fields.
    public static let none = FilingLocator(file: nil, marks: [:])

    public init(document: YAMLNode, file: String?) {
        self.file = file
        var marks: [String: YAMLMark] = ["": document.mark]
        Self.walk(document, path: "", into: &marks)
        self.marks = marks
    }

    init(file: String?, marks: [String: YAMLMark]) {
        self.file = file
        self.marks = marks
    }

    /// Locators for the filings of one input: line positions for canonical YAML (one per
    /// document); other formats carry their positions in `source` fields.
    public static func locators(for input: InputDocument, format: String?, count: Int) throws -> [FilingLocator] {
        guard try Conversion.readerFormat(for: input, named: format).name == "yaml" else {
            return Array(repeating: .none, count: count)
        }
        let documents = try YAMLParser.parseStream(input.bytes, file: input.name)
        return documents.map { FilingLocator(document: $0, file: input.name) }
    }

    /// The position of `path`, else of its nearest enclosing node that exists.
    public func position(_ path: String) -> SourcePosition? {
        guard !marks.isEmpty else { return nil }
        var current = path
        while true {
            if let mark = marks[current] { return YAMLParser.position(file, mark) }
            guard let dot = current.lastIndex(of: ".") else { return marks[""].map { YAMLParser.position(file, $0) } }
            current = String(current[..<dot])
        }
    }

    private static func walk(_ node: YAMLNode, path: String, into marks: inout [String: YAMLMark]) {
        let prefix = path.isEmpty ? "" : path + "."
        switch node {
        case .scalar:
            break
        case .sequence(let items, _):
            for (index, item) in items.enumerated() {
                marks[prefix + String(index)] = item.mark
                walk(item, path: prefix + String(index), into: &marks)
            }
        case .mapping(let pairs, _):
            for pair in pairs {
                // A key's line, not its value's: a block list starts on the next line.
                marks[prefix + pair.key.text] = pair.key.mark
                walk(pair.value, path: prefix + pair.key.text, into: &marks)
            }
        }
    }
}
