import Foundation
import ZIPFoundation
@testable import Jixiao

/// Small XLSX files built part by part, for inputs no spreadsheet program would write.
enum XLSXTestFiles {
    static let workbook = """
        <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
        <sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    static let relations = """
        <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        </Relationships>
        """

    /// A sheet from rows of inline-string cells, e.g. [(1, ["一级指标", "二级指标"])].
    static func sheet(_ rows: [(Int, [String])], extra: String = "") -> String {
        let body = rows.map { row, values in
            let cells = values.enumerated().map { column, text in
                "<c r=\"\(XLSXCellReference.name(row: row - 1, column: column))\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
            }.joined()
            return "<row r=\"\(row)\">\(cells)</row>"
        }.joined()
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(body)</sheetData>\(extra)</worksheet>"
    }

    /// A zip holding the given parts; `nil` content leaves a part out.
    static func archive(_ parts: [(String, String?)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, content) in parts {
            guard let content else { continue }
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data!)
    }

    /// A small archive whose one part inflates to more than any part may.
    static func zipBomb(part: String) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        let size = XLSXLimits.maximumPartBytes + (1 << 20)
        let zeros = Data(count: 1 << 20)
        try archive.addEntry(with: part, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { _, chunk in
            zeros.prefix(chunk)
        }
        return [UInt8](archive.data!)
    }

    /// A workbook of one sheet with the standard parts around it.
    static func workbook(sheet: String) throws -> [UInt8] {
        try archive([("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", relations), ("xl/worksheets/sheet1.xml", sheet)])
    }

    /// A copy of an XLSX file with one part replaced.
    static func replacing(_ part: String, with content: String, in url: URL) throws -> [UInt8] {
        let source = try Archive(url: url, accessMode: .read)
        var parts: [(String, String?)] = []
        for entry in source where entry.type == .file {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            parts.append((entry.path, entry.path == part ? content : String(decoding: data, as: UTF8.self)))
        }
        return try archive(parts)
    }

    /// The part of the last sheet in a workbook libxlsxwriter wrote (the metadata sheet).
    static func lastSheetPart(in url: URL) throws -> String {
        let source = try Archive(url: url, accessMode: .read)
        return source.map(\.path).filter { $0.hasPrefix("xl/worksheets/sheet") }
            .max { Int($0.filter(\.isNumber))! < Int($1.filter(\.isNumber))! }!
    }
}
