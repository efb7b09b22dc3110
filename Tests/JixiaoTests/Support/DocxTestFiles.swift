import Foundation
@testable import Jixiao

/// Small Word documents built part by part: WordprocessingML written by hand, for what python-docx
/// cannot make (text boxes, tracked changes, fields, legacy merges) and for broken files.
enum DocxTestFiles {
    static let relations = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    /// A document part around body content.
    static func documentPart(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
        xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" \
        xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
        <w:body>\(body)<w:sectPr/></w:body></w:document>
        """
    }

    /// A .docx whose body is `body`.
    static func document(_ body: String) throws -> [UInt8] {
        try XLSXTestFiles.archive([("_rels/.rels", relations), ("word/document.xml", documentPart(body))])
    }

    static func paragraph(_ text: String) -> String { "<w:p><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>" }

    /// A table from rows of cells; each cell is its text, or raw `<w:tc>` markup when it starts with '<'.
    static func table(_ rows: [[String]], rowProperties: [Int: String] = [:]) -> String {
        let body = rows.enumerated().map { index, cells in
            let properties = rowProperties[index].map { "<w:trPr>\($0)</w:trPr>" } ?? ""
            return "<w:tr>\(properties)" + cells.map { $0.hasPrefix("<") ? $0 : "<w:tc>\(paragraph($0))</w:tc>" }.joined() + "</w:tr>"
        }.joined()
        return "<w:tbl><w:tblPr/>\(body)</w:tbl>"
    }

    static func cell(_ text: String, properties: String) -> String {
        "<w:tc><w:tcPr>\(properties)</w:tcPr>\(paragraph(text))</w:tc>"
    }
}
