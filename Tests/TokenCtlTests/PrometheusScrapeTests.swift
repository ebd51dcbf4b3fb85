import Foundation
import TestSupport
import Testing

/// tokenctl's metrics and alerts checked by Prometheus itself: `promtool` on a live `/metrics` and
/// on the shipped rules, and a real Prometheus scraping a live `tokenctl serve`.
@Suite(
    "Prometheus scraping tokenctl serve", .serialized, .enabled(if: PrometheusTools.runs, "\(PrometheusTools.missing)"))
struct PrometheusScrapeTests {
    /// A Prometheus server on a free loopback port, with the shipped scrape configuration pointed at
    /// `target` and scraping every second, its storage in a temporary folder.
    final class Prometheus {
        let scratch: TemporaryDirectory
        let process = Process()
        let port = HTTPProbe.freePort()

        init(server: String, scraping target: Int) throws {
            scratch = try TemporaryDirectory()
            let shipped = "\(PrometheusTools.projectRoot)/deploy/prometheus"
            let configuration = try String(contentsOfFile: "\(shipped)/prometheus.yml", encoding: .utf8)
            let local = configuration.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(target)")
                .replacingOccurrences(of: "15s", with: "1s")
            #expect(local.contains("127.0.0.1:\(target)") && local.contains("scrape_interval: 1s"))
            try scratch.write("prometheus.yml", local)
            try scratch.write(
                "tokenctl-alerts.yml", try String(contentsOfFile: "\(shipped)/tokenctl-alerts.yml", encoding: .utf8))
            process.executableURL = URL(fileURLWithPath: server)
            process.arguments = [
                "--config.file=\(scratch.path)/prometheus.yml", "--storage.tsdb.path=\(scratch.path)/data",
                "--web.listen-address=127.0.0.1:\(port)",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: try scratch.write("prometheus.log", ""))
            try process.run()
            let ready = try HTTPProbe.waitFor(200, within: 20) { try HTTPProbe.status(url("/-/ready")) }
            #expect(ready != nil, "Prometheus is ready: \(log)")
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        var log: String {
            (try? String(contentsOfFile: "\(scratch.path)/prometheus.log", encoding: .utf8)) ?? ""
        }

        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

        /// The `data` of an HTTP API answer, `nil` unless its status is `success`.
        func api(_ path: String, form: String? = nil) throws -> Any? {
            let response = try HTTPProbe.request(
                url(path), headers: form == nil ? [] : ["Content-Type: application/x-www-form-urlencoded"],
                method: form == nil ? "GET" : "POST", body: form)
            let answer = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            return answer?["status"] as? String == "success" ? answer?["data"] : nil
        }

        /// The value of an instant query with one sample in its answer, or `nil`.
        func query(_ expression: String) throws -> Double? {
            let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let data = try api("/api/v1/query", form: "query=\(encoded)") as? [String: Any]
            guard let results = data?["result"] as? [[String: Any]], results.count == 1,
                let sample = results[0]["value"] as? [Any], sample.count == 2, let text = sample[1] as? String
            else { return nil }
            return Double(text)
        }

        /// Queries until the answer is `expected`, for up to `seconds`; the last answer.
        func query(_ expression: String, until expected: Double, within seconds: Double = 15) throws -> Double? {
            let deadline = Date().addingTimeInterval(seconds)
            var answer = try query(expression)
            while answer != expected && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.2)
                answer = try query(expression)
            }
            return answer
        }
    }

    @Test("promtool accepts a live /metrics, the shipped alert rules and their unit tests")
    func promtoolChecks() throws {
        let promtool = try #require(PrometheusTools.promtool, "\(PrometheusTools.missing)")
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "Gateway")
        try repository.directory.write("workspace/acme/0123456789ab.yaml", "version: 1\n")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: token) == 204)
        let metrics = try HTTPProbe.request(server.url("/metrics"))
        #expect(metrics.status == 200 && metrics.body.contains("tokenctl_bad_files 1"))
        let checked = try CommandRunner.run(
            promtool, ["check", "metrics"], in: repository.path, stdin: Data(metrics.body.utf8))
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.isEmpty && checked.stderr.isEmpty, "no lint problem: \(checked.stderr)")

        let shipped = "\(PrometheusTools.projectRoot)/deploy/prometheus"
        let rules = try CommandRunner.run(promtool, ["check", "rules", "tokenctl-alerts.yml"], in: shipped)
        #expect(rules.status == 0 && rules.stdout.contains("4 rules found"), "\(rules.stdout)\(rules.stderr)")
        let config = try CommandRunner.run(promtool, ["check", "config", "prometheus.yml"], in: shipped)
        #expect(config.status == 0, "\(config.stdout)\(config.stderr)")
        let unitTests = try CommandRunner.run(promtool, ["test", "rules", "tokenctl-alerts.test.yml"], in: shipped)
        #expect(unitTests.status == 0 && unitTests.stdout.contains("SUCCESS"), "\(unitTests.stdout)\(unitTests.stderr)")
    }

    @Test("A real Prometheus scrapes serve: verifications read back through its query API, rules loaded")
    func endToEnd() throws {
        let prometheusServer = try #require(PrometheusTools.server, "\(PrometheusTools.missing)")
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "Gateway")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path, logLevel: "info")
        let prometheus = try Prometheus(server: prometheusServer, scraping: server.port)
        for _ in 0..<5 {
            #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: token) == 204)
        }
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: TestTokens.corrupted(token)) == 401)
        #expect(try prometheus.query(#"up{job="tokenctl"}"#, until: 1) == 1, "\(prometheus.log)")
        #expect(try prometheus.query(#"tokenctl_verifications_total{result="valid"}"#, until: 5) == 5)
        #expect(try prometheus.query(#"tokenctl_verifications_total{result="malformed"}"#, until: 1) == 1)
        #expect(try prometheus.query(#"sum(tokenctl_verifications_total)"#, until: 6) == 6)
        #expect(try prometheus.query(#"tokenctl_tokens{state="active"}"#) == 1)
        let rules = try prometheus.api("/api/v1/rules?type=alert") as? [String: Any]
        let groups = rules?["groups"] as? [[String: Any]] ?? []
        let names = groups.flatMap { ($0["rules"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        #expect(
            names.sorted() == [
                "TokenctlBadFiles", "TokenctlCheckoutStale", "TokenctlReloadFailing", "TokenctlTokensExpiringSoon",
            ])
    }
}
