internal import COpenSSL
import TokenVerification

/// A token's secret: 42 bytes that leave memory only through ``withUnsafeBytes(_:)``, once.
///
/// Its description is redacted, it has no mirror children, and its bytes are wiped with
/// `OPENSSL_cleanse` when it is released.
public final class TokenSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Takes a copy of a well-formed token's bytes.
    init(bytes: UnsafeRawBufferPointer) {
        storage = .allocate(byteCount: bytes.count, alignment: 1)
        storage.copyMemory(from: bytes)
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Calls `body` with the token's ASCII bytes; `body` must not copy them anywhere that lasts.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// The token's hash, the form in which it is stored.
    public var hash: TokenDigest {
        SHA256Digester.digest(UnsafeRawBufferPointer(storage))
    }

    /// A redacted placeholder: the secret is never part of a description.
    public var description: String { "tok_(redacted)" }

    /// A redacted placeholder: the secret is never part of a description.
    public var debugDescription: String { description }

    /// A mirror with no children, so `dump` shows nothing of the secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
