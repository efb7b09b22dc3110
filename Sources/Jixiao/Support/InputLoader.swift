import Foundation

/// Loads inputs whole, with clear errors for what is not a readable file.
public enum InputLoader {
    /// Larger inputs are refused rather than read: no filing comes near it.
    public static let maximumInputBytes = 512 << 20

    public static func load(_ path: String) throws -> InputDocument {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= maximumInputBytes else { throw tooLarge("<stdin>", data.count) }
            return InputDocument(name: "<stdin>", bytes: [UInt8](data))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw JixiaoError("input-missing", "no such file", at: SourcePosition(file: path))
        }
        guard !isDirectory.boolValue else {
            throw JixiaoError("input-is-directory", "is a folder, not a file", at: SourcePosition(file: path))
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumInputBytes else { throw tooLarge(path, size) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JixiaoError("input-unreadable", "cannot read the file (permissions?)", at: SourcePosition(file: path))
        }
        return InputDocument(name: path, bytes: [UInt8](data))
    }

    private static func tooLarge(_ name: String, _ size: Int) -> JixiaoError {
        JixiaoError(
            "input-too-large", "input is \(size >> 20) MiB; the limit is \(maximumInputBytes >> 20) MiB",
            at: SourcePosition(file: name))
    }
}
