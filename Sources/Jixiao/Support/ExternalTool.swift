import Foundation

/// A program Jixiao runs for a format it does not parse itself (poppler's `pdftotext`,
/// LibreOffice's `soffice`): found on PATH, run without a shell (no user text is ever parsed as a
/// command), with a time limit, its outputs in a temporary folder that is always removed.
struct ExternalTool: Sendable {
    /// The command's name, as on PATH.
    let command: String
    /// The Debian package that installs it, for the message when it is missing.
    let package: String

    /// The program's path, or nil when it is not installed.
    var executable: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(command) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The program's path, or an error at `position` naming what to install. `purpose` is a word of
    /// the message catalog (`reading-pdf`).
    func required(for purpose: String, at position: SourcePosition) throws -> URL {
        guard let executable else {
            throw JixiaoError("tool-missing", ["purpose": purpose, "command": command, "package": package], at: position)
        }
        return executable
    }

    struct Outcome {
        var status: Int32
        /// What the program wrote to standard error, cut to its first lines.
        var errors: String
    }

    /// Runs the program with `arguments` in `folder` (its working folder), standard output and
    /// error going to files there. A program still running after `timeout` is killed, and that
    /// is an error at `position`.
    func run(_ executable: URL, _ arguments: [String], in folder: URL, timeout: TimeInterval, at position: SourcePosition) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        let outputs = (folder.appendingPathComponent(".stdout"), folder.appendingPathComponent(".stderr"))
        // Files, not pipes: a program that writes much would block on a full pipe nobody reads.
        for url in [outputs.0, outputs.1] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let output = try FileHandle(forWritingTo: outputs.0)
        let errors = try FileHandle(forWritingTo: outputs.1)
        defer {
            try? output.close()
            try? errors.close()
        }
        process.standardOutput = output
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw JixiaoError("tool-failed", ["command": command, "reason": error.localizedDescription], at: position)
        }
        let processID = process.processIdentifier
        RunningTools.shared.started(processID)
        defer { RunningTools.shared.ended(processID) }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(processID, SIGKILL)
            finished.wait()
            throw JixiaoError("tool-timeout", ["command": command, "seconds": String(Int(timeout))], at: position)
        }
        let written = (try? String(contentsOf: outputs.1, encoding: .utf8)) ?? ""
        let firstLines = written.split(separator: "\n").prefix(5).joined(separator: "; ")
        return Outcome(status: process.terminationStatus, errors: firstLines)
    }
}

/// A private temporary folder, removed when `body` returns or throws, and on Ctrl-C.
enum TemporaryFolder {
    static func with<T>(_ body: (URL) throws -> T) throws -> T {
        var template = Array((FileManager.default.temporaryDirectory.path + "/jixiao-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw JixiaoError("temporary-folder", key: "temporary-folder", ["folder": FileManager.default.temporaryDirectory.path])
        }
        let folder = URL(fileURLWithPath: String(cString: made), isDirectory: true)
        TemporaryFiles.shared.register(folder)
        defer {
            try? FileManager.default.removeItem(at: folder)
            TemporaryFiles.shared.unregister(folder)
        }
        return try body(folder)
    }
}

/// The programs running for readers, so that an interrupt (Ctrl-C) stops them too: they do not
/// all stop on the terminal's signal (Jixiao ignores it while it cleans up, and they may inherit that).
public final class RunningTools: @unchecked Sendable {
    public static let shared = RunningTools()
    private let lock = NSLock()
    private var running: Set<Int32> = []

    func started(_ processID: Int32) { lock.withLock { _ = running.insert(processID) } }
    func ended(_ processID: Int32) { lock.withLock { _ = running.remove(processID) } }

    /// Kills every program still running. Called from a signal handler's dispatch source.
    public func stopAll() {
        lock.withLock {
            for processID in running { kill(processID, SIGKILL) }
            running.removeAll()
        }
    }
}
