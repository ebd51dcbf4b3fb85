import Foundation
import Synchronization
import TokenVerification

/// Work items that each spend most of their time blocked in the kernel (a file write that waits on
/// `fsync`), run on several threads at once so that their waits overlap.
enum BlockingWork {
    /// `transform` applied to every item of `items` on up to `threads` threads, each taking the next
    /// item not yet taken; the results in the items' order.
    ///
    /// Dispatch's `concurrentPerform` would run as many items at once as there are cores, and a
    /// core is idle while its item waits on the disk; these are threads of their own.
    static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], threads: Int, _ transform: @escaping @Sendable (Item) -> Result
    ) -> [Result] {
        let results = Locked([Result?](repeating: nil, count: items.count))
        let next = Atomic<Int>(0)
        let done = DispatchGroup()
        for _ in 0..<min(threads, items.count) {
            done.enter()
            Thread.detachNewThread {
                while case let number = next.add(1, ordering: .relaxed).oldValue, number < items.count {
                    let result = transform(items[number])
                    results.withLock { $0[number] = result }
                }
                done.leave()
            }
        }
        done.wait()
        return results.withLock { $0.compactMap { $0 } }
    }
}
