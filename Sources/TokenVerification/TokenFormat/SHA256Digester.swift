internal import COpenSSL

/// SHA-256 through OpenSSL's low-level SHA-256 functions, with the context on the stack and wiped:
/// no allocation and no provider lookup per digest, unlike OpenSSL 3's EVP interface. Stateless,
/// so any thread may call it.
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
