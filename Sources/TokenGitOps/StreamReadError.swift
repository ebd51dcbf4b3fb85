import Foundation
import TokenVerification

/// An input to scan could not be opened or read; the description is one line that names the input
/// (a token-shaped path masked) and the system's reason.
public struct StreamReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What could not be read.
    public var input: StreamScan.Input
    /// The `errno` of the failed call.
    public var code: Int32

    /// Whether there is no file at the path given.
    public var isMissing: Bool { code == ENOENT }

    /// `cannot read app.log: no such file or directory`.
    public var description: String {
        "cannot read \(TokenFormat.maskingTokenShapes(in: input.name)): \(SystemError.describe(code))"
    }
}
