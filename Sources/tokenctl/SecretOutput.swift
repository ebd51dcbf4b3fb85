import Foundation
import TokenStore

/// Prints a secret on stdout, its only way out of the process, without copying it into a `String`.
enum SecretOutput {
    /// Prints a new token's secret (alone, or as JSON with its metadata) and, on a terminal, the
    /// reminder that it will not be shown again; files of the workspace that were ignored are warned of.
    static func show(_ generated: TokenStore.GeneratedToken, json: Bool) {
        for problem in generated.problems {
            Console.warning("\(problem) (ignored)")
        }
        if json {
            printJSON(generated.secret, metadata: TokenJSON(generated.record, at: Date()))
        } else {
            printLine(generated.secret)
        }
        if Console.stdoutIsTerminal {
            Console.warning("wrote \(generated.path); copy the token now: it will not be shown again")
        }
    }

    /// Prints the token alone on one line.
    static func printLine(_ secret: TokenSecret) {
        secret.withUnsafeBytes { Console.writeRaw($0) }
        "\n".utf8CString.withUnsafeBytes { Console.writeRaw(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
    }

    /// Prints `{"token":"…", …metadata}` on one line.
    static func printJSON(_ secret: TokenSecret, metadata: TokenJSON) {
        let rest = TokenJSON.encode(metadata).dropFirst()  // the metadata object without its "{"
        raw("{\"token\":\"")
        secret.withUnsafeBytes { Console.writeRaw($0) }
        raw("\",\(rest)\n")
    }

    private static func raw(_ text: String) {
        Array(text.utf8).withUnsafeBytes { Console.writeRaw($0) }
    }
}
