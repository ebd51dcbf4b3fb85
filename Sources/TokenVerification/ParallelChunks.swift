import Dispatch

/// Work over `0..<count` split into contiguous chunks that run on up to `parallelism` threads, with
/// the results put back in order.
enum ParallelChunks {
    /// Maps every chunk of `0..<count` with `transform` and joins the results in order.
    ///
    /// - Parameters:
    ///   - count: How many items there are.
    ///   - parallelism: How many threads may run; 1 runs everything on the calling thread.
    ///   - minimumChunk: The fewest items worth a chunk of their own.
    ///   - transform: Maps one chunk's range of items to their results; runs on any thread.
    static func map<Output>(
        count: Int, parallelism: Int, minimumChunk: Int, _ transform: @Sendable (Range<Int>) -> [Output]
    ) -> [Output] {
        let chunkCount =
            parallelism <= 1 || count < minimumChunk * 4 ? 1 : min(count / minimumChunk, parallelism * 8)
        let chunkSize = (count + chunkCount - 1) / max(chunkCount, 1)
        var chunks = [[Output]](repeating: [], count: chunkCount)
        withoutActuallyEscaping(transform) { transform in
            chunks.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                let work: @Sendable (Int) -> Void = { chunk in
                    slots[chunk] = transform(min(chunk * chunkSize, count)..<min((chunk + 1) * chunkSize, count))
                }
                if chunkCount == 1 {
                    work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: chunkCount, execute: work)
                }
            }
        }
        return chunks.flatMap { $0 }
    }
}
