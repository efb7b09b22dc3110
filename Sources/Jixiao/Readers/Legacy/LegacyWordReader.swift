import Foundation

/// Reads Word 97-2003 documents (.doc) and WPS Writer documents (.wps): LibreOffice converts
/// them, headless, to .docx in a temporary folder, which the Word reader reads. Positions are
/// those of the converted document, which keeps the original's paragraphs and tables.
public struct LegacyWordReader: StructuredDocumentSource {
    public init() {}

    var tableKind: String { "Word table" }

    static let soffice = ExternalTool(command: "soffice", package: "libreoffice-writer-nogui")

    func document(_ input: InputDocument) throws -> StructuredDocument {
        let converted = try Self.converted(input)
        return try DocxFilingReader().document(InputDocument(name: input.name, bytes: converted))
    }

    /// The document converted to .docx by LibreOffice.
    static func converted(_ input: InputDocument) throws -> [UInt8] {
        let place = SourcePosition(file: input.name)
        // What is saved as .doc: a Word 97-2003 (or WPS) file, or RTF or a web page under that name.
        let head = String(decoding: input.bytes.prefix(16), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard OfficePackage.isLegacyContainer(input.bytes) || head.hasPrefix("{\\rtf") || head.hasPrefix("<") else {
            throw JixiaoError("doc-not-word", [:], at: place)
        }
        let suffix = URL(fileURLWithPath: input.name).pathExtension.lowercased() == "wps" ? "wps" : "doc"
        // A Word 97-2003 file is opened as one: a damaged file is refused, not taken for plain text.
        let filter = OfficePackage.isLegacyContainer(input.bytes) && suffix == "doc" ? ["--infilter=MS Word 97"] : []
        return try LibreOfficeConversion.converted(input, tool: soffice, suffix: suffix, filter: filter, target: "docx:MS Word 2007 XML",
                                                   output: "docx", what: "word-document", errorID: "doc-conversion-failed")
    }
}
