import Foundation

/// Waits for a child process to exit as soon as it does: Foundation calls the termination handler
/// when it has reaped the child, and that wakes ``wait()`` at once (`Process.waitUntilExit()` on
/// Linux only notices on its next periodic check).
package struct ProcessExit: Sendable {
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `process`, taking over its termination handler.
    ///
    /// - Throws: What `Process.run()` throws when the process cannot be started.
    package init(running process: Process) throws {
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
    }

    /// Blocks until the process has exited; its `terminationStatus` is final then.
    package func wait() {
        exited.wait()
    }
}
