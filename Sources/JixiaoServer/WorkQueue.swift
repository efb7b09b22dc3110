import Foundation
import Hummingbird

/// Runs conversions off the server's event loops, at most `limit` admitted at once (running or
/// waiting for a core); one more is refused with 503 rather than queued without end.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var admitted = 0
    private let limit: Int
    private let queue = DispatchQueue(label: "jixiao.serve.work", attributes: .concurrent)
    /// At most one conversion per core runs; the others admitted wait their turn.
    private let cores: DispatchSemaphore

    init(limit: Int) {
        self.limit = limit
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
        defer { lock.withLock { admitted -= 1 } }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { [cores] in
                cores.wait()
                defer { cores.signal() }
                continuation.resume(with: Result { try work() })
            }
        }
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
