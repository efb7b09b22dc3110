import Foundation

/// A queue between one producing and one consuming thread that holds at most `capacity` items:
/// the producer waits when it is full, so a fast reader cannot run away with memory.
final class BoundedChannel<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func send(_ item: Item) {
        condition.lock()
        while items.count - head >= capacity && !cancelled { condition.wait() }
        if !cancelled { items.append(item) }
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gave up: from now on `send` drops items instead of waiting.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// No more items; `error` says why the producer stopped early, if it did.
    func finish(error: Error? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, nil once the producer finished and everything was taken; throws the
    /// producer's error after its items.
    func receive() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !finished { condition.wait() }
        if head < items.count {
            let item = items[head]
            head += 1
            // Taken items are let go of: an emptied queue at once, a long one now and then.
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 64 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }
}

/// Counts places: `acquire` waits while none is free.
final class Places: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: Int

    init(_ count: Int) { free = max(1, count) }

    func acquire() {
        condition.lock()
        while free == 0 { condition.wait() }
        free -= 1
        condition.unlock()
    }

    func release() {
        condition.lock()
        free += 1
        condition.signal()
        condition.unlock()
    }

    /// Lets every waiter through, now and later.
    func openAll() {
        condition.lock()
        free = Int.max / 2
        condition.broadcast()
        condition.unlock()
    }
}
