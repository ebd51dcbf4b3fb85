import Glibc

/// Writing whole buffers to a file descriptor, for the CLI's stdout and the store's files.
package enum FileDescriptorWriter {
    /// Writes all of `bytes` to `descriptor`, going on after a short write or an interrupted one.
    ///
    /// - Returns: `nil`, or the `errno` of the write that failed (`EIO` for one that wrote nothing).
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress?.advanced(by: written), bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count < 0 ? errno : EIO }
            written += count
        }
        return nil
    }
}
