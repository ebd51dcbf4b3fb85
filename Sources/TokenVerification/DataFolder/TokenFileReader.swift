import Glibc

/// Reads token files' bytes from disk with one reusable buffer, refusing anything over the size limit.
///
/// Files are opened relative to their folder (`openat`), which the reader keeps open while
/// consecutive files share it, so the kernel walks one path component per file instead of all.
/// A reader is not thread-safe: give each thread its own.
package final class TokenFileReader {
    private let buffer: UnsafeMutableRawBufferPointer
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
    package init(takesStamps: Bool) {
        buffer = .allocate(byteCount: TokenFileLimits.maximumFileSize + 1, alignment: 16)
        self.takesStamps = takesStamps
    }

    deinit {
        buffer.deallocate()
        if folderDescriptor >= 0 {
            close(folderDescriptor)
        }
    }

    /// Reads one token file, which must be a regular file (not a symbolic link, FIFO or device) of
    /// at most 64 KiB.
    ///
    /// - Returns: The file's bytes, in the reader's buffer until the next read; the problem that
    ///   kept it from being read; or ``SourceFile/gone`` when it no longer exists.
    package func read(_ file: TokenFileLocation) -> SourceFile {
        let descriptor = open(file)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: return .gone
            case ELOOP:
                return .problem(LoadProblem(file, message: DataFolderLayout.linkedFile), stamp: FileStamp(file.path))
            case let code:
                return .problem(
                    LoadProblem(file, message: "cannot open: \(SystemError.describe(code))"),
                    stamp: FileStamp(file.path))
            }
        }
        defer { close(descriptor) }
        var stamp: FileStamp?
        if takesStamps {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                return .problem(LoadProblem(file, message: "cannot read: \(SystemError.describe(errno))"), stamp: nil)
            }
            stamp = FileStamp(status)
            guard status.st_mode & S_IFMT == S_IFREG else {
                return .problem(LoadProblem(file, message: DataFolderLayout.notRegularFile), stamp: stamp)
            }
        }
        var filled = 0
        while filled < buffer.count {
            let wanted = buffer.count - filled
            let count = Glibc.read(descriptor, buffer.baseAddress?.advanced(by: filled), wanted)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                return .problem(LoadProblem(file, message: "cannot read: \(SystemError.describe(errno))"), stamp: stamp)
            }
            filled += count
            // A regular file reads short only at its end: no second read to see the end.
            if count < wanted { break }
        }
        guard filled <= TokenFileLimits.maximumFileSize else {
            var status = stat()
            let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : filled
            return .problem(LoadProblem(file, message: TokenFileLimits.oversizeMessage(size: size)), stamp: stamp)
        }
        return .bytes(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), stamp: stamp)
    }

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
