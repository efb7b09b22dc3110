internal import CLibXML2
import Foundation

/// A streaming XML parser over libxml2's SAX2 push interface: element names and attributes as
/// Swift strings, text as it comes, and a way to stop early. It substitutes no entities, loads
/// no DTD and opens no network; the XLSX reader refuses documents with a DTD before parsing.
final class SAXParser {
    /// What the document's elements are handed to.
    protocol Handler: AnyObject {
        func elementStarted(_ name: Substring, _ attributes: [String: String], _ parser: SAXParser)
        func elementEnded(_ name: Substring, _ parser: SAXParser)
        func characters(_ text: String)
    }

    private unowned let handler: any Handler
    private var context: xmlParserCtxtPtr?

    private init(handler: any Handler) {
        self.handler = handler
    }

    /// Stops parsing after the current callback.
    func stop() {
        if let context { xmlStopParser(context) }
    }

    /// Parses a whole document; throws a message with the line for malformed XML.
    static func parse(_ data: Data, handler: any Handler) throws {
        let parser = SAXParser(handler: handler)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, name, _, _, _, _, count, _, attributes in
            guard let context, let name else { return }
            let parser = Unmanaged<SAXParser>.fromOpaque(context).takeUnretainedValue()
            var dictionary: [String: String] = [:]
            if let attributes, count > 0 {
                for index in 0..<Int(count) {
                    // Five pointers per attribute: local name, prefix, URI, value start, value end.
                    guard let local = attributes[index * 5], let start = attributes[index * 5 + 3],
                          let end = attributes[index * 5 + 4] else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    let key = attributes[index * 5 + 1].map { "\(String(cString: $0)):\(String(cString: local))" } ?? String(cString: local)
                    dictionary[key] = value
                }
            }
            parser.handler.elementStarted(Substring(String(cString: name)), dictionary, parser)
        }
        sax.endElementNs = { context, name, _, _ in
            guard let context, let name else { return }
            let parser = Unmanaged<SAXParser>.fromOpaque(context).takeUnretainedValue()
            parser.handler.elementEnded(Substring(String(cString: name)), parser)
        }
        sax.characters = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            let parser = Unmanaged<SAXParser>.fromOpaque(context).takeUnretainedValue()
            parser.handler.characters(String(decoding: UnsafeBufferPointer(start: characters, count: Int(length)), as: UTF8.self))
        }
        let opaque = Unmanaged.passUnretained(parser).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&sax, opaque, nil, 0, nil) else {
            throw SAXError(message: "could not start the XML parser (out of memory)", line: 0)
        }
        parser.context = context
        defer {
            parser.context = nil
            xmlFreeParserCtxt(context)
        }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        // Fed in pieces, as a push parser expects: one huge chunk trips libxml2's lookup limit.
        let chunk = 256 << 10
        let status = data.withUnsafeBytes { buffer -> Int32 in
            let bytes = buffer.bindMemory(to: CChar.self)
            var offset = 0
            repeat {
                let count = min(chunk, bytes.count - offset)
                let last: Int32 = offset + count >= bytes.count ? 1 : 0
                let status = xmlParseChunk(context, bytes.baseAddress.map { $0 + offset }, Int32(count), last)
                offset += count
                if status != 0 || context.pointee.disableSAX != 0 { return status }
            } while offset < bytes.count
            return 0
        }
        if context.pointee.disableSAX != 0 && context.pointee.wellFormed != 0 { return }  // stopped on purpose
        guard status == 0, context.pointee.wellFormed != 0 else {
            let error = xmlCtxtGetLastError(context)
            let message = error?.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "malformed XML"
            throw SAXError(message: message, line: Int(error?.pointee.line ?? 0))
        }
    }

    struct SAXError: Error {
        var message: String
        var line: Int
    }
}
