import Foundation
import Testing
@testable import Jixiao

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root (Tests/JixiaoTests/Support/TestSupport.swift -> ../../..).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/JixiaoTests/Fixtures")
    static let examples = packageRoot.appendingPathComponent("Examples")

    /// The `jixiao` binary built beside the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("jixiao")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/jixiao")
    }

    /// The error a read gives; the test fails if there is none or it is not a `JixiaoError`.
    static func error(of read: () throws -> Void) -> JixiaoError? {
        do {
            try read()
            Issue.record("expected an error")
            return nil
        } catch let error as JixiaoError {
            return error
        } catch {
            Issue.record("not a JixiaoError: \(error)")
            return nil
        }
    }

    /// A fresh empty folder for one test.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: [UInt8]
    }

    /// Runs `jixiao` with arguments (and optional standard input), capturing everything.
    static func run(_ arguments: [String], stdin: [UInt8]? = nil, in folder: URL? = nil) throws -> CommandResult {
        try runProgram(binary, arguments, stdin: stdin, in: folder)
    }

    static func runProgram(_ program: URL, _ arguments: [String], stdin: [UInt8]? = nil, in folder: URL? = nil,
                           environment: [String: String]? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        // Messages in English, whatever the locale the tests run in: the tests of Chinese
        // messages say so in `environment` or with --lang.
        var inherited = ProcessInfo.processInfo.environment
        inherited["LANG"] = "C.UTF-8"
        inherited["LC_ALL"] = nil
        inherited["JIXIAO_LANG"] = nil
        process.environment = environment ?? inherited
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        // The semaphore orders the reader's write before the read below (ThreadSanitizer saw a
        // race when this waited on the thread's isFinished).
        nonisolated(unsafe) var errData = Data()
        let errRead = DispatchSemaphore(value: 0)
        let errReader = Thread {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }
        errReader.start()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin)) }
        try inPipe.fileHandleForWriting.close()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errRead.wait()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData))
    }
}
