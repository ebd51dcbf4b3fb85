import Dispatch
import Foundation
import Glibc
import TokenVerification

/// A thread of its own, at a fixed scheduling priority, that runs jobs one at a time in order.
///
/// A nice value belongs to a thread, and a dispatch queue's work runs on whichever pooled thread is
/// free: a queue that lowered its thread's priority would leave it lowered for the next queue's
/// work (and without privilege a thread cannot raise it back). A worker keeps its priority to
/// itself.
final class BackgroundWorker: Sendable {
    private let jobs = Locked<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)

    /// Starts the thread, named `name`, at nice value `niceness` (0: as the event loops; higher
    /// yields to them). It lives as long as the process.
    init(name: String, niceness: Int32) {
        let thread = Thread { [jobs, waiting] in
            // On Linux, who = 0 names the calling thread, not the whole process.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            while true {
                waiting.wait()
                let job = jobs.withLock { $0.removeFirst() }
                job()
            }
        }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the worker's thread, after the jobs before it, and returns its result. The
    /// result comes back under a lock, which race detectors can see, not through the continuation.
    func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        let handoff = Locked<Value?>(nil)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            jobs.withLock {
                $0.append {
                    let result = body()
                    handoff.withLock { $0 = result }
                    continuation.resume()
                }
            }
            waiting.signal()
        }
        guard let result = handoff.withLock({ $0 }) else { preconditionFailure("a job ran without a result") }
        return result
    }
}
