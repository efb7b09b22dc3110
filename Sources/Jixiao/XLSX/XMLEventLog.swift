import Foundation

/// The events of an XML scan as lines ("<name r=A1>", "</name>", "'text'"), and a scan's outcome
/// as one text: its events, or its error with the line. What the scanner's tests and its fuzz
/// target compare, scanned whole and fed in pieces.
final class XMLEventLog: XMLContentHandler {
    private(set) var events: [String] = []

    func opened(_ tag: XMLTag) throws {
        var line = "<" + (tag.name.string() ?? "?")
        for name: StaticString in ["r", "t", "s", "x:id", "ref", "w:val"] {
            if let value = tag[name] { line += " \(name)=\(value.string() ?? "INVALID")" }
        }
        if let id = tag.attribute(localName: "id") { line += " id=\(id.string() ?? "INVALID")" }
        events.append(line + ">")
    }

    func closed(_ name: XMLSpan) throws { events.append("</\(name.string() ?? "?")>") }

    func text(_ text: XMLSpan) throws { events.append("'\(text.string() ?? "INVALID")'") }

    /// The events of `bytes` scanned whole.
    static func scan(_ bytes: [UInt8]) throws -> [String] {
        let log = XMLEventLog()
        try bytes.withUnsafeBufferPointer { try XMLScanner.scan($0, handler: log) }
        return log.events
    }

    /// The same, fed to a stream in pieces of `size` bytes, as a part is while inflated.
    static func scan(_ bytes: [UInt8], inPiecesOf size: Int) throws -> [String] {
        let log = XMLEventLog()
        let stream = XMLScanner.Stream(handler: log)
        var start = 0
        while start < bytes.count {
            try bytes[start..<min(start + size, bytes.count)].withUnsafeBytes { try stream.feed($0) }
            start += size
        }
        try stream.finish()
        return log.events
    }

    /// What a scan gives: its events, or its error with the line.
    static func outcome(_ scan: () throws -> [String]) -> String {
        do {
            return try scan().joined(separator: " ")
        } catch let error as XMLScanner.SyntaxError {
            return "line \(error.line) (byte \(error.offset)): \(error.message)"
        } catch {
            return "\(type(of: error))"
        }
    }
}
