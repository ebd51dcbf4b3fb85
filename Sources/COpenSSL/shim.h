#ifndef TOKENCTL_COPENSSL_SHIM_H
#define TOKENCTL_COPENSSL_SHIM_H
// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP allocates a
// provider context on every digest (one malloc per call, even with a reused EVP_MD_CTX) and costs
// about 2.5 times as much for a 42-byte token. tokenctl_sha256 keeps the fast path in one place.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/sha.h>

/// SHA-256 of `count` bytes into `digest` (32 bytes) with OpenSSL's block function and a context
/// on the stack, which is wiped afterwards (it held the input). Returns 1 on success.
static inline int tokenctl_sha256(const void *bytes, size_t count, unsigned char *digest) {
    SHA256_CTX context;
    int ok = SHA256_Init(&context) && SHA256_Update(&context, bytes, count) && SHA256_Final(digest, &context);
    OPENSSL_cleanse(&context, sizeof context);
    return ok;
}
#endif
