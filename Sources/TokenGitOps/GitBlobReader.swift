import Foundation

/// Streams blobs out of git's object store with one `git cat-file --batch`, in chunks, so a
/// large blob never has to fit in memory.
enum GitBlobReader {
    /// Calls `body` with each object's content, chunk by chunk, objects in the order given.
    ///
    /// The object ids are written to git on another thread while this one reads, so neither side
    /// waits on the other however many objects there are.
    /// - Parameters:
    ///   - objects: Full object ids.
    ///   - git: Where to run git.
    ///   - body: Receives the object's position in `objects`, its whole size, and the next chunk of
    ///     its bytes (an empty object gets one empty chunk).
    /// - Throws: ``GitError`` when git cannot be run or its output breaks off.
    static func read(
        _ objects: [String], in git: Git, body: (Int, Int, UnsafeRawBufferPointer) -> Void
    ) throws(GitError) {
        guard !objects.isEmpty else { return }
        let input = Data(objects.map { $0 + "\n" }.joined().utf8)
        let process = try GitProcess(
            ["cat-file", "--batch", "--buffer"], in: git.directory, input: input, keepsStderr: false,
            command: "git cat-file")
        defer { process.finish() }
        let reader = PipeReader(process.stdout.fileDescriptor)
        for number in objects.indices {
            let header = try reader.line()
            let fields = header.split(separator: " ")
            guard fields.count == 3, let size = Int(fields[2]) else { continue }  // "<oid> missing"
            if size == 0 {
                body(number, 0, UnsafeRawBufferPointer(start: nil, count: 0))
            }
            try reader.forward(size) { body(number, size, $0) }
            _ = try reader.line()  // the newline after the content
        }
    }
}

/// Buffered reads from a pipe's file descriptor.
private final class PipeReader {
    private let descriptor: Int32
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private var start = 0
    private var end = 0

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        buffer.deallocate()
    }

    /// The bytes up to the next newline, without it.
    func line() throws(GitError) -> String {
        var bytes: [UInt8] = []
        while true {
            try fillIfEmpty()
            let byte = buffer[start]
            start += 1
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// Passes the next `count` bytes to `body` in chunks.
    func forward(_ count: Int, to body: (UnsafeRawBufferPointer) -> Void) throws(GitError) {
        var remaining = count
        while remaining > 0 {
            try fillIfEmpty()
            let take = min(remaining, end - start)
            body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + take)]))
            start += take
            remaining -= take
        }
    }

    private func fillIfEmpty() throws(GitError) {
        guard start == end else { return }
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .catFileEndedEarly }
            start = 0
            end = count
            return
        }
    }
}
