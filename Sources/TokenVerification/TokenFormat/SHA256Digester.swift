internal import COpenSSL

/// SHA-256 through OpenSSL's SHA-256 block function, with the context on the stack and wiped.
///
/// OpenSSL 3's EVP interface allocates a provider context on every digest, even with a reused
/// `EVP_MD_CTX` and an `EVP_MD_fetch`ed digest, and its one-shots `EVP_Digest` and `SHA256()` fetch
/// the algorithm on every call; for a 42-byte token the low-level functions cost about 55 ns
/// against 130 ns and allocate nothing (the benchmarks in `Benchmarks/` measure each way).
/// Stateless, so any thread may call it.
package enum SHA256Digester {
    /// The SHA-256 digest of `bytes`.
    ///
    /// - Parameter bytes: The data to hash.
    /// - Returns: The 32-byte digest.
    package static func digest(_ bytes: UnsafeRawBufferPointer) -> TokenDigest {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { output in
            guard tokenctl_sha256(bytes.baseAddress, bytes.count, output.baseAddress) == 1 else {
                preconditionFailure("OpenSSL SHA-256 failed")
            }
            return TokenDigest(bytes: UnsafeRawBufferPointer(output))
        }
    }

    /// The SHA-256 digest of a string's UTF-8 bytes.
    package static func digest(_ text: String) -> TokenDigest {
        var text = text
        return text.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }
}
