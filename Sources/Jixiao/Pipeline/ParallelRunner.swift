import Foundation

/// Runs independent jobs on a fixed number of threads and keeps each result at its job's index,
/// so that output order never depends on timing.
public enum ParallelRunner {
    public static func run<Result: Sendable>(
        count: Int, width: Int, _ job: @escaping @Sendable (Int) -> Result
    ) -> [Result] {
        let state = SharedResults<Result>(count: count)
        let threads = max(1, min(width, count))
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                while let index = state.nextIndex() {
                    let result = job(index)
                    state.store(result, at: index)
                }
                group.leave()
            }
            // Parsing deep text can recurse; give workers the main thread's stack size.
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return state.results()
    }
}

private final class SharedResults<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [Result?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func nextIndex() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: Result, at index: Int) { lock.withLock { slots[index] = result } }

    func results() -> [Result] { lock.withLock { slots.map { $0! } } }
}
