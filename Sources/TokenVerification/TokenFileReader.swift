#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads token files from disk with one reusable buffer, refusing anything over the size limit.
///
/// Files are opened relative to their folder (`openat`), which the reader keeps open while
/// consecutive files share it, so the kernel walks one path component per file instead of all.
/// A reader is not thread-safe: give each thread its own.
package final class TokenFileReader {
    private let buffer: UnsafeMutableRawBufferPointer
    private let stream = YAMLEventStream()
    private let takesStamps: Bool
    private var folderPath = ""
    private var folderDescriptor: Int32 = -1

    /// Creates a reader with a buffer one byte larger than the biggest allowed file.
    ///
    /// - Parameter takesStamps: Whether to `fstat` each opened file for its ``FileStamp``, which a
    ///   reload needs to tell what changed, and to refuse a FIFO or device that replaced a regular
    ///   file since the folder was listed. Only files from a ``DataFolderScanner`` listing, which
    ///   already refused what was not a regular file, may be read without: a one-off load saves a
    ///   system call per file, and every read stays bounded by the size limit.
    package init(takesStamps: Bool = true) {
        buffer = .allocate(byteCount: TokenFileLimits.maximumFileSize + 1, alignment: 16)
        self.takesStamps = takesStamps
    }

    deinit {
        buffer.deallocate()
        if folderDescriptor >= 0 {
            close(folderDescriptor)
        }
    }

    /// Reads and parses one token file.
    ///
    /// The file must be a regular file (not a symbolic link, FIFO or device) of at most 64 KiB.
    /// - Parameter file: Where the file is.
    /// - Returns: The token's record.
    /// - Throws: A ``LoadProblem`` when the file cannot be read or is not a valid token file.
    package func read(_ file: TokenFileLocation) throws(LoadProblem) -> TokenRecord {
        var stamp: FileStamp?
        return try TokenFileParser.parse(try load(file, stamp: &stamp), location: file, stream: stream)
    }

    /// Reads and parses one token file into `builder`, and gives the stamp of what it read.
    ///
    /// - Parameters:
    ///   - file: Where the file is.
    ///   - stamp: Set to the opened file's stamp, when it could be opened and the reader takes stamps.
    ///   - builder: The table builder the token is added to.
    /// - Returns: The token's entry number in `builder`.
    func read(
        _ file: TokenFileLocation, stamp: inout FileStamp?, into builder: inout TokenTableBuilder
    ) throws(LoadProblem) -> Int {
        try TokenFileParser.parse(try load(file, stamp: &stamp), location: file, stream: stream, into: &builder)
    }

    /// The file's bytes, in the reader's buffer until the next read.
    private func load(
        _ file: TokenFileLocation, stamp: inout FileStamp?
    ) throws(LoadProblem) -> UnsafeRawBufferPointer {
        let descriptor = open(file)
        guard descriptor >= 0 else {
            if errno == ELOOP {
                throw LoadProblem(path: file.path, message: DataFolderLayout.linkedFile)
            }
            throw LoadProblem(path: file.path, message: "cannot open: \(SystemError.describe(errno))")
        }
        defer { close(descriptor) }
        if takesStamps {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                throw LoadProblem(path: file.path, message: "cannot read: \(SystemError.describe(errno))")
            }
            stamp = FileStamp(status)
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw LoadProblem(path: file.path, message: DataFolderLayout.notRegularFile)
            }
        }
        var filled = 0
        while filled < buffer.count {
            let wanted = buffer.count - filled
            let count = Glibc.read(descriptor, buffer.baseAddress?.advanced(by: filled), wanted)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw LoadProblem(path: file.path, message: "cannot read: \(SystemError.describe(errno))")
            }
            filled += count
            // A regular file reads short only at its end: no second read to see the end.
            if count < wanted { break }
        }
        guard filled <= TokenFileLimits.maximumFileSize else {
            var status = stat()
            let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : filled
            throw LoadProblem(path: file.path, message: FileSizeLimit.message(size: size))
        }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
    }
}

extension TokenFileReader {
    /// Opens `file` relative to its folder, with its name spelled out on the stack.
    ///
    /// - Returns: The descriptor, or -1 with `errno` set.
    private func open(_ file: TokenFileLocation) -> Int32 {
        let flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
        if file.folder != folderPath {
            if folderDescriptor >= 0 {
                close(folderDescriptor)
            }
            folderPath = file.folder
            folderDescriptor = Glibc.open(file.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard folderDescriptor >= 0 else { return Glibc.open(file.path, flags) }
        let suffix = ".yaml\0".utf8
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: file.fileID.utf8.count + suffix.count) {
            name in
            let end = name.initialize(fromContentsOf: file.fileID.utf8)
            _ = name[end...].initialize(fromContentsOf: suffix)
            return name.withMemoryRebound(to: CChar.self) { name in
                name.baseAddress.map { openat(folderDescriptor, $0, flags) } ?? Glibc.open(file.path, flags)
            }
        }
    }
}

/// The message for a file over the size limit.
package enum FileSizeLimit {
    /// `file is N bytes, over the 64 KiB limit for a token file`.
    package static func message(size: Int) -> String {
        "file is \(size) bytes, over the \(TokenFileLimits.maximumFileSize / 1024) KiB limit for a token file"
    }
}
