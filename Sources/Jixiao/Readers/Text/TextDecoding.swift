import Foundation

/// Turns the bytes of a text filing into lines: UTF-8 (with or without BOM), UTF-16 with BOM,
/// else GB18030 (which covers GBK and GB2312); CRLF, CR and LF line ends.
enum TextDecoding {
    enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    /// GB18030-2000 as Foundation names it (kCFStringEncodingGB_18030_2000, 0x0632).
    private static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func decode(_ bytes: [UInt8], file: String) throws -> (text: String, encoding: Encoding) {
        let position = SourcePosition(file: file, line: 1)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard let text = String(data: Data(bytes.dropFirst(2)), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw JixiaoError("text-bad-encoding", key: "text-bad-utf16", [:], at: position)
            }
            return (text, little ? .utf16LittleEndian : .utf16BigEndian)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let nul = body.firstIndex(of: 0) {
            let line = body[..<nul].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw JixiaoError("text-binary", ["offset": String(nul)], at: SourcePosition(file: file, line: line))
        }
        if let text = String(validatingUTF8Bytes: body) { return (text, .utf8) }
        if let text = String(data: Data(body), encoding: gb18030) { return (text, .gb18030) }
        throw JixiaoError("text-bad-encoding", [:], at: position)
    }

    /// Lines without their ends; "\r\n", "\r" and "\n" each end a line.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}

private extension String {
    /// Nil unless the bytes are valid UTF-8.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(scalars)
    }
}

/// The lines of a text or YAML input as the readers number them (line 1 first), to show the
/// source beside the findings whose positions name its lines.
public enum SourceLines {
    public static func of(_ input: InputDocument) throws -> [String] {
        try TextDecoding.lines(of: TextDecoding.decode(input.bytes, file: input.name).text)
    }
}
