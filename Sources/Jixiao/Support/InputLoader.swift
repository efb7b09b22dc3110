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
        // One open, one stat, one read: a batch loads thousands of small files.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw JixiaoError("input-missing", "no such file", at: SourcePosition(file: path)) }
            throw JixiaoError("input-unreadable", "cannot read the file: \(String(cString: strerror(errno)))", at: SourcePosition(file: path))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw JixiaoError("input-unreadable", "cannot read the file: \(String(cString: strerror(errno)))", at: SourcePosition(file: path))
        }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw JixiaoError("input-is-directory", "is a folder, not a file", at: SourcePosition(file: path))
        }
        let size = Int(status.st_size)
        guard size <= maximumInputBytes else { throw tooLarge(path, size) }
        // Read to the end rather than trusting the size: a file may grow, and pipes report none.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += repeatElement(0, count: max(bytes.count, 4096)) }
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw JixiaoError("input-unreadable", "cannot read the file: \(String(cString: strerror(errno)))", at: SourcePosition(file: path))
            }
            if count == 0 { break }
            filled += count
            guard filled <= maximumInputBytes else { throw tooLarge(path, filled) }
        }
        bytes.removeLast(bytes.count - filled)
        return InputDocument(name: path, bytes: bytes)
    }

    /// The bytes of one piece of a file (see `PiecewiseReader`).
    public static func load(_ path: String, range: Range<Int>) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw JixiaoError("input-unreadable", "cannot read the file: \(String(cString: strerror(errno)))", at: SourcePosition(file: path))
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var filled = 0
        while filled < range.count {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(range.lowerBound + filled)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw JixiaoError("input-unreadable", "the file changed while it was read (it is shorter now)", at: SourcePosition(file: path))
            }
            filled += count
        }
        return bytes
    }

    private static func tooLarge(_ name: String, _ size: Int) -> JixiaoError {
        JixiaoError(
            "input-too-large", "input is \(size >> 20) MiB; the limit is \(maximumInputBytes >> 20) MiB",
            at: SourcePosition(file: name))
    }
}
