import Foundation

/// Numbers in canonical form: plain decimal notation, no exponent, no trailing zeros
/// ("3.60" is 3.6), so that the same value is always written the same way.
public enum CanonicalNumber {
    public static func format(_ number: Decimal) -> String {
        // Decimal's own description divides its mantissa digit by digit, and every number cell of
        // every form read goes through here: a mantissa that fits 64 bits is written directly.
        let exponent = number.exponent
        let significand = number.significand
        if (-38...18).contains(exponent), significand <= largestFastSignificand {
            let mantissa = NSDecimalNumber(decimal: significand).uint64Value
            guard mantissa != 0 else { return "0" }
            var digits = String(mantissa)
            if exponent > 0 {
                digits += String(repeating: "0", count: exponent)
            } else if exponent < 0 {
                let point = digits.utf8.count + exponent
                if point <= 0 { digits = String(repeating: "0", count: 1 - point) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: exponent))
                while digits.utf8.last == 0x30 { digits.removeLast() }
                if digits.utf8.last == 0x2E { digits.removeLast() }
            }
            return number.sign == .minus ? "-" + digits : digits
        }
        var text = number.description
        // Byte checks: String.contains(_:) of a string goes through Foundation's slow search.
        if text.utf8.contains(0x2E), !text.utf8.contains(0x65), !text.utf8.contains(0x45) {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static let largestFastSignificand = Decimal(UInt64(9_999_999_999_999_999_999))

    /// The nearest double, as a spreadsheet stores it: through the decimal text, since
    /// Decimal's own conversion to Double is not correctly rounded.
    public static func double(_ number: Decimal) -> Double {
        Double(format(number)) ?? NSDecimalNumber(decimal: number).doubleValue
    }

    /// Parses plain decimal notation only (`-12`, `3.6`, `.5` is refused): what canonical YAML
    /// writes. Returns nil for anything else, including "12abc" that `Decimal(string:)` accepts.
    public static func parse(_ text: String) -> Decimal? {
        var text = text
        return text.withUTF8(parse)
    }

    /// The same from UTF-8 bytes. Up to 18 digits (every number a filing holds) the value is built
    /// from an integer and a power of ten, exactly; longer ones go through Foundation's parser.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var index = 0
        var negative = false
        if let sign = bytes.first, sign == 0x2D || sign == 0x2B {
            negative = sign == 0x2D
            index = 1
        }
        var mantissa: UInt64 = 0
        var wholeDigits = 0, fractionDigits = 0
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x2E, !seenPoint {
                seenPoint = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if seenPoint { fractionDigits += 1 } else { wholeDigits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)  // wraps beyond 19 digits: not used then
        }
        guard wholeDigits > 0, wholeDigits <= 30, !seenPoint || (1...20).contains(fractionDigits) else { return nil }
        guard wholeDigits + fractionDigits <= 18 else {
            return Decimal(string: String(decoding: bytes, as: UTF8.self), locale: posix)
        }
        guard mantissa != 0 else { return Decimal(0) }
        return Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits, significand: Decimal(mantissa))
    }

    /// Numbers are read and written the same way whatever the user's locale.
    static let posix = Locale(identifier: "en_US_POSIX")
}
