import Foundation

/// Numbers as filings write them: full-width digits and signs, thousands separators; and what
/// may follow a number as its unit.
enum NumberText {
    /// Full-width digits, point, percent and comma folded to ASCII, and thousands separators
    /// ("1,346.5") removed, so that the number parses.
    static func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: scalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0xFF0E: scalars.append(".")
            case 0xFF0C: scalars.append(",")
            case 0xFF05: scalars.append("%")
            default: scalars.append(scalar)
            }
        }
        let ascii = String(scalars)
        guard ascii.utf8.contains(UInt8(ascii: ",")) else { return ascii }
        return ascii.replacingMatches(of: "(?<=[0-9]),(?=[0-9]{3}(?![0-9]))", with: "")
    }

    /// Text after a number that reads as a unit: at most eight letters (CJK or Latin), '/' and
    /// superscripts, with no digit and no punctuation ("万平方米", "km", "元/株", "m³").
    static func looksLikeUnit(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 8 else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            TextCleaning.isCJK(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || scalar == "/" || scalar == "%" || scalar == "²" || scalar == "³" || scalar == "·" || scalar == "*"
        }
    }
}
