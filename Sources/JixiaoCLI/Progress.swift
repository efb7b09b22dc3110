import Foundation

/// The progress of a batch on standard error: a bar with rate and ETA redrawn in place on a
/// terminal, a plain line every few seconds otherwise.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var done = 0
    private var failed = 0
    /// On a terminal the bar shows at once; plain lines start after the first interval.
    private lazy var lastDrawn = isTerminal ? Date.distantPast : started
    private var lineShown = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    /// Counts one finished input; `printAbove` writes its messages without tearing the bar.
    func finished(failed didFail: Bool, printAbove: () -> Void) {
        lock.withLock {
            done += 1
            if didFail { failed += 1 }
            clearLine()
            printAbove()
            guard enabled else { return }
            let now = Date()
            let interval: TimeInterval = isTerminal ? 0.1 : 5
            if now.timeIntervalSince(lastDrawn) >= interval || (isTerminal && done == total) {
                lastDrawn = now
                draw(now)
            }
        }
    }

    func end() {
        lock.withLock {
            if enabled && isTerminal && lineShown { FileHandle.standardError.write(Data("\n".utf8)) }
            lineShown = false
        }
    }

    private func clearLine() {
        if isTerminal && lineShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        lineShown = false
    }

    private func draw(_ now: Date) {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let status = "\(done)/\(total) inputs, \(failed) failed, \(String(format: "%.1f", rate))/s, ETA \(Self.duration(remaining))"
        if isTerminal {
            let width = 24
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("[\(bar)] \(status)".utf8))
            lineShown = true
        } else {
            FileHandle.standardError.write(Data("progress: \(status)\n".utf8))
        }
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(whole % 60)s" : "\(whole)s"
    }
}
