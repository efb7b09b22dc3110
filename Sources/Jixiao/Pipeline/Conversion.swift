import Foundation

/// The steps of `convert` that do not depend on the command line: choosing a reader and a
/// writer, reading, and writing an output safely.
public enum Conversion {
    /// The reader for an input: named by `--from`, else implied by the extension, else
    /// recognised from the content (a Jixiao YAML document opens with `format:`).
    public static func readerFormat(for input: InputDocument, named explicit: String?) throws -> FileFormat {
        let format: FileFormat
        if let explicit {
            guard let named = FormatRegistry.format(named: explicit) else {
                throw JixiaoError("unknown-format", key: "unknown-input-format", ["format": explicit, "formats": FormatRegistry.names])
            }
            format = named
        } else if let byExtension = FormatRegistry.format(forPath: input.name), byExtension.reader != nil {
            // A container that says what it holds overrules a misleading name, with a clear word.
            if let (held, noun) = try container(input), held.name != byExtension.name {
                let ext = URL(fileURLWithPath: input.name).pathExtension
                throw JixiaoError("wrong-extension", ["extension": ext, "kind": noun, "right_extension": held.extensions[0], "format": held.name],
                                  at: SourcePosition(file: input.name))
            }
            format = byExtension
        } else if let (held, _) = try container(input) {
            format = held
        } else if let sniffed = sniff(input.bytes) {
            format = sniffed
        } else {
            throw JixiaoError(
                "unknown-format", key: "format-not-recognised", ["formats": FormatRegistry.names],
                at: SourcePosition(file: input.name))
        }
        guard format.reader != nil else {
            throw JixiaoError("no-reader", key: "no-reader", ["format": format.name], at: SourcePosition(file: input.name))
        }
        return format
    }

    /// The reader that can stream `path` from disk, when its format is known without reading
    /// it (named, or by extension) and its reader streams; else nil.
    public static func fileStreamingReader(for path: String, named explicit: String?) -> (any FileStreamingReader)? {
        guard path != "-", FileManager.default.isReadableFile(atPath: path) else { return nil }
        let format = explicit.flatMap(FormatRegistry.format(named:)) ?? FormatRegistry.format(forPath: path)
        return format?.reader as? any FileStreamingReader
    }

    public static func read(_ input: consuming InputDocument, from explicit: String?, options: ReadOptions = ReadOptions()) throws -> ReadResult {
        let reader = try readerFormat(for: input, named: explicit).reader!
        return try reader.read(consume input, options: options)
    }

    /// The writer: named by `--to`, else implied by the output's extension, else YAML.
    public static func writerFormat(named explicit: String?, outputPath: String?) throws -> FileFormat {
        if let explicit {
            guard let format = FormatRegistry.format(named: explicit) else {
                throw JixiaoError("unknown-format", key: "unknown-output-format", ["format": explicit, "formats": FormatRegistry.names])
            }
            guard format.writer != nil else {
                throw JixiaoError("no-writer", key: "no-writer", ["format": format.name])
            }
            return format
        }
        if let outputPath, outputPath != "-", let format = FormatRegistry.format(forPath: outputPath), format.writer != nil {
            return format
        }
        return FormatRegistry.format(named: "yaml")!
    }

    /// Writes filings to `path` atomically, or to standard output when `path` is nil or "-".
    /// Refuses to write over any input `guarding` knows.
    public static func write(
        _ filings: [Filing], format: FileFormat, to path: String?, guarding inputs: InputGuard = InputGuard(inputs: []),
        options: WriteOptions = WriteOptions()
    ) throws -> [Diagnostic] {
        guard let writer = format.writer else {
            throw JixiaoError("no-writer", key: "cannot-write-format", ["format": format.name])
        }
        guard let path, path != "-" else {
            // Standard output: write to a private temporary file, then copy it out.
            let temporary = FileManager.default.temporaryDirectory
                .appendingPathComponent("jixiao-\(UUID().uuidString).\(format.extensions.first ?? "out")")
            // Removed on an interrupt too; errors name standard output, as the user did.
            TemporaryFiles.shared.register(temporary)
            defer {
                try? FileManager.default.removeItem(at: temporary)
                TemporaryFiles.shared.unregister(temporary)
            }
            let diagnostics: [Diagnostic]
            do {
                diagnostics = try writer.write(filings, to: temporary, options: options)
            } catch {
                throw AtomicFile.said(error, writing: temporary.path, of: "-")
            }
            // Copied out in pieces: the output may be larger than anyone wants held in memory.
            let input = try FileHandle(forReadingFrom: temporary)
            defer { try? input.close() }
            while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty {
                FileHandle.standardOutput.write(piece)
            }
            return diagnostics
        }
        let diagnostics = try writeFile(path, guarding: inputs) { temporary in
            try writer.write(filings, to: temporary, options: options)
        }
        // A place in the output (a sheet of the workbook written) is named in the output file,
        // not in the temporary one it was written to.
        return diagnostics.map { diagnostic in
            guard var position = diagnostic.position, position.file == nil, position.sheet != nil else { return diagnostic }
            var placed = diagnostic
            position.file = path
            placed.position = position
            return placed
        }
    }

    /// Writes one filing's canonical YAML as a reader handed it over (`ReadResult.canonicalTexts`):
    /// the bytes the YAML writer would write for it, with the same checks and atomic rename.
    public static func write(canonicalText: String, to path: String, guarding inputs: InputGuard = InputGuard(inputs: [])) throws {
        try writeFile(path, guarding: inputs) { temporary in
            try OutputFile.write(Array(canonicalText.utf8), to: temporary)
        }
    }

    /// Runs `produce` on a temporary file beside `path` and renames it into place, after
    /// refusing to write over an input or a folder, or into a folder that is not there.
    private static func writeFile<T>(_ path: String, guarding inputs: InputGuard, _ produce: (URL) throws -> T) throws -> T {
        // One stat says whether the output is an input or a folder; only a new output's folder
        // needs a second.
        var info = stat()
        if stat(path, &info) == 0 {
            if inputs.protects(info) {
                throw JixiaoError("output-is-input", ["path": path], at: SourcePosition(file: path))
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                throw JixiaoError("output-is-directory", [:], at: SourcePosition(file: path))
            }
        } else {
            let folder = PathText.folder(of: path)
            guard FileManager.default.fileExists(atPath: folder) else {
                throw JixiaoError("output-folder-missing", ["folder": folder], at: SourcePosition(file: path))
            }
        }
        return try AtomicFile.write(to: URL(fileURLWithPath: path, isDirectory: false), shownAs: path, produce)
    }

    /// The format of a container that names its kind, with a noun for messages: a Word document
    /// or an XLSX workbook by the main part's name, which stands uncompressed in a zip, or a PDF;
    /// nil for anything else. Excel's binary workbook (.xlsb, xl/workbook.bin) is refused here.
    static func container(_ input: InputDocument) throws -> (FileFormat, String)? {
        let bytes = input.bytes
        let kind: (String, String)?
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            // Searched in the bytes as they are (no copy into Data, whose search goes byte by byte).
            let holds = { (name: String) in
                bytes.withUnsafeBufferPointer { file in Array(name.utf8).withUnsafeBufferPointer { ByteSearch.contains(file, $0) } }
            }
            if holds("word/document.xml") {
                kind = ("docx", "a Word document")
            } else if holds("xl/workbook.bin") && !holds("xl/workbook.xml") {
                throw JixiaoError("xlsx-binary-workbook", [:],
                                  at: SourcePosition(file: input.name))
            } else {
                kind = holds("xl/workbook.xml") ? ("xlsx", "an XLSX workbook") : nil
            }
        } else {
            kind = bytes.starts(with: Array("%PDF-".utf8)) ? ("pdf", "a PDF") : nil
        }
        return kind.flatMap { name, noun in FormatRegistry.format(named: name).map { ($0, noun) } }
    }

    /// Recognises content whose name says nothing and that is no known container (`container`): any
    /// other zip as a workbook (whose reader says what it lacks), Jixiao YAML, a web page, else the
    /// first format whose reader accepts plain text (the text reader, once registered).
    static func sniff(_ bytes: [UInt8]) -> FileFormat? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return FormatRegistry.format(named: "xlsx") }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}").union(.whitespacesAndNewlines))
        if head.hasPrefix("format:") || head.hasPrefix("---") || head.hasPrefix("%YAML") {
            return FormatRegistry.format(named: "yaml")
        }
        let lowered = head.prefix(16).lowercased()
        if lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") {
            return FormatRegistry.format(named: "html")
        }
        return FormatRegistry.format(named: "text")
    }
}
