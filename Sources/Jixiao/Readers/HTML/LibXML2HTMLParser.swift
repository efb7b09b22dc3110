internal import CLibXML2

/// What libxml2's HTML parser reports, in document order. Names come lowercased.
protocol HTMLEventHandler: AnyObject {
    func start(_ name: String, attributes: [String: String])
    func end(_ name: String)
    func text(_ text: String)
    /// Set by the handler to stop the parse (a limit passed); reported by `LibXML2HTMLParser`.
    var failure: JixiaoError? { get }
}

/// libxml2's forgiving HTML parser, driven by SAX callbacks so that no tree is built: unclosed and
/// misnested tags are repaired as browsers of its generation did. The only file that sees libxml2.
/// The input is UTF-8 already (the page's charset is handled before); the network, DTDs and
/// external entities are never loaded, and the parser's messages are not printed.
enum LibXML2HTMLParser {
    static func parse(utf8 bytes: [UInt8], handler: some HTMLEventHandler) throws {
        setUpOnce
        guard let context = htmlNewParserCtxt() else {
            throw JixiaoError("html-parser", key: "html-parser-start", [:])
        }
        defer { htmlFreeParserCtxt(context) }
        var callbacks = htmlSAXHandler()
        callbacks.startElement = { context, name, attributes in
            guard let box = Self.box(context), let name else { return }
            var pairs: [String: String] = [:]
            var index = 0
            while let key = attributes?[index] {
                if let value = attributes?[index + 1] { pairs[String(cString: key).lowercased()] = String(cString: value) }
                index += 2
            }
            box.handler.start(String(cString: name).lowercased(), attributes: pairs)
            Self.stopOnFailure(box, context)
        }
        callbacks.endElement = { context, name in
            guard let box = Self.box(context), let name else { return }
            box.handler.end(String(cString: name).lowercased())
            Self.stopOnFailure(box, context)
        }
        let characters: charactersSAXFunc = { context, characters, length in
            guard let box = Self.box(context), let characters, length > 0 else { return }
            box.handler.text(String(decoding: UnsafeBufferPointer(start: characters, count: Int(length)), as: UTF8.self))
            Self.stopOnFailure(box, context)
        }
        callbacks.characters = characters
        callbacks.ignorableWhitespace = characters
        // Script and style bodies arrive as CDATA blocks: left unread (without this callback the
        // parser would hand them to `characters`).
        callbacks.cdataBlock = { _, _, _ in }
        context.pointee.sax.pointee = callbacks

        let box = HandlerBox(handler: handler)
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()

        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NODEFDTD.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                htmlCtxtReadMemory(context, characters.baseAddress, Int32(characters.count), nil, "UTF-8", options)
            }
        }
        if let document { xmlFreeDoc(document) }
        if let failure = handler.failure { throw failure }
    }

    private final class HandlerBox {
        let handler: any HTMLEventHandler
        init(handler: any HTMLEventHandler) { self.handler = handler }
    }

    /// The handler of a callback's parser context (`userData` is the context itself).
    private static func box(_ context: UnsafeMutableRawPointer?) -> HandlerBox? {
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self), let opaque = parser.pointee._private else { return nil }
        return Unmanaged<HandlerBox>.fromOpaque(opaque).takeUnretainedValue()
    }

    private static func stopOnFailure(_ box: HandlerBox, _ context: UnsafeMutableRawPointer?) {
        if box.handler.failure != nil, let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self) { xmlStopParser(parser) }
    }

    /// Once per process, before any thread parses (libxml2's set-up is not safe to race): every
    /// external entity or DTD libxml2 might try to load is refused.
    private static let setUpOnce: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()
}
