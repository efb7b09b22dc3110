/// A positioned finding: a reader's repair or skipped content, a validation result.
/// `id` is a stable kebab-case name scripts can filter on.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case info, warning, error

        private var rank: Int { Severity.allCases.firstIndex(of: self)! }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    public var id: String
    public var message: String
    public var position: SourcePosition?
    /// The offending text, as found.
    public var value: String?

    public init(_ severity: Severity, _ id: String, _ message: String, at position: SourcePosition? = nil, value: String? = nil) {
        self.severity = severity
        self.id = id
        self.message = message
        self.position = position
        self.value = value
    }

    public var description: String {
        let place = position.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(id)]"
    }
}

/// An error that stops the work on one input: what is wrong and where.
public struct JixiaoError: Error, Equatable, Sendable, CustomStringConvertible {
    public var id: String
    public var message: String
    public var position: SourcePosition?

    public init(_ id: String, _ message: String, at position: SourcePosition? = nil) {
        self.id = id
        self.message = message
        self.position = position
    }

    public var description: String {
        let place = position.map { "\($0): " } ?? ""
        return "\(place)\(message)"
    }

    public var diagnostic: Diagnostic { Diagnostic(.error, id, message, at: position) }
}
