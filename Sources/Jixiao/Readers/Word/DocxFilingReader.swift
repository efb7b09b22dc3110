import Foundation

/// Reads filings from Word documents (.docx): the main document part, found through the
/// package's relationships, read into paragraphs and tables with their real cells.
public struct DocxFilingReader: StructuredDocumentSource {
    public init() {}

    var tableKind: String { "Word table" }

    static let package = OfficePackage.Kind(
        id: "docx", noun: "a Word document", fileNoun: "a .docx file",
        maximumPartBytes: XLSXLimits.maximumPartBytes, maximumTotalBytes: XLSXLimits.maximumTotalBytes)

    func document(_ input: InputDocument) throws -> StructuredDocument {
        if OfficePackage.isLegacyContainer(input.bytes) {
            // A Word 97-2003 document named .docx (or a password-protected one, which LibreOffice refuses).
            guard LegacyWordReader.soffice.executable != nil else {
                throw JixiaoError("docx-old-format", ["package": LegacyWordReader.soffice.package],
                    at: SourcePosition(file: input.name))
            }
            return try document(InputDocument(name: input.name, bytes: LegacyWordReader.converted(input)))
        }
        var parts = try OfficePackage(input.bytes, file: input.name, kind: Self.package)
        let path = try parts.mainPart(fallback: "word/document.xml")
        let handler = WordBodyHandler()
        guard try parts.scan(path, handler: handler) else {
            if parts.contains("xl/workbook.xml") {
                throw JixiaoError("docx-missing-part", key: "docx-is-xlsx", [:], at: SourcePosition(file: input.name))
            }
            throw JixiaoError("docx-missing-part", ["part": path], at: SourcePosition(file: input.name))
        }
        return StructuredDocument(name: input.name, blocks: handler.finish())
    }
}
