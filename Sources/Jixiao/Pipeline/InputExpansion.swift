import Foundation

/// Turns the command line's inputs into files: a folder stands for every file below it whose
/// extension a reader knows, in name order (hidden files and folders are skipped).
public enum InputExpansion {
    public static func expand(_ inputs: [String]) throws -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard input != "-", FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                files.append(input)
                continue
            }
            let readable = Set(FormatRegistry.all.filter { $0.reader != nil }.flatMap(\.extensions))
            var found: [String] = []
            try walk(input, into: &found) { readable.contains(PathText.fileExtension($0)) }
            guard !found.isEmpty else {
                throw JixiaoError("input-empty-folder", key: "input-empty-folder", ["extensions": readable.sorted().joined(separator: ", ")],
                                  at: SourcePosition(file: input))
            }
            files += found.sorted()
        }
        return files
    }

    /// Lists a folder with readdir: a folder of thousands of filings is read in one pass, each
    /// entry's type coming with its name. Paths keep the folder as the user wrote it. Links to
    /// files count as files; links to folders are not followed (no loops).
    private static func walk(_ folder: String, into found: inout [String], keeping wanted: (String) -> Bool) throws {
        guard let directory = opendir(folder) else {
            throw JixiaoError("input-unreadable", key: "folder-unreadable", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: folder))
        }
        defer { closedir(directory) }
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            // The name is read in place, up to its NUL: a record may end before d_name's declared
            // 256 bytes do, so copying the field reads past the end of readdir's buffer.
            let name = String(cString: (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!).assumingMemoryBound(to: CChar.self))
            guard !name.hasPrefix(".") else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            var type = Int32(entry.pointee.d_type)
            if type == DT_UNKNOWN || type == DT_LNK {
                var status = stat()
                guard stat(path, &status) == 0 else { continue }
                let format = status.st_mode & S_IFMT
                type = format == S_IFREG ? Int32(DT_REG) : format == S_IFDIR && type == DT_UNKNOWN ? Int32(DT_DIR) : Int32(DT_UNKNOWN)
            }
            if type == DT_DIR {
                subfolders.append(path)
            } else if type == DT_REG, wanted(name) {
                found.append(path)
            }
        }
        for subfolder in subfolders { try walk(subfolder, into: &found, keeping: wanted) }
    }
}
