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
            guard let walker = FileManager.default.enumerator(
                at: URL(fileURLWithPath: input), includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles]) else {
                throw JixiaoError("input-unreadable", "cannot list the folder", at: SourcePosition(file: input))
            }
            // Report paths as the user wrote the folder: "dir/sub/a.txt", not an absolute path.
            let basePath = URL(fileURLWithPath: input).standardizedFileURL.path
            var found: [String] = []
            for case let url as URL in walker where readable.contains(url.pathExtension.lowercased()) {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(basePath.count).drop { $0 == "/" }
                found.append((input as NSString).appendingPathComponent(String(relative)))
            }
            guard !found.isEmpty else {
                throw JixiaoError("input-empty-folder", "the folder holds no file Jixiao can read (\(readable.sorted().joined(separator: ", ")))",
                                  at: SourcePosition(file: input))
            }
            files += found.sorted()
        }
        return files
    }
}
