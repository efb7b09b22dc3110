/// A YAML document as a tree, independent of libyaml: what the parser builds and the emitter
/// writes. Mappings keep their key order; every node carries its 1-based position.
public enum YAMLNode: Equatable, Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], YAMLMark)
    case mapping([YAMLPair], YAMLMark)

    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): return mark
        }
    }

    /// A word for messages: "a mapping", "a list", "a scalar".
    public var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

public struct YAMLPair: Equatable, Sendable {
    public var key: YAMLScalar
    public var value: YAMLNode

    public init(_ key: YAMLScalar, _ value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public struct YAMLMark: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let none = YAMLMark(line: 0, column: 0)
}

public struct YAMLScalar: Equatable, Sendable {
    /// How a scalar is written. `.text` asks the emitter to choose: plain where every YAML
    /// reader would read a string back, quoted otherwise, a literal block for several lines.
    public enum Style: Equatable, Sendable {
        case text
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public var text: String
    public var style: Style
    public var mark: YAMLMark

    public init(_ text: String, style: Style = .text, mark: YAMLMark = .none) {
        self.text = text
        self.style = style
        self.mark = mark
    }

    /// True when the scalar was written without quotes or block indicators, so that a YAML
    /// resolver would type it (number, null, boolean).
    public var isPlain: Bool { style == .plain }
}
