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
    /// The message in English: given as text, or rendered from the catalog's `key` and
    /// `arguments` when asked for. Most findings are info that nobody reads (a batch of forms
    /// makes several a form), and rendering each when it was made cost a percent of writing.
    public var message: String {
        get { givenMessage ?? catalogMessage }
        set { givenMessage = newValue }
    }
    private var givenMessage: String?
    public var position: SourcePosition?
    /// The offending text, as found.
    public var value: String?
    /// The message's key in the message catalog (or the rule book), when its text comes from there.
    public var key: String?
    /// The values the message was filled with (a `field` is a field path), for scripts. A
    /// catalog message's English text is rendered from `key` and these when read: change them
    /// only on a finding whose text was given (or set `message` too).
    public var arguments: [String: String] = [:]
    /// The message in the languages other than English, by language code (`zh`), where it was
    /// given as text; `message` is the English one. A message of the catalog is not kept here:
    /// it is rendered from `key` and `arguments` when asked for (a long text's findings are
    /// counted in hundreds of thousands).
    public var localized: [String: String] = [:]

    public init(_ severity: Severity, _ id: String, _ message: String, at position: SourcePosition? = nil, value: String? = nil) {
        self.severity = severity
        self.id = id
        self.givenMessage = message
        self.position = position
        self.value = value
    }

    /// A finding whose English text is the catalog's message `key`, rendered when asked for.
    init(_ severity: Severity, _ id: String, catalogKey key: String, _ arguments: [String: String], at position: SourcePosition?, value: String?) {
        self.severity = severity
        self.id = id
        self.key = key
        self.arguments = arguments
        self.position = position
        self.value = value
    }

    private var catalogMessage: String {
        guard let key else { return "" }
        return MessageCatalog.standard?.render(key, arguments, in: .en) ?? MessageCatalog.fallbackText(key, arguments)
    }

    /// The message in a language, English where it has no text in that one.
    public func text(in language: MessageLanguage = .current) -> String {
        language == .en ? message : localizedText(in: language) ?? message
    }

    /// The message in a language other than English, nil where it has none.
    func localizedText(in language: MessageLanguage) -> String? {
        if let text = localized[language.rawValue] { return text }
        // A rule book's finding carries every language as text: only catalog keys get here.
        guard let key else { return nil }
        return MessageCatalog.standard?.render(key, arguments, in: language)
    }

    /// The message in every language other than English that has it, by language code.
    public var otherLanguages: [String: String] {
        var texts: [String: String] = [:]
        for language in MessageLanguage.allCases where language != .en {
            texts[language.rawValue] = localizedText(in: language)
        }
        return texts
    }

    public var description: String {
        let place = position.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(text()) [\(id)]"
    }

    /// The same finding: its texts in other languages and its values follow from these.
    public static func == (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        lhs.severity == rhs.severity && lhs.id == rhs.id && lhs.message == rhs.message
            && lhs.position == rhs.position && lhs.value == rhs.value
    }
}

/// An error that stops the work on one input: what is wrong and where.
public struct JixiaoError: Error, Equatable, Sendable, CustomStringConvertible {
    public var id: String
    public var message: String
    public var position: SourcePosition?
    public var arguments: [String: String] = [:]
    /// The message in the languages other than English (see `Diagnostic.localized`).
    public var localized: [String: String] = [:]

    public init(_ id: String, _ message: String, at position: SourcePosition? = nil) {
        self.id = id
        self.message = message
        self.position = position
    }

    public func text(in language: MessageLanguage = .current) -> String {
        language == .en ? message : localized[language.rawValue] ?? message
    }

    public var description: String {
        let place = position.map { "\($0): " } ?? ""
        return "\(place)\(text())"
    }

    public static func == (lhs: JixiaoError, rhs: JixiaoError) -> Bool {
        lhs.id == rhs.id && lhs.message == rhs.message && lhs.position == rhs.position
    }

    public var diagnostic: Diagnostic {
        var diagnostic = Diagnostic(.error, id, message, at: position)
        diagnostic.arguments = arguments
        diagnostic.localized = localized
        return diagnostic
    }
}
