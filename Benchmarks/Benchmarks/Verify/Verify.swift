import Benchmark
import BenchmarkFloors
import BenchmarkSupport
import Foundation
import TokenVerification

/// Verification over a 100k and a 1M index, and a 1M index with scopes on half its tokens, one
/// presented token per call, cycling through tens of thousands of distinct sample tokens so caches
/// are not flattered; scoped tokens with one of their scopes required; and the C floor (SHA-256
/// plus one probe of a plain hash table of the same digests) with four ways of calling OpenSSL.
let benchmarks: @Sendable () -> Void = {
    let classes = ["valid", "unknown", "malformed", "expired", "revoked"]
    for corpus in [Corpus.named("100k"), Corpus.named("1m"), Corpus.scoped] {
        let loaded = SharedValue<LoadedCorpus?>(nil)
        let configuration = Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal, .instructions], timeUnits: .nanoseconds, warmupIterations: 1,
            scalingFactor: .kilo, maxDuration: .seconds(5), maxIterations: 1_000_000,
            setup: { if loaded.value == nil { loaded.value = try LoadedCorpus(corpus) } })

        for label in classes {
            Benchmark("verify \(label), \(corpus.name)", configuration: configuration) { benchmark in
                guard let loaded = loaded.value, let tokens = loaded.presented[label] else { return }
                let now = loaded.now
                var next = benchmark.currentIteration &* 1_000
                for _ in benchmark.scaledIterations {
                    blackHole(loaded.index.verify(tokens[next % tokens.count], at: now))
                    next &+= 1
                }
            }
        }
        if corpus.name == Corpus.scoped.name {
            Benchmark("verify valid scoped, one scope required, \(corpus.name)", configuration: configuration) {
                benchmark in
                guard let loaded = loaded.value, !loaded.scoped.isEmpty else { return }
                let now = loaded.now
                var next = benchmark.currentIteration &* 1_000
                for _ in benchmark.scaledIterations {
                    let (token, required) = loaded.scoped[next % loaded.scoped.count]
                    blackHole(loaded.index.verify(token, requiring: required, at: now))
                    next &+= 1
                }
            }
        }
        let variants: [(String, floor_digest_variant)] = [
            ("reused EVP_MD_CTX, fetched digest", FLOOR_DIGEST_REUSED_FETCHED_CONTEXT),
            ("one-shot EVP_Digest(EVP_sha256())", FLOOR_DIGEST_ONE_SHOT_EVP),
            ("one-shot SHA256()", FLOOR_DIGEST_LEGACY_SHA256),
            ("low-level SHA256_Init", FLOOR_DIGEST_LOW_LEVEL),
        ]
        for (variantName, variant) in variants {
            Benchmark("C floor verify valid, \(variantName), \(corpus.name)", configuration: configuration) {
                benchmark in
                guard let loaded = loaded.value, let tokens = loaded.presented["valid"] else { return }
                var next = benchmark.currentIteration &* 1_000
                for _ in benchmark.scaledIterations {
                    let token = tokens[next % tokens.count]
                    blackHole(
                        token.utf8.withContiguousStorageIfAvailable {
                            $0.withMemoryRebound(to: CChar.self) {
                                floor_verify(loaded.floorTable, $0.baseAddress, $0.count, variant)
                            }
                        })
                    next &+= 1
                }
            }
        }
    }
}

/// A corpus's index, its C floor table, and its sample of presented tokens by class.
final class LoadedCorpus: @unchecked Sendable {
    let index: TokenIndex
    let floorTable: OpaquePointer
    let presented: [String: [String]]
    /// Valid scoped tokens, each with one of its scopes required.
    let scoped: [(String, RequiredScopes)]
    /// The corpus's reference time, so expired and valid mean what the sample says.
    let now = Date(timeIntervalSince1970: 1_795_910_400)  // 2026-11-29T00:00:00Z

    init(_ corpus: Corpus) throws {
        index = try TokenIndex(loading: corpus.dataFolder)
        presented = Dictionary(
            uniqueKeysWithValues: ["valid", "unknown", "malformed", "expired", "revoked"].map {
                ($0, corpus.presentedTokens($0))
            })
        // One requirement per scope name, shared, as a server keeps one per route.
        var requirements: [String: RequiredScopes] = [:]
        scoped =
            corpus.name == Corpus.scoped.name
            ? corpus.presentedScopedTokens().map { token, scope in
                if requirements[scope] == nil {
                    requirements[scope] = RequiredScopes([scope])
                }
                return (token, requirements[scope] ?? RequiredScopes())
            } : []
        var digests = [UInt8]()
        for token in index.tokens() {
            digests += HexBytes.decode(token.hash.hex)
        }
        floorTable = floor_digest_table_create(digests, digests.count / 32)
    }

    deinit {
        floor_digest_table_destroy(floorTable)
    }
}
