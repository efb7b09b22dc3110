import Foundation

/// The one list of formats Jixiao reads and writes. A new format is a file in `Readers/` or
/// `Writers/` plus one line here.
public enum FormatRegistry {
    public static let all: [FileFormat] = [
        FileFormat(name: "yaml", summary: "canonical Jixiao YAML (format: jixiao/1), one document per filing",
                   extensions: ["yaml", "yml"], reader: CanonicalYAMLReader(), writer: CanonicalYAMLWriter()),
        FileFormat(name: "text", summary: "text extracted from Word, PDF or web filings (UTF-8, UTF-16, GB18030)",
                   extensions: ["txt", "text"], reader: TextFilingReader()),
        FileFormat(name: "xlsx", summary: "provincial XLSX upload form (--template ID, see `jixiao templates`); read back by heading detection",
                   extensions: ["xlsx"], isBinary: true, reader: XLSXTemplateReader(), writer: XLSXTemplateWriter()),
        FileFormat(name: "docx", summary: "Word document: its tables read cell by cell, merged cells included",
                   extensions: ["docx"], isBinary: true, reader: DocxFilingReader()),
        FileFormat(name: "doc", summary: "Word 97-2003 or WPS document, converted to .docx by LibreOffice (soffice) and read as one",
                   extensions: ["doc", "wps"], isBinary: true, reader: LegacyWordReader()),
        FileFormat(name: "xls", summary: "Excel 97-2003, WPS or OpenDocument workbook, converted to .xlsx by LibreOffice (soffice) and read as one",
                   extensions: ["xls", "et", "ods"], isBinary: true, reader: LegacyWorkbookReader()),
        FileFormat(name: "html", summary: "web page (UTF-8, GBK, GB18030 …): its tables read cell by cell, rowspan and colspan included",
                   extensions: ["html", "htm"], reader: HTMLFilingReader()),
        FileFormat(name: "pdf", summary: "PDF with a text layer, laid out by poppler (pdftotext); its tables read by their columns",
                   extensions: ["pdf"], isBinary: true, reader: PDFFilingReader()),
    ]

    public static func format(named name: String) -> FileFormat? {
        all.first { $0.name == name.lowercased() }
    }

    /// The format a file name implies, by its extension.
    public static func format(forPath path: String) -> FileFormat? {
        let ext = PathText.fileExtension(path)
        guard !ext.isEmpty else { return nil }
        return all.first { $0.extensions.contains(ext) }
    }

    public static var names: String { all.map(\.name).joined(separator: ", ") }
}
