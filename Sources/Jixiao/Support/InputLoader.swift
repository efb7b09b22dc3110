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
        let descriptor = try openToRead(path)
        defer { close(descriptor) }
        let status = try self.status(of: descriptor, path: path)
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw JixiaoError("input-is-directory", [:], at: SourcePosition(file: path))
        }
        let size = Int(status.st_size)
        guard size <= maximumInputBytes else { throw tooLarge(path, size) }
        // Read to the end rather than trusting the size: a file may grow, and pipes report none.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += repeatElement(0, count: max(bytes.count, 4096)) }
            let count = try bytes.withUnsafeMutableBytes { try readSome(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), path: path) }
            if count == 0 { break }
            filled += count
            guard filled <= maximumInputBytes else { throw tooLarge(path, filled) }
        }
        bytes.removeLast(bytes.count - filled)
        return InputDocument(name: path, bytes: bytes)
    }

    /// The first `count` bytes of a file (fewer when it is shorter), refused as `load` refuses
    /// a folder or a file over the limit: what a reader that opens the file itself looks at first.
    public static func head(_ path: String, count: Int) throws -> [UInt8] {
        let descriptor = try openToRead(path)
        defer { close(descriptor) }
        let status = try self.status(of: descriptor, path: path)
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw JixiaoError("input-is-directory", [:], at: SourcePosition(file: path))
        }
        guard Int(status.st_size) <= maximumInputBytes else { throw tooLarge(path, Int(status.st_size)) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = try bytes.withUnsafeMutableBytes { try readSome(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), path: path) }
            if read == 0 { break }
            filled += read
        }
        return Array(bytes.prefix(filled))
    }

    /// The bytes of one piece of a file (see `PiecewiseReader`).
    public static func load(_ path: String, range: Range<Int>) throws -> [UInt8] {
        let descriptor = try openToRead(path)
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var filled = 0
        while filled < range.count {
            let count = try bytes.withUnsafeMutableBytes {
                try readSome(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), at: range.lowerBound + filled, path: path)
            }
            guard count > 0 else {
                throw JixiaoError("input-unreadable", key: "input-changed", [:], at: SourcePosition(file: path))
            }
            filled += count
        }
        return bytes
    }

    /// Opens a file to read; a missing one is `input-missing`, any other failure `input-unreadable`.
    static func openToRead(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw JixiaoError("input-missing", [:], at: SourcePosition(file: path)) }
            throw unreadable(path)
        }
        return descriptor
    }

    static func status(of descriptor: Int32, path: String) throws -> stat {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable(path) }
        return status
    }

    /// One read (at `offset`, when given), tried again when a signal cuts it short; 0 at the end.
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int? = nil, path: String) throws -> Int {
        while true {
            let count = offset.map { pread(descriptor, buffer.baseAddress, buffer.count, off_t($0)) } ?? read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            guard errno == EINTR else { throw unreadable(path) }
        }
    }

    private static func unreadable(_ path: String) -> JixiaoError {
        JixiaoError("input-unreadable", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: path))
    }

    private static func tooLarge(_ name: String, _ size: Int) -> JixiaoError {
        JixiaoError("input-too-large", ["size": String(size >> 20), "limit": String(maximumInputBytes >> 20)],
            at: SourcePosition(file: name))
    }
}
