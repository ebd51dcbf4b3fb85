// Hardware floors for tokenctl's benchmarks: what loading and verifying cost with nothing but
// libyaml, OpenSSL and a plain hash table, written in C so no Swift overhead hides in them.
#ifndef BENCHMARK_FLOORS_H
#define BENCHMARK_FLOORS_H

#include <stddef.h>
#include <stdint.h>

/// Opens, reads and event-parses every `<data folder>/<workspace>/<file>` with libyaml, and does
/// nothing else. Returns the number of events parsed (so the work cannot be skipped), or -1 when
/// the data folder cannot be opened.
long long floor_parse_data_folder(const char *data_folder);

/// How the verify floor computes SHA-256.
typedef enum {
    /// One `EVP_MD_CTX` reused, with a digest fetched once by `EVP_MD_fetch`.
    FLOOR_DIGEST_REUSED_FETCHED_CONTEXT = 0,
    /// `EVP_Digest(..., EVP_sha256(), ...)`: fetches the algorithm on every call in OpenSSL 3.
    FLOOR_DIGEST_ONE_SHOT_EVP = 1,
    /// The legacy `SHA256()` one-shot.
    FLOOR_DIGEST_LEGACY_SHA256 = 2,
    /// `SHA256_Init`/`Update`/`Final` on a stack context: no provider, no allocation.
    FLOOR_DIGEST_LOW_LEVEL = 3,
} floor_digest_variant;

/// An open-addressing table of 32-byte digests: the least a verifier can look a hash up in.
typedef struct floor_digest_table floor_digest_table;

/// Builds a table holding `count` digests (32 bytes each, back to back).
floor_digest_table *floor_digest_table_create(const uint8_t *digests, size_t count);
void floor_digest_table_destroy(floor_digest_table *table);

/// SHA-256 of `token` by `variant`, then one probe of `table`: 1 when found, 0 when not.
int floor_verify(floor_digest_table *table, const char *token, size_t length, floor_digest_variant variant);

/// SHA-256 of `length` bytes into `digest` (32 bytes), the reused-context way.
void floor_sha256(const char *bytes, size_t length, uint8_t *digest);

/// Hands the heap's free pages back to the system (glibc's `malloc_trim(0)`), so resident memory
/// shows what is in use.
void floor_release_free_memory(void);

#endif
