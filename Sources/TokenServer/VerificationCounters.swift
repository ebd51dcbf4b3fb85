import CoreMetrics
import TokenVerification

/// How many presented tokens the server verified, by result: `/v1/auth` (on the event loop and
/// through the router alike) and `POST /v1/verify` count here.
///
/// Counting costs no lock and no allocation: each result has its own counter, made once, whose
/// increment is one relaxed atomic add in the registry's counter.
final class VerificationCounters: Sendable {
    /// The results, as ``VerificationResult/label`` names them, in the order of ``position(of:)``.
    static let results = ["valid", "expired", "revoked", "insufficient_scope", "unknown", "malformed"]

    private let counters: [Counter]

    /// One counter per result, from `make` (given the result's label).
    init(_ make: (String) -> Counter) {
        counters = Self.results.map(make)
    }

    /// Counts one verification that gave `result`.
    @inline(__always)
    func count(_ result: VerificationResult) {
        counters[Self.position(of: result)].increment()
    }

    /// Where `result`'s counter is in ``results``.
    private static func position(of result: VerificationResult) -> Int {
        switch result {
        case .valid: 0
        case .expired: 1
        case .revoked: 2
        case .insufficientScope: 3
        case .unknown: 4
        case .malformed: 5
        }
    }
}
