import Foundation

/// Waits for a child process to exit as soon as it does.
///
/// On Linux, `Process.waitUntilExit()` checks every 50 ms whether the child is still running, so a
/// git command that takes 2 ms cost up to 50 ms. Foundation calls the termination handler as soon
/// as it has reaped the child, and that wakes ``wait()`` at once.
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
