import Foundation

/// Regular expressions compiled once per pattern and process. `String.range(of:options:
/// .regularExpression)` compiles its pattern on every call, which dominated reading large texts.
enum Patterns {
    private static let cache = LockedValue<[String: NSRegularExpression]>()

    static func expression(_ pattern: String) -> NSRegularExpression? {
        if let known = cache.value?[pattern] { return known }
        guard let compiled = try? NSRegularExpression(pattern: pattern) else { return nil }
        var all = cache.value ?? [:]
        all[pattern] = compiled
        cache.value = all
        return compiled
    }
}

extension String {
    /// The first match of a regular expression (ICU syntax), or nil.
    func firstMatch(of pattern: String) -> Range<String.Index>? {
        guard let expression = Patterns.expression(pattern),
              let match = expression.firstMatch(in: self, range: NSRange(startIndex..., in: self)) else { return nil }
        return Range(match.range, in: self)
    }

    /// Every match of a regular expression replaced by a template (`$1` for groups).
    func replacingMatches(of pattern: String, with template: String) -> String {
        guard let expression = Patterns.expression(pattern) else { return self }
        return expression.stringByReplacingMatches(in: self, range: NSRange(startIndex..., in: self), withTemplate: template)
    }
}
