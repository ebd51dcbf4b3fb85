import Foundation

/// Writes bytes to a pipe on another thread, then closes it.
final class PipeFeed: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle, _ input: Data) {
        DispatchQueue.global().async {
            try? handle.write(contentsOf: input)
            try? handle.close()
            self.done.signal()
        }
    }

    func wait() {
        done.wait()
    }
}
