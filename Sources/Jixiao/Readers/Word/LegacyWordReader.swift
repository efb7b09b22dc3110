import Foundation

/// Reads Word 97-2003 documents (.doc) and WPS Writer documents (.wps): LibreOffice converts
/// them, headless, to .docx in a temporary folder, which the Word reader reads. Positions are
/// those of the converted document, which keeps the original's paragraphs and tables.
public struct LegacyWordReader: StructuredDocumentSource {
    public init() {}

    var tableKind: String { "Word table" }

    static let soffice = ExternalTool(command: "soffice", package: "libreoffice-writer-nogui")
    /// LibreOffice starts in a few seconds with a new profile; a conversion that takes this long hangs.
    static let timeout: TimeInterval = 180

    func document(_ input: InputDocument) throws -> StructuredDocument {
        let converted = try Self.converted(input)
        return try DocxFilingReader().document(InputDocument(name: input.name, bytes: converted))
    }

    /// The document converted to .docx by LibreOffice.
    static func converted(_ input: InputDocument) throws -> [UInt8] {
        let place = SourcePosition(file: input.name)
        let tool = try soffice.required(for: "reading a .doc or .wps document", at: place)
        // What is saved as .doc: a Word 97-2003 (or WPS) file, or RTF or a web page under that name.
        let head = String(decoding: input.bytes.prefix(16), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard OfficePackage.isLegacyContainer(input.bytes) || head.hasPrefix("{\\rtf") || head.hasPrefix("<") else {
            throw JixiaoError("doc-not-word", "not a Word document: neither a Word 97-2003 or WPS file, nor RTF or a web page saved as .doc", at: place)
        }
        let suffix = URL(fileURLWithPath: input.name).pathExtension.lowercased() == "wps" ? "wps" : "doc"
        return try TemporaryFolder.with { folder in
            // A fixed name: the user's path is never handed to another program.
            let source = folder.appendingPathComponent("input.\(suffix)")
            try OutputFile.write(input.bytes, to: source)
            // A profile of its own, so that runs at the same time do not wait on each other's lock.
            let profile = folder.appendingPathComponent("profile", isDirectory: true)
            // A Word 97-2003 file is opened as one: a damaged file is refused, not taken for plain text.
            let filter = OfficePackage.isLegacyContainer(input.bytes) && suffix == "doc" ? ["--infilter=MS Word 97"] : []
            let outcome = try soffice.run(tool, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nologo"] + filter
                                                + ["--convert-to", "docx:MS Word 2007 XML", "--outdir", folder.path, source.path],
                                          in: folder, timeout: timeout, at: place)
            let output = folder.appendingPathComponent("input.docx")
            guard let bytes = try? Data(contentsOf: output), !bytes.isEmpty else {
                // LibreOffice's warning that it found no Java says nothing about the document.
                let said = outcome.errors.components(separatedBy: "; ").filter { !$0.contains("javaldx") }.joined(separator: "; ")
                let reason = said.isEmpty ? "exit status \(outcome.status)" : said
                throw JixiaoError("doc-conversion-failed", "LibreOffice could not convert this document to .docx (\(reason)): is it a Word document, and without a password?",
                                  at: place)
            }
            return [UInt8](bytes)
        }
    }
}
