import Foundation

/// A multipart/form-data body (RFC 7578) split into its parts, as browsers and HTTP clients send
/// several files at once. Only what a batch needs is read: each part's field name, file name,
/// content type and bytes; anything malformed is a 400 naming what is wrong.
struct MultipartPart: Sendable {
    var name: String
    var filename: String?
    var contentType: String?
    var bytes: [UInt8]
}

enum Multipart {
    /// The boundary of a `multipart/form-data` content type; nil for any other type.
    static func boundary(ofContentType type: String?) -> String? {
        guard let type else { return nil }
        let pieces = type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty || value.utf8.count > 70 ? nil : value
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) throws -> [MultipartPart] {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var at = find(delimiter, in: body, from: 0) else { throw malformed("it holds no boundary line") }
        var parts: [MultipartPart] = []
        while true {
            at += delimiter.count
            if body.count >= at + 2, body[at] == 45, body[at + 1] == 45 { return parts }  // "--": the last boundary
            // Whitespace may follow a boundary before its line ends.
            while at < body.count, body[at] == 32 || body[at] == 9 { at += 1 }
            guard body.count >= at + 2, body[at] == 13, body[at + 1] == 10 else { throw malformed("a boundary line does not end in CRLF") }
            at += 2
            // A part without headers has its empty line at once.
            guard let headerEnd = body[at...].starts(with: crlf) ? at - 2 : find(crlf + crlf, in: body, from: at) else {
                throw malformed("a part's headers never end")
            }
            let headers = headerEnd > at ? String(decoding: body[at..<headerEnd], as: UTF8.self) : ""
            let start = headerEnd + 4
            guard start <= body.count, let end = find(crlf + delimiter, in: body, from: start) else {
                throw malformed("a part does not end with the boundary")
            }
            parts.append(try part(headers: headers, bytes: Array(body[start..<end])))
            at = end + 2
        }
    }

    private static func part(headers: String, bytes: [UInt8]) throws -> MultipartPart {
        var name: String?
        var filename: String?
        var type: String?
        for line in headers.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("a part's header line '\(line.prefix(60))' has no ':'") }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-type" { type = value }
            guard field == "content-disposition" else { continue }
            let parameters = Self.parameters(value)
            name = parameters["name"]
            filename = parameters["filename*"].flatMap(extendedValue) ?? parameters["filename"]
        }
        guard let name else { throw malformed("a part has no Content-Disposition naming its field") }
        return MultipartPart(name: name, filename: filename, contentType: type, bytes: bytes)
    }

    /// `form-data; name="files"; filename="a.txt"` as its parameters; quoted values unescaped.
    private static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var characters = Substring(value)
        // Skip the disposition type.
        if let semicolon = characters.firstIndex(of: ";") { characters = characters[characters.index(after: semicolon)...] } else { return result }
        while !characters.isEmpty {
            characters = characters.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = characters.firstIndex(of: "=") else { break }
            let key = characters[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            characters = characters[characters.index(after: equals)...].drop { $0 == " " }
            var text = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                while let character = characters.first, character != "\"" {
                    characters = characters.dropFirst()
                    if character == "\\", let next = characters.first {
                        text.append(next)
                        characters = characters.dropFirst()
                    } else {
                        text.append(character)
                    }
                }
                characters = characters.dropFirst()
            } else {
                let end = characters.firstIndex(of: ";") ?? characters.endIndex
                text = characters[..<end].trimmingCharacters(in: .whitespaces)
                characters = characters[end...]
            }
            result[key] = text
        }
        return result
    }

    /// RFC 5987's `UTF-8''percent-encoded` value.
    private static func extendedValue(_ text: String) -> String? {
        let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }

    /// Where `needle` first starts in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = start
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first {
                        var matched = 1
                        while matched < pin.count, hay[index + matched] == pin[matched] { matched += 1 }
                        if matched == pin.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    private static func malformed(_ what: String) -> APIError {
        APIError(.badRequest, "bad-multipart", "the multipart/form-data body cannot be read: \(what)")
    }
}
