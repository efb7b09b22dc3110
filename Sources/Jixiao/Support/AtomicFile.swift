import Foundation
import Synchronization

/// Writes an output file so that a reader of the destination sees either the old file or the
/// complete new one: the content goes to a hidden temporary file beside it, then is renamed.
public enum AtomicFile {
    private static let written = Atomic<Int>(0)
    private static let processID = getpid()

    /// Runs `produce` on a temporary path in the destination's folder and renames the result
    /// into place; on any error the temporary file is removed and the destination untouched.
    /// Errors name the destination as `shownAs` (the path as the user wrote it), never the
    /// temporary file.
    public static func write<T>(to destination: URL, shownAs shown: String? = nil, _ produce: (URL) throws -> T) throws -> T {
        // Paths are worked out once, as strings: Foundation's URL recomputes `path` on each call,
        // a cost that shows in a batch of small outputs.
        let destinationPath = destination.path
        // Named by the process and a count: unique among writers, and no random bytes to read for each output.
        let number = written.add(1, ordering: .relaxed).newValue
        let temporaryPath = PathText.joined(PathText.folder(of: destinationPath), ".\(PathText.lastName(destinationPath)).\(processID)-\(number).partial")
        let temporary = URL(fileURLWithPath: temporaryPath, isDirectory: false)
        TemporaryFiles.shared.beginWriting(temporaryPath)
        defer { TemporaryFiles.shared.unregister(path: temporaryPath) }
        do {
            let result = try produce(temporary)
            TemporaryFiles.shared.finishWriting(temporaryPath)
            guard rename(temporaryPath, destinationPath) == 0 else {
                let reason = String(cString: strerror(errno))
                throw JixiaoError("output-failed", key: "output-failed", ["path": destinationPath, "reason": reason])
            }
            return result
        } catch {
            unlink(temporaryPath)
            throw said(error, writing: temporaryPath, of: shown ?? destinationPath)
        }
    }

    /// An error met while writing `temporary`, said of `shown`: a writer names the file it was
    /// given, the user knows the one they asked for. Foundation's file errors (which name the
    /// temporary file in their text) become `output-failed` with the system's reason.
    static func said(_ error: Error, writing temporary: String, of shown: String) -> Error {
        if var known = error as? JixiaoError {
            if known.position?.file == temporary { known.position?.file = shown }
            return known
        }
        guard let failure = error as? CocoaError else { return error }
        let underlying = failure.userInfo[NSUnderlyingErrorKey] as? NSError
        let reason = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
            ?? failure.localizedDescription
        return JixiaoError("output-failed", key: "output-not-written", ["reason": reason], at: SourcePosition(file: shown))
    }
}

/// Temporary files still being written (and temporary folders in use), so an interrupt (Ctrl-C)
/// can remove them before exit.
///
/// An output being written is created by its writer (libxlsxwriter, fopen) after it is
/// registered, so removing the registered paths alone could run before a file exists and leave
/// it behind (ThreadSanitizer's slower runs showed it). So once an interrupt starts, no new output
/// is begun, and the interrupt waits (briefly) for the outputs in progress: each is either renamed
/// into place whole, or removed by its own thread.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []
    /// Outputs between `beginWriting` and their rename or removal.
    private var writing: Set<String> = []
    private var stopping = false

    public func register(_ url: URL) { lock.withLock { _ = paths.insert(url.path) } }

    public func unregister(_ url: URL) { unregister(path: url.path) }

    func unregister(path: String) {
        lock.withLock {
            paths.remove(path)
            writing.remove(path)
        }
    }

    /// Registers an output about to be written; once an interrupt has started, never returns.
    func beginWriting(_ path: String) {
        lock.lock()
        guard !stopping else {
            lock.unlock()
            Self.waitForExit()
        }
        paths.insert(path)
        writing.insert(path)
        lock.unlock()
    }

    /// Called when an output is complete, before its rename: after an interrupt, the output is
    /// removed instead and the thread waits for the exit.
    func finishWriting(_ path: String) {
        lock.lock()
        guard stopping else {
            lock.unlock()
            return
        }
        unlink(path)
        paths.remove(path)
        writing.remove(path)
        lock.unlock()
        Self.waitForExit()
    }

    /// Removes every registered file, after the outputs in progress (up to two seconds) are
    /// finished or removed. Called from a signal handler's dispatch source, before exit.
    public func removeAll() {
        lock.withLock { stopping = true }
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline, lock.withLock({ !writing.isEmpty }) { usleep(1000) }
        lock.withLock {
            for path in paths where unlink(path) != 0 { try? FileManager.default.removeItem(atPath: path) }
            paths.removeAll()
        }
    }

    private static func waitForExit() -> Never {
        while true { sleep(60) }
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
