import Foundation

/// Keeps the numbers of stdin, stdout and stderr taken, even when the process started without them.
enum StandardDescriptors {
    /// Opens `/dev/null` read-only on each of descriptors 0, 1 and 2 that is closed (as with `>&-`).
    ///
    /// Otherwise the next file tokenctl opens, such as a token file being written, would get that
    /// number, and the secret meant for stdout would be written into it. On the read-only
    /// placeholder every write fails (EBADF), so a secret for a closed stdout is reported as not
    /// delivered, and reading a closed stdin finds nothing.
    static func reserve() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO]
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0 && placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }
}
