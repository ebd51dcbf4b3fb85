import Foundation
import TextEscaping
import TokenVerification

/// The terminal streams: results on stdout, diagnostics on stderr.
///
/// Nothing here traps on a failed write: a full disk, a closed stream or a pipe nobody reads is an
/// error the caller may report (stdout's raw writes) or a line that is lost (stderr), never a crash.
enum Console {
    /// A write to stdout that failed, with the C library's `errno`.
    struct WriteFailure: Error, CustomStringConvertible {
        /// The `errno` of the failed call.
        var code: Int32

        var description: String { SystemError.describe(code) }
    }

    /// stdout's lines wait here and go out in writes of 64 KiB (each line at once on a terminal); the
    /// first write that fails is kept, so that a result that was not delivered fails the command.
    private static let stdoutBuffer = Locked<(bytes: [UInt8], failure: Int32?)>(([], nil))
    private static let stdoutIsLineBuffered = stdoutIsTerminal

    /// Writes one line to stdout.
    static func print(_ line: String) {
        stdoutBuffer.withLock { buffer in
            buffer.bytes += line.utf8
            buffer.bytes.append(UInt8(ascii: "\n"))
            if stdoutIsLineBuffered || buffer.bytes.count >= 65_536 {
                flush(&buffer)
            }
        }
    }

    /// Writes out what is still buffered for stdout, so that a result that could not be delivered
    /// (`list > /dev/full`) is a failure rather than an exit 0.
    ///
    /// - Throws: ``WriteFailure`` when a write to stdout failed, now or earlier.
    static func finishStdout() throws(WriteFailure) {
        let failure = stdoutBuffer.withLock { buffer in
            flush(&buffer)
            return buffer.failure
        }
        if let failure {
            throw WriteFailure(code: failure)
        }
    }

    private static func flush(_ buffer: inout (bytes: [UInt8], failure: Int32?)) {
        if buffer.failure == nil && !buffer.bytes.isEmpty {
            buffer.failure = buffer.bytes.withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: STDOUT_FILENO) }
        }
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    /// Writes `tokenctl: error: MESSAGE` to stderr.
    static func error(_ message: String) {
        diagnostic("tokenctl: error: \(message)")
    }

    /// Writes `tokenctl: warning: MESSAGE` to stderr, a token-shaped string in it (a path given on the
    /// command line, say) masked.
    static func warning(_ message: String) {
        diagnostic("tokenctl: warning: \(TokenFormat.maskingTokenShapes(in: message))")
    }

    /// Writes one line to stderr, escaped for the terminal (a diagnostic may quote a file name, a folder
    /// name or a ref from the repository); if stderr cannot be written, the line is lost.
    static func diagnostic(_ line: String) {
        _ = Array((TerminalText.escaped(line) + "\n").utf8).withUnsafeBytes {
            FileDescriptorWriter.writeAll($0, to: STDERR_FILENO)
        }
    }

    /// Writes raw bytes straight to stdout's file descriptor, after anything already buffered.
    ///
    /// - Throws: ``WriteFailure`` when the buffered output or any of `bytes` could not be written.
    static func writeRaw(_ bytes: UnsafeRawBufferPointer) throws(WriteFailure) {
        try finishStdout()
        if let code = FileDescriptorWriter.writeAll(bytes, to: STDOUT_FILENO) {
            throw WriteFailure(code: code)
        }
    }

    /// Makes what was written to stdout durable when stdout is a file (pipes and terminals have
    /// nothing to sync), so that a disk that fails late fails here.
    ///
    /// - Throws: ``WriteFailure`` when stdout is a file that cannot be synced.
    static func syncStdout() throws(WriteFailure) {
        var status = stat()
        guard fstat(STDOUT_FILENO, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return }
        guard fsync(STDOUT_FILENO) == 0 else { throw WriteFailure(code: errno) }
    }

    /// Whether stdout is a terminal, where a person reads it.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
