import Foundation

/// Work on one end of a pipe, such as writing a child's input or reading its stderr to the end,
/// done on another thread so that neither side of the pipe waits on the other.
final class PipeWork<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on another thread.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.value = work()
            self.done.signal()
        }
    }

    /// Waits until the work is done, and returns its result.
    @discardableResult
    func wait() -> Value? {
        done.wait()
        return value
    }
}
