internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SHA-256 through OpenSSL with an `EVP_MD_fetch`ed digest and a reused `EVP_MD_CTX`.
///
/// OpenSSL 3's one-shot `EVP_Digest(…, EVP_sha256(), …)` and `SHA256()` fetch the algorithm on every
/// call; fetching once and reusing one context per thread costs about a quarter as much.
/// A context is not thread-safe, so ``current`` hands each thread its own.
package final class SHA256Digester {
    private let context: OpaquePointer

    private init() {
        guard let context = EVP_MD_CTX_new() else {
            preconditionFailure("OpenSSL could not allocate a digest context")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// The calling thread's digester, created on first use and freed when the thread ends.
    package static var current: SHA256Digester {
        if let stored = pthread_getspecific(threadKey) {
            return Unmanaged<SHA256Digester>.fromOpaque(stored).takeUnretainedValue()
        }
        let digester = SHA256Digester()
        pthread_setspecific(threadKey, Unmanaged.passRetained(digester).toOpaque())
        return digester
    }

    /// The SHA-256 digest of `bytes`.
    ///
    /// - Parameter bytes: The data to hash.
    /// - Returns: The 32-byte digest.
    package func digest(_ bytes: UnsafeRawBufferPointer) -> TokenDigest {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { output in
            var length: UInt32 = 0
            guard EVP_DigestInit_ex(context, sha256, nil) == 1,
                EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1,
                EVP_DigestFinal_ex(context, output.baseAddress, &length) == 1,
                length == 32
            else {
                preconditionFailure("OpenSSL SHA-256 failed: error \(ERR_get_error())")
            }
            return TokenDigest(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[0..<32]))
        }
    }

    /// The SHA-256 digest of a string's UTF-8 bytes.
    package func digest(_ text: String) -> TokenDigest {
        var text = text
        return text.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }
}

/// The digest algorithm, fetched once for the process; an `EVP_MD` is safe to share between threads.
nonisolated(unsafe) private let sha256: OpaquePointer = {
    if let fetched = EVP_MD_fetch(nil, "SHA256", nil) {
        return fetched
    }
    guard let builtIn = EVP_sha256() else {
        preconditionFailure("OpenSSL has no SHA-256")
    }
    return builtIn
}()

/// The thread-specific slot holding each thread's digester; its destructor releases it.
private let threadKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { stored in
        if let stored {
            Unmanaged<SHA256Digester>.fromOpaque(stored).release()
        }
    }
    precondition(status == 0, "pthread_key_create failed")
    return key
}()
