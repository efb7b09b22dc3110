import Foundation
import Hummingbird

/// Runs conversions off the server's event loops, at most `limit` admitted at once (running or
/// waiting for a core); one more is refused with 503 rather than queued without end. A request
/// whose conversion takes longer than `timeLimit` seconds gets 503; the conversion, which cannot
/// be stopped halfway, keeps its place until it ends, so the bound holds.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var admitted = 0
    private let limit: Int
    private let timeLimit: Double
    private let queue = DispatchQueue(label: "jixiao.serve.work", attributes: .concurrent)
    /// At most one conversion per core runs; the others admitted wait their turn.
    private let cores: DispatchSemaphore

    init(limit: Int, timeLimit: Double) {
        self.limit = limit
        self.timeLimit = timeLimit
        cores = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let entered = lock.withLock {
            guard admitted < limit else { return false }
            admitted += 1
            return true
        }
        guard entered else {
            throw APIError(.serviceUnavailable, "busy", "the server is converting as many files as it can queue; try again shortly")
        }
        return try await withCheckedThrowingContinuation { continuation in
            let answer = AnswerOnce(continuation)
            queue.async { [cores] in
                cores.wait()
                let result = Result { try work() }
                cores.signal()
                self.lock.withLock { self.admitted -= 1 }
                answer.give(result)
            }
            let seconds = timeLimit
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                answer.give(.failure(APIError(.serviceUnavailable, "time-limit",
                                              "the conversion took longer than the \(Int(seconds)) s this server gives one; it was given up")))
            }
        }
    }
}

/// A continuation resumed by whichever comes first, the work or its time limit.
private final class AnswerOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?

    init(_ continuation: CheckedContinuation<T, Error>) { self.continuation = continuation }

    func give(_ result: Result<T, Error>) {
        let waiting = lock.withLock { () -> CheckedContinuation<T, Error>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

/// A folder only this process can enter, for one request's outputs; removed when done.
enum PrivateFolder {
    static func with<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }
}
