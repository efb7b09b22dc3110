import Foundation

/// Converts a legacy office file to its Open XML successor with LibreOffice, headless, in a
/// temporary folder that is always removed: Word 97-2003 and WPS documents to .docx, Excel 97-2003,
/// WPS and OpenDocument workbooks to .xlsx.
enum LibreOfficeConversion {
    /// LibreOffice starts in a few seconds with a new profile; a conversion that takes this long hangs.
    static let timeout: TimeInterval = 180

    /// The converted file's bytes. `suffix` is the extension LibreOffice should see (it picks its
    /// import filter by it), `target` the filter to save with ("docx:MS Word 2007 XML"), `what`
    /// names the kind of file for messages (a word of the message catalog: `workbook`, `word-document`).
    static func converted(_ input: InputDocument, tool: ExternalTool, suffix: String, filter: [String] = [],
                          target: String, output: String, what: String, errorID: String) throws -> [UInt8] {
        let place = SourcePosition(file: input.name)
        let program = try tool.required(for: "reading-\(what)", at: place)
        return try TemporaryFolder.with { folder in
            // A fixed name: the user's path is never handed to another program.
            let source = folder.appendingPathComponent("input.\(suffix)")
            try OutputFile.write(input.bytes, to: source)
            // A profile of its own, so that runs at the same time do not wait on each other's lock.
            let profile = folder.appendingPathComponent("profile", isDirectory: true)
            let outcome = try tool.run(program, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nologo"] + filter
                                               + ["--convert-to", target, "--outdir", folder.path, source.path],
                                       in: folder, timeout: timeout, at: place)
            guard let bytes = try? Data(contentsOf: folder.appendingPathComponent("input.\(output)")), !bytes.isEmpty else {
                // LibreOffice's warning that it found no Java says nothing about the file.
                let said = outcome.errors.components(separatedBy: "; ").filter { !$0.contains("javaldx") }.joined(separator: "; ")
                let reason = said.isEmpty ? "exit status \(outcome.status)" : said
                throw JixiaoError(errorID, key: "libreoffice-failed", ["output": output, "reason": reason, "what": what], at: place)
            }
            return [UInt8](bytes)
        }
    }
}
