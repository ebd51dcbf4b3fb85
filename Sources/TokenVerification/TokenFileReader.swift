#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads token files from disk with one reusable buffer, refusing anything over the size limit
/// before reading it.
///
/// A reader is not thread-safe: give each thread its own.
package final class TokenFileReader {
    private let buffer: UnsafeMutableRawBufferPointer

    /// Creates a reader with a buffer one byte larger than the biggest allowed file.
    package init() {
        buffer = .allocate(byteCount: TokenFileLimits.maximumFileSize + 1, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads and parses one token file.
    ///
    /// The file must be a regular file (not a symbolic link, FIFO or device) of at most 64 KiB.
    /// - Parameter file: Where the file is.
    /// - Returns: The token's record.
    /// - Throws: A ``LoadProblem`` when the file cannot be read or is not a valid token file.
    package func read(_ file: TokenFileLocation) throws(LoadProblem) -> TokenRecord {
        var stamp: FileStamp?
        return try read(file, stamp: &stamp)
    }

    /// Reads and parses one token file, and gives the stamp of what it read.
    ///
    /// - Parameters:
    ///   - file: Where the file is.
    ///   - stamp: Set to the opened file's stamp, when it could be opened.
    func read(_ file: TokenFileLocation, stamp: inout FileStamp?) throws(LoadProblem) -> TokenRecord {
        let contents = try load(file.path, stamp: &stamp)
        return try TokenFileParser.parse(
            contents, path: file.path, workspace: file.workspace, fileID: file.fileID)
    }

    private func load(_ path: String, stamp: inout FileStamp?) throws(LoadProblem) -> UnsafeRawBufferPointer {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw LoadProblem(path: path, message: DataFolderLayout.linkedFile)
            }
            throw LoadProblem(path: path, message: "cannot open: \(SystemError.describe(errno))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw LoadProblem(path: path, message: "cannot read: \(SystemError.describe(errno))")
        }
        stamp = FileStamp(status)
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw LoadProblem(path: path, message: "not a regular file")
        }
        guard status.st_size <= TokenFileLimits.maximumFileSize else {
            throw LoadProblem(path: path, message: FileSizeLimit.message(size: Int(status.st_size)))
        }
        var filled = 0
        while filled < buffer.count {
            let count = Glibc.read(descriptor, buffer.baseAddress?.advanced(by: filled), buffer.count - filled)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw LoadProblem(path: path, message: "cannot read: \(SystemError.describe(errno))")
            }
            if count == 0 { break }
            filled += count
        }
        guard filled <= TokenFileLimits.maximumFileSize else {
            throw LoadProblem(path: path, message: FileSizeLimit.message(size: filled))
        }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
    }
}

/// The message for a file over the size limit.
package enum FileSizeLimit {
    /// `file is N bytes, over the 64 KiB limit for a token file`.
    package static func message(size: Int) -> String {
        "file is \(size) bytes, over the \(TokenFileLimits.maximumFileSize / 1024) KiB limit for a token file"
    }
}
