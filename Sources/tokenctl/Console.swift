import Foundation

/// The terminal streams: results on stdout, diagnostics on stderr.
enum Console {
    /// Writes one line to stdout.
    static func print(_ line: String) {
        Swift.print(line)
    }

    /// Writes `tokenctl: error: MESSAGE` to stderr.
    static func error(_ message: String) {
        diagnostic("tokenctl: error: \(message)")
    }

    /// Writes `tokenctl: warning: MESSAGE` to stderr.
    static func warning(_ message: String) {
        diagnostic("tokenctl: warning: \(message)")
    }

    /// Writes one line to stderr as it is.
    static func diagnostic(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes raw bytes straight to stdout's file descriptor, after anything already buffered.
    static func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        fflush(nil)  // everything buffered, stdout included
        var written = 0
        while written < bytes.count {
            let count = write(STDOUT_FILENO, bytes.baseAddress?.advanced(by: written), bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }

    /// Whether stdout is a terminal, where a person reads it.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
