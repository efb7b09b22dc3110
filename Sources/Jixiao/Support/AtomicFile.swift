import Foundation

/// Writes an output file so that a reader of the destination sees either the old file or the
/// complete new one: the content goes to a hidden temporary file beside it, then is renamed.
public enum AtomicFile {
    /// Runs `produce` on a temporary path in the destination's folder and renames the result
    /// into place; on any error the temporary file is removed and the destination untouched.
    public static func write<T>(to destination: URL, _ produce: (URL) throws -> T) throws -> T {
        let folder = destination.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        TemporaryFiles.shared.register(temporary)
        defer { TemporaryFiles.shared.unregister(temporary) }
        do {
            let result = try produce(temporary)
            guard rename(temporary.path, destination.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw JixiaoError("output-failed", key: "output-failed", ["path": destination.path, "reason": reason])
            }
            return result
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

/// Temporary files still being written (and temporary folders in use), so an interrupt (Ctrl-C)
/// can remove them before exit.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []

    public func register(_ url: URL) { lock.withLock { _ = paths.insert(url.path) } }
    public func unregister(_ url: URL) { lock.withLock { _ = paths.remove(url.path) } }

    /// Removes every registered file. Called from a signal handler's dispatch source.
    public func removeAll() {
        lock.withLock {
            for path in paths where unlink(path) != 0 { try? FileManager.default.removeItem(atPath: path) }
            paths.removeAll()
        }
    }
}

/// Plain writes of a whole file. No fsync: `AtomicFile` renames a complete file into place, and
/// forcing every file of a batch to disk would cost more than the conversion.
public enum OutputFile {
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try writing(to: url) { handle in
            let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
            guard written == bytes.count else {
                throw JixiaoError("output-failed", key: "output-not-written", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: url.path))
            }
        }
    }

    /// Opens `url` for writing, lets `body` write, and closes it, reporting any failure.
    public static func writing(to url: URL, _ body: (UnsafeMutablePointer<FILE>) throws -> Void) throws {
        guard let handle = fopen(url.path, "wb") else {
            throw JixiaoError("output-failed", key: "output-not-created", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: url.path))
        }
        do {
            try body(handle)
        } catch {
            fclose(handle)
            throw error
        }
        guard fclose(handle) == 0 else {
            throw JixiaoError("output-failed", key: "output-not-written", ["reason": String(cString: strerror(errno))], at: SourcePosition(file: url.path))
        }
    }
}
