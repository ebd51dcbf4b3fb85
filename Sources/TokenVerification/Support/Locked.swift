import Foundation

/// A value guarded by a lock, for state that threads share (the index in service, the reader).
///
/// It is built on `NSLock`, a pthread mutex, which race detectors understand (the standard
/// library's `Mutex` on Linux locks with bare futex calls that they cannot see).
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    /// Guards `value`.
    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value while holding the lock.
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
