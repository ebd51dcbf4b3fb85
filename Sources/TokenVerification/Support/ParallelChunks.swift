import Dispatch

/// Work over `0..<count` split into contiguous chunks that run on up to `parallelism` threads, each
/// chunk writing its results straight into their places in the one result array.
enum ParallelChunks {
    /// Maps every chunk of `0..<count` with `transform`, one result per item, in order.
    ///
    /// - Parameters:
    ///   - count: How many items there are.
    ///   - parallelism: How many threads may run; 1 runs everything on the calling thread.
    ///   - minimumChunk: The fewest items worth a chunk of their own.
    ///   - transform: Gives one chunk's results, exactly one per item of its range (a lazy
    ///     collection, so they are made as they are stored); runs on any thread.
    static func map<Results: Collection & SendableMetatype>(
        count: Int, parallelism: Int, minimumChunk: Int, _ transform: @Sendable (Range<Int>) -> Results
    ) -> [Results.Element] {
        // With no items, `unsafeUninitializedCapacity` would store the count 0 into the runtime's
        // one shared empty-array object, a data race between two threads that each map nothing.
        guard count > 0 else { return [] }
        let ranges = ranges(count: count, parallelism: parallelism, minimumChunk: minimumChunk)
        return [Results.Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let buffer = buffer
            withoutActuallyEscaping(transform) { transform in
                let work: @Sendable (Int) -> Void = { chunk in
                    let range = ranges[chunk]
                    let slots = UnsafeMutableBufferPointer(rebasing: buffer[range])
                    let end = slots.initialize(fromContentsOf: transform(range))
                    precondition(end == slots.endIndex, "one result per item")
                }
                if ranges.count == 1 {
                    work(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: ranges.count, execute: work)
                }
            }
            initialized = count
        }
    }

    /// `0..<count` cut into contiguous chunks for up to `parallelism` threads: one chunk when
    /// `parallelism` is 1 or there are few items, else several per thread so that the threads
    /// finish together.
    static func ranges(count: Int, parallelism: Int, minimumChunk: Int) -> [Range<Int>] {
        let chunkCount =
            parallelism <= 1 || count < minimumChunk * 4 ? 1 : min(count / minimumChunk, parallelism * 8)
        let chunkSize = (count + chunkCount - 1) / max(chunkCount, 1)
        return (0..<chunkCount).map { min($0 * chunkSize, count)..<min(($0 + 1) * chunkSize, count) }
    }
}
