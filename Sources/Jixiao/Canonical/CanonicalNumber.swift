import Foundation

/// Numbers in canonical form: plain decimal notation, no exponent, no trailing zeros
/// ("3.60" is 3.6), so that the same value is always written the same way.
public enum CanonicalNumber {
    public static func format(_ number: Decimal) -> String {
        var text = number.description
        if text.contains("."), !text.contains("e"), !text.contains("E") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// Parses plain decimal notation only (`-12`, `3.6`, `.5` is refused): what canonical YAML
    /// writes. Returns nil for anything else, including "12abc" that `Decimal(string:)` accepts.
    public static func parse(_ text: String) -> Decimal? {
        guard isDecimalLiteral(text) else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func isDecimalLiteral(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 30 else { return false }
        let isDigits = { (part: Substring.UnicodeScalarView.SubSequence) in
            part.allSatisfy { ("0"..."9").contains($0) }
        }
        guard isDigits(whole) else { return false }
        if parts.count == 2 { return !parts[1].isEmpty && parts[1].count <= 20 && isDigits(parts[1]) }
        return true
    }
}
