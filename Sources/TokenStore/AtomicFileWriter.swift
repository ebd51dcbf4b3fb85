import Foundation
import TokenVerification

/// Replaces a file so that a crash at any moment leaves either the old file or the new one.
///
/// The bytes go to a temporary dot-file in the same folder (mode 0600, never read as a token),
/// which is fsynced, made 0644, renamed over the target, and the folder fsynced.
enum AtomicFileWriter {
    /// Writes `bytes` to `fileName` in `folder`.
    ///
    /// - Throws: ``TokenStoreError``; the temporary file is removed and the target left as it was.
    static func write(_ bytes: [UInt8], folder: String, fileName: String) throws(TokenStoreError) {
        let target = "\(folder)/\(fileName)"
        let temporary = "\(folder)/.\(fileName).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw failure(.createTemporaryFile, folder)
        }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        try fill(descriptor, with: bytes, path: temporary)
        guard rename(temporary, target) == 0 else {
            throw failure(.replace, target)
        }
        succeeded = true
        try syncFolder(folder)
    }

    /// Writes all of `bytes`, makes the file 0644 and syncs it, then closes it.
    private static func fill(_ descriptor: Int32, with bytes: [UInt8], path: String) throws(TokenStoreError) {
        defer { close(descriptor) }
        guard bytes.withUnsafeBytes({ FileDescriptorWriter.writeAll($0, to: descriptor) }) == nil,
            fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0
        else {
            throw failure(.write, path)
        }
    }

    /// Makes a rename or a new entry in `folder` durable.
    static func syncFolder(_ folder: String) throws(TokenStoreError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(.open, folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(.sync, folder) }
    }

    private static func failure(_ operation: TokenStoreError.FileOperation, _ path: String) -> TokenStoreError {
        .fileSystem(operation, path: path, errno: errno)
    }
}
