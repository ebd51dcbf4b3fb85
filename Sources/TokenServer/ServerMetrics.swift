import CoreMetrics
import Foundation
import Prometheus
import TokenGitOps
import TokenVerification

/// What `GET /metrics` shows, in the Prometheus text format: verifications and reloads as they
/// happen, and the index and checkout as they stand at each scrape.
///
/// Each server has a registry of its own, and its metrics are swift-metrics handles on that
/// registry's series rather than on the process-wide `MetricsSystem` (which can be set only once
/// per process), so several servers in one process each count their own. The registry makes each
/// series itself, so that every family has its `# HELP` line. A scrape reads counters and a few
/// binary searches of the index's sorted expiries; it never walks the token table.
public final class ServerMetrics: Sendable {
    /// The `Content-Type` of the text format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The window of `tokenctl_tokens_expiring_7d`.
    static let expiringWindow: TimeInterval = 7 * 86_400

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    let verifications: VerificationCounters
    private let reloadsSucceeded: CoreMetrics.Counter
    private let reloadsFailed: CoreMetrics.Counter
    private let reloadDuration: CoreMetrics.Timer
    private let tokens: (active: Meter, expired: Meter, revoked: Meter)
    private let badFiles: Meter
    private let expiringSoon: Meter
    private let lastReload: Meter
    /// The checkout age while the data folder is in a git checkout; held while a scrape runs, so
    /// that scrapes take turns.
    private let checkoutAge = Locked<Meter?>(nil)

    /// A fresh registry with every series at zero.
    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
        let (registry, factory) = (registry, factory)
        func counter(_ name: String, _ labels: [(String, String)], _ help: String) -> CoreMetrics.Counter {
            CoreMetrics.Counter(
                label: name, dimensions: labels,
                handler: registry.makeCounter(name: name, labels: labels, help: help), factory: factory)
        }
        func meter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Meter {
            Meter(
                label: name, dimensions: labels, handler: registry.makeGauge(name: name, labels: labels, help: help),
                factory: factory)
        }
        verifications = VerificationCounters {
            counter("tokenctl_verifications_total", [("result", $0)], Help.verifications)
        }
        reloadsSucceeded = counter("tokenctl_reloads_total", [("outcome", "ok")], Help.reloads)
        reloadsFailed = counter("tokenctl_reloads_total", [("outcome", "failed")], Help.reloads)
        let durationName = "tokenctl_reload_duration_seconds"
        reloadDuration = CoreMetrics.Timer(
            label: durationName, dimensions: [],
            handler: registry.makeDurationHistogram(
                name: durationName, labels: [], buckets: Self.reloadBuckets, help: Help.reloadDuration),
            factory: factory)
        tokens = (
            meter("tokenctl_tokens", Help.tokens, [("state", "active")]),
            meter("tokenctl_tokens", Help.tokens, [("state", "expired")]),
            meter("tokenctl_tokens", Help.tokens, [("state", "revoked")])
        )
        badFiles = meter("tokenctl_bad_files", Help.badFiles)
        expiringSoon = meter("tokenctl_tokens_expiring_7d", Help.expiringSoon)
        lastReload = meter("tokenctl_last_reload_timestamp_seconds", Help.lastReload)
    }

    /// The reload durations' buckets: from a patch of one file to a whole load of a million tokens.
    static let reloadBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5),
        .seconds(10), .seconds(30),
    ]

    /// Counts one reload attempt; a successful one's seconds, to the new index in service, go in the histogram.
    func reloaded(succeeded: Bool, seconds: Double) {
        if succeeded {
            reloadsSucceeded.increment()
            reloadDuration.recordSeconds(seconds)
        } else {
            reloadsFailed.increment()
        }
    }

    /// The text format of every series, with those that depend on the time taken from `index` at
    /// `now` and the checkout age read from `dataFolder`'s git files.
    func exposition(of index: TokenIndex, dataFolder: String, now: Date = Date()) -> [UInt8] {
        checkoutAge.withLock { checkoutAge in
            let counts = index.stateCounts(at: now, expiringWithin: Self.expiringWindow)
            tokens.active.set(counts.active)
            tokens.expired.set(counts.expired)
            tokens.revoked.set(counts.revoked)
            expiringSoon.set(counts.expiringSoon)
            badFiles.set(index.problems.count)
            lastReload.set(index.loadedAt.timeIntervalSince1970)
            if let age = CheckoutAge.seconds(dataFolder: dataFolder, now: now) {
                let meter = checkoutAge ?? makeCheckoutAge()
                meter.set(max(0, age))
                checkoutAge = meter
            } else if let meter = checkoutAge {
                meter.destroy()
                checkoutAge = nil
            }
            var text: [UInt8] = []
            registry.emit(into: &text)
            return text
        }
    }

    /// The checkout age's series, made when the data folder is first seen in a git checkout.
    private func makeCheckoutAge() -> Meter {
        let name = "tokenctl_checkout_age_seconds"
        return Meter(
            label: name, dimensions: [], handler: registry.makeGauge(name: name, labels: [], help: Help.checkoutAge),
            factory: factory)
    }

    /// Each family's `# HELP` text.
    private enum Help {
        static let verifications = "Presented tokens verified by /v1/auth and POST /v1/verify, by result."
        static let reloads = "Reloads of the data folder, by outcome; a failed one keeps the previous index."
        static let reloadDuration = "Seconds from the start of a successful reload to the new index in service."
        static let tokens = "Distinct tokens in the index in service, by state at the scrape."
        static let badFiles = "Files and folders of the data folder left out (they grant nothing), as /healthz lists."
        static let expiringSoon = "Active tokens whose life ends within 7 days of the scrape."
        static let lastReload = "When the index in service was read (at start or by the last successful reload)."
        static let checkoutAge =
            "Seconds since the data folder's git checkout was last known up to date (HEAD moved or a fetch found it current)."
    }
}
