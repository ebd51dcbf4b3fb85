import Foundation
import TokenStore

/// Prints a secret on stdout, its only way out of the process, without copying it into a `String`.
enum SecretOutput {
    /// Prints a new token's secret (alone, or as JSON with its metadata) and, on a terminal, the
    /// reminder that it will not be shown again; files of the workspace that were ignored are warned of.
    ///
    /// SIGPIPE is ignored from here on, so a pipe nobody reads fails the write (EPIPE) instead of
    /// killing the process before it can discard the token.
    /// - Throws: ``TokenStoreError`` when the secret, or any byte around it, did not reach stdout
    ///   (or a file there could not be synced): nobody has the secret.
    static func show(_ generated: TokenStore.GeneratedToken, json: Bool) throws(TokenStoreError) {
        signal(SIGPIPE, SIG_IGN)
        for problem in generated.problems {
            Console.warning("\(problem) (ignored)")
        }
        do throws(Console.WriteFailure) {
            if json {
                try printJSON(generated.secret, metadata: TokenJSON(generated.record, at: Date()))
            } else {
                try printLine(generated.secret)
            }
            try Console.syncStdout()
        } catch {
            throw .secretNotWritten(destination: "stdout", errno: error.code)
        }
        if Console.stdoutIsTerminal {
            Console.warning("wrote \(generated.path); copy the token now: it will not be shown again")
        }
    }

    /// Prints the token alone on one line.
    private static func printLine(_ secret: TokenSecret) throws(Console.WriteFailure) {
        try secret.withUnsafeBytes { bytes throws(Console.WriteFailure) in try Console.writeRaw(bytes) }
        try raw("\n")
    }

    /// Prints `{"token":"…", …metadata}` on one line.
    private static func printJSON(_ secret: TokenSecret, metadata: TokenJSON) throws(Console.WriteFailure) {
        let rest = TokenJSON.encode(metadata).dropFirst()  // the metadata object without its "{"
        try raw("{\"token\":\"")
        try secret.withUnsafeBytes { bytes throws(Console.WriteFailure) in try Console.writeRaw(bytes) }
        try raw("\",\(rest)\n")
    }

    private static func raw(_ text: String) throws(Console.WriteFailure) {
        // Array's withUnsafeBytes rethrows untyped errors: the failure comes out as a Result.
        try Array(text.utf8).withUnsafeBytes { bytes in
            Result { () throws(Console.WriteFailure) in try Console.writeRaw(bytes) }
        }.get()
    }
}
