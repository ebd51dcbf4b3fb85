import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing
import TokenServer
import TokenVerification

@Suite("GET /metrics through the router")
struct MetricsRouteTests {
    /// A data folder with a token of each state, one bad file, and the verifier serving it.
    struct Fixture {
        let directory: TemporaryDirectory
        let tokens: [String: String]
        let verifier: TokenVerifier

        init() throws {
            directory = try TemporaryDirectory()
            let data = directory.path
            let now = Date()
            let past = now.addingTimeInterval(-86_400)
            var tokens: [String: String] = [:]
            let kinds: [(String, Date?, TokenRecord.Revocation?)] = [
                ("valid", nil, nil), ("soon", now.addingTimeInterval(3 * 86_400), nil), ("expired", past, nil),
                ("revoked", nil, .init(revokedBy: "bob", revokedAt: past)),
            ]
            for (kind, expiresAt, revocation) in kinds {
                let (secret, text) = try TestTokens.secret()
                tokens[kind] = text
                let record = TestTokens.record(
                    name: kind, hash: secret.hash, createdAt: past.addingTimeInterval(-86_400), expiresAt: expiresAt,
                    revocation: revocation)
                try TestTokens.plant(record, scopes: kind == "valid" ? "deals:read" : nil, in: data)
            }
            (_, tokens["unknown"]) = try TestTokens.secret()
            self.tokens = tokens
            try directory.write("acme/0123456789ab.yaml", "version: 1\n")
            verifier = try TokenVerifier(dataFolder: data)
        }

        /// An application answering from the verifier, counting into `metrics`.
        func application(_ metrics: ServerMetrics) -> some ApplicationProtocol {
            let state = ReloadState(loadedAt: verifier.index.loadedAt, duration: 0.01)
            return Application(router: buildRouter(verifier: verifier, state: state, metrics: metrics))
        }
    }

    /// `GET /metrics` through `client`, read.
    static func scrape(_ client: some TestClientProtocol) async throws -> PrometheusText {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.headers[.cacheControl] == "no-store")
            return PrometheusText(String(buffer: response.body))
        }
    }

    @Test("Every series at start: zero counts, tokens by state, bad files, no checkout age outside git")
    func seriesAtStart() async throws {
        let fixture = try Fixture()
        try await fixture.application(ServerMetrics()).test(.router) { client in
            let metrics = try await Self.scrape(client)
            for result in ["valid", "expired", "revoked", "unknown", "malformed", "insufficient_scope"] {
                #expect(metrics["tokenctl_verifications_total{result=\"\(result)\"}"] == 0, "\(result)")
            }
            #expect(metrics["tokenctl_reloads_total{outcome=\"ok\"}"] == 0)
            #expect(metrics["tokenctl_reloads_total{outcome=\"failed\"}"] == 0)
            #expect(metrics["tokenctl_reload_duration_seconds_count"] == 0)
            #expect(metrics.types["tokenctl_reload_duration_seconds"] == "histogram")
            #expect(metrics["tokenctl_tokens{state=\"active\"}"] == 2)
            #expect(metrics["tokenctl_tokens{state=\"expired\"}"] == 1)
            #expect(metrics["tokenctl_tokens{state=\"revoked\"}"] == 1)
            #expect(metrics["tokenctl_tokens_expiring_7d"] == 1)
            #expect(metrics["tokenctl_bad_files"] == 1)
            let loaded = try #require(metrics["tokenctl_last_reload_timestamp_seconds"])
            #expect(abs(loaded - fixture.verifier.index.loadedAt.timeIntervalSince1970) < 0.001)
            #expect(metrics["tokenctl_checkout_age_seconds"] == nil)
        }
    }

    @Test("/v1/auth and POST /v1/verify count each result; a request with no Bearer token is not a verification")
    func verificationsCounted() async throws {
        let fixture = try Fixture()
        let metrics = ServerMetrics()
        let other = ServerMetrics()
        try await fixture.application(metrics).test(.router) { client in
            // Each presented once to /v1/auth and once to POST /v1/verify.
            let presented = ["valid", "expired", "revoked", "unknown", "tok_short", "valid"].map {
                fixture.tokens[$0] ?? $0
            }
            for token in presented {
                try await client.execute(uri: "/v1/auth", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    _ in
                }
                let body = ByteBuffer(string: #"{"token": "\#(token)"}"#)
                try await client.execute(uri: "/v1/verify", method: .post, body: body) { #expect($0.status == .ok) }
            }
            try await client.execute(
                uri: "/v1/auth?scope=deals:write", method: .get,
                headers: [.authorization: "Bearer \(fixture.tokens["valid"] ?? "")"]
            ) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/auth", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/auth", method: .get, headers: [.authorization: "Basic eDp5"]) { _ in }
            let scraped = try await Self.scrape(client)
            let expected = [
                "valid": 4, "expired": 2, "revoked": 2, "unknown": 2, "malformed": 2, "insufficient_scope": 1,
            ]
            for (result, count) in expected {
                #expect(scraped["tokenctl_verifications_total{result=\"\(result)\"}"] == Double(count), "\(result)")
            }
        }
        try await fixture.application(other).test(.router) { client in
            let scraped = try await Self.scrape(client)
            #expect(scraped["tokenctl_verifications_total{result=\"valid\"}"] == 0, "another server counts its own")
        }
    }
}
