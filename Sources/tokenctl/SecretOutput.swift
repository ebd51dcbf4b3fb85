import Foundation
import TokenStore

/// Prints a secret on stdout, its only way out of the process, without copying it into a `String`.
enum SecretOutput {
    /// Prints the token alone on one line.
    static func printLine(_ secret: TokenSecret) {
        secret.withUnsafeBytes { Console.writeRaw($0) }
        "\n".utf8CString.withUnsafeBytes { Console.writeRaw(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
    }

    /// Prints `{"token":"…", …metadata}` on one line.
    static func printJSON(_ secret: TokenSecret, metadata: TokenJSON) throws {
        let rest = try TokenJSON.encode(metadata).dropFirst()  // the metadata object without its "{"
        raw("{\"token\":\"")
        secret.withUnsafeBytes { Console.writeRaw($0) }
        raw("\",\(rest)\n")
    }

    private static func raw(_ text: String) {
        Array(text.utf8).withUnsafeBytes { Console.writeRaw($0) }
    }
}
