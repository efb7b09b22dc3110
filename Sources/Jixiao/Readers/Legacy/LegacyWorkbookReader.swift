import Foundation

/// Reads Excel 97-2003 (.xls), WPS Spreadsheets (.et) and OpenDocument (.ods) workbooks:
/// LibreOffice converts them, headless, to .xlsx, which the workbook reader reads. Positions are
/// those of the converted workbook, which keeps the original's sheets and cells.
public struct LegacyWorkbookReader: FilingReader {
    public init() {}

    static let soffice = ExternalTool(command: "soffice", package: "libreoffice-calc-nogui")

    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        let name = input.name
        let suffix = URL(fileURLWithPath: name).pathExtension.lowercased()
        let known = ["xls", "et", "ods"].contains(suffix) ? suffix : "xls"
        let isOpenDocument = input.bytes.starts(with: [0x50, 0x4B])
        if OfficePackage.isEncrypted(input.bytes) {
            throw JixiaoError("xls-encrypted", [:], at: SourcePosition(file: name))
        }
        guard OfficePackage.isLegacyWorkbook(input.bytes) || isOpenDocument else {
            throw JixiaoError("xls-not-a-workbook", [:],
                              at: SourcePosition(file: name))
        }
        let converted = try LibreOfficeConversion.converted(input, tool: Self.soffice, suffix: known, target: "xlsx:Calc MS Excel 2007 XML",
                                                            output: "xlsx", what: "workbook", errorID: "xls-conversion-failed")
        return try XLSXTemplateReader().read(InputDocument(name: name, bytes: converted), options: options)
    }
}
