import Foundation
import TestSupport
import Testing

/// `GET /metrics` on a live `tokenctl serve`: what the event-loop fast path answers is counted,
/// and so are reloads, good and failed.
@Suite("GET /metrics on tokenctl serve", .serialized)
struct MetricsEndpointTests {
    /// `GET /metrics` on `server`, read.
    static func scrape(_ server: ServerProcess) throws -> PrometheusText {
        let response = try HTTPProbe.request(server.url("/metrics"))
        #expect(response.status == 200)
        return PrometheusText(response.body)
    }

    /// Scrapes until `series` is at least `value`, for up to 5 seconds; the last scrape.
    static func scrape(_ server: ServerProcess, until series: String, reaches value: Double) throws -> PrometheusText {
        var scraped = try scrape(server)
        let deadline = Date().addingTimeInterval(5)
        while (scraped[series] ?? 0) < value && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            scraped = try scrape(server)
        }
        return scraped
    }

    @Test("/v1/auth answered on the event loop is counted by result; reloads are counted by outcome")
    func fastPathAndReloads() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "Gateway")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        for _ in 0..<3 {
            #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: token) == 204)
        }
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: TestTokens.corrupted(token)) == 401)
        #expect(try HTTPProbe.status(server.url("/v1/auth")) == 401)
        var scraped = try Self.scrape(server)
        #expect(scraped["tokenctl_verifications_total{result=\"valid\"}"] == 3)
        #expect(scraped["tokenctl_verifications_total{result=\"malformed\"}"] == 1)
        let verified = scraped.samples.filter { $0.key.hasPrefix("tokenctl_verifications_total") }.values
        #expect(verified.reduce(0, +) == 4, "a request with no token is not a verification")
        #expect(scraped["tokenctl_tokens{state=\"active\"}"] == 1)
        let age = try #require(scraped["tokenctl_checkout_age_seconds"], "the data folder is in a git work tree")
        #expect(age >= 0 && age < 120)

        _ = try repository.generate(workspace: "beta", name: "Second")
        let reloaded = "tokenctl_reloads_total{outcome=\"ok\"}"
        scraped = try Self.scrape(server, until: reloaded, reaches: 1)
        let succeeded = try #require(scraped[reloaded])
        #expect(succeeded >= 1)
        #expect(scraped["tokenctl_reload_duration_seconds_count"] == succeeded)
        #expect(scraped["tokenctl_tokens{state=\"active\"}"] == 2)

        try FileManager.default.moveItem(atPath: "\(repository.path)/workspace", toPath: "\(repository.path)/moved")
        server.signal(SIGHUP)
        scraped = try Self.scrape(server, until: "tokenctl_reloads_total{outcome=\"failed\"}", reaches: 1)
        #expect((scraped["tokenctl_reloads_total{outcome=\"failed\"}"] ?? 0) >= 1)
        #expect(scraped["tokenctl_tokens{state=\"active\"}"] == 2, "the last good index is still counted")
        #expect(server.stop() == 0)
    }
}
