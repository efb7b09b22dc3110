import Foundation

/// A value shared between threads behind a lock: caches of what is loaded once.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    /// The stored value, loading it first if there is none. Two threads may both load on the
    /// first call; the data files do not change during a run, so either result is right.
    func value(orLoad load: () throws -> Value) rethrows -> Value {
        if let stored = value { return stored }
        let loaded = try load()
        value = loaded
        return loaded
    }
}
