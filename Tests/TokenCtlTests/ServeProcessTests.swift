import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("tokenctl serve as a process", .serialized)
struct ServeProcessTests {
    @Test("generate → 204; delete → 401 within 2 s; a broken file is listed and grants nothing; no secret logged")
    func lifecycle() throws {
        let repository = try GitRepository()
        let first = try repository.generate(workspace: "acme", name: "First")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: first) == 204)

        let second = try repository.generate(workspace: "beta", name: "Second")
        let picked = try HTTPProbe.waitFor(204, within: 2) {
            try HTTPProbe.status(server.url("/v1/auth"), bearer: second)
        }
        #expect(picked != nil, "a new token is served within 2 s")

        #expect(try repository.tokenctl("delete", "--workspace", "acme", "First").status == 0)
        let refused = try HTTPProbe.waitFor(401, within: 2) {
            try HTTPProbe.status(server.url("/v1/auth"), bearer: first)
        }
        #expect(refused != nil, "a revoked token is refused within 2 s")

        try repository.directory.write("workspace/beta/0123456789ab.yaml", "version: 1\nname: [\n")
        let listed = try HTTPProbe.waitFor(1, within: 2) {
            try HTTPProbe.request(server.url("/healthz")).body.contains("0123456789ab.yaml") ? 1 : 0
        }
        #expect(listed != nil, "the broken file is on /healthz")
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: second) == 204)

        let verified = try HTTPProbe.request(
            server.url("/v1/verify"), method: "POST", body: #"{"token": "\#(second)"}"#)
        #expect(verified.status == 200 && verified.body.contains(#""valid":true"#))

        // The data folder disappears: the last good index stays in service.
        try FileManager.default.moveItem(atPath: "\(repository.path)/workspace", toPath: "\(repository.path)/moved")
        server.signal(SIGHUP)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: second) == 204)
        #expect(try HTTPProbe.request(server.url("/healthz")).body.contains("last_reload_error"))

        #expect(try HTTPProbe.status(server.url("/v1/auth?token=\(second)")) == 401)
        let status = server.stop()
        #expect(status == 0, "SIGTERM shuts down gracefully: \(server.log.suffix(6_000))")
        let log = server.log
        #expect(log.contains("status=204") && log.contains("reloaded"))
        for secret in [first, second] {
            #expect(!log.contains(String(secret.dropFirst(4).prefix(16))))
        }
        #expect(!log.lowercased().contains("authorization"))
        #expect(!log.contains("?token="))
    }

    @Test("/v1/auth answered on the event loop: the router's answer, pipelined answers in order, bodies dropped")
    func authFastPath() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "Gateway")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let bearer = "Authorization: Bearer \(token)\r\n"
        // A `Connection` field sends a request on to the router; without one the fast path answers it,
        // unless a routed request on the same connection is still unanswered.
        let requests = [
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\(bearer)\r\n",
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\(bearer)Connection: keep-alive\r\n\r\n",
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\nConnection: keep-alive\r\n\r\n",
            "POST /v1/auth?from=gateway HTTP/1.1\r\nHost: t\r\n\(bearer)Content-Length: 5\r\n\r\nhello",
            "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\(bearer)\r\n",
            "HEAD /v1/auth HTTP/1.1\r\nHost: t\r\nAuthorization: Basic Zm9vOmJhcg==\r\nConnection: close\r\n\r\n",
        ]
        let responses = try RawHTTPConnection.exchange(port: server.port, requests.joined())
        #expect(responses.map(\.status) == [204, 204, 401, 401, 204, 200, 204, 401])
        guard responses.count == requests.count else { return }

        func fieldsButDate(_ response: RawHTTPResponse) -> [String] {
            response.fields.filter { $0.name != "date" }.map { "\($0.name): \($0.value)" }.sorted()
        }
        #expect(fieldsButDate(responses[0]) == fieldsButDate(responses[1]), "valid: fast path = router")
        #expect(fieldsButDate(responses[2]) == fieldsButDate(responses[3]), "refused: fast path = router")
        #expect(responses[0].field("token-workspace") == "acme" && responses[0].field("server") == "tokenctl")
        #expect(responses[0].field("date")?.hasSuffix(" GMT") == true)
        #expect(responses[2].field("www-authenticate") == #"Bearer realm="tokenctl""#)
        #expect(responses[4].field("token-id") == responses[0].field("token-id"))
        #expect(responses[5].body.contains(#""active_tokens":1"#))
        #expect(responses[6].field("token-id") == responses[0].field("token-id"))

        let status = server.stop()
        #expect(status == 0)
        let log = server.log
        #expect(log.components(separatedBy: "path=/v1/auth status=").count - 1 == 7, "one debug line per request")
        #expect(!log.contains("from=gateway") && !log.contains(String(token.dropFirst(4).prefix(16))))
    }

    /// CI runs this under ThreadSanitizer too, where a data race makes the server exit 66, not 0.
    @Test("Reloads while answering: SIGHUPs, new, broken and removed files; every answer right, clean exit")
    func reloadsUnderLoad() throws {
        let repository = try GitRepository()
        let kept = try repository.generate(workspace: "acme", name: "Kept")
        let server = try ServerProcess(
            dataFolder: "workspace", in: repository.path, extraArguments: ["--sweep-seconds", "1"])
        let dataFolder = "\(repository.path)/workspace"
        let bearer = "Authorization: Bearer \(kept)\r\n"
        let requests = [
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\(bearer)\r\n",
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\(bearer)Connection: keep-alive\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /v1/auth HTTP/1.1\r\nHost: t\r\n\(bearer)Connection: close\r\n\r\n",
        ].joined()
        let tally = Locked((exchanges: 0, wrong: 0))
        let deadline = Date().addingTimeInterval(6)
        // Two client threads send requests while this one changes the folder and sends SIGHUP. With
        // the reload race of 9b23c57 put back, 3 of 6 TSan runs exited 66; with the fix, 0 of 6.
        let clients = DispatchGroup()
        for _ in 0..<2 {
            clients.enter()
            Thread {
                while Date() < deadline {
                    let statuses = (try? RawHTTPConnection.exchange(port: server.port, requests).map(\.status)) ?? []
                    let right = statuses == [204, 204, 200, 204]
                    tally.withLock {
                        $0.exchanges += 1
                        $0.wrong += right ? 0 : 1
                    }
                }
                clients.leave()
            }.start()
        }
        defer { clients.wait() }
        var (planted, newest) = (0, "")
        while Date() < deadline {
            planted += 1
            let (secret, text) = try TestTokens.secret()
            try TestTokens.plant(
                TestTokens.record(workspace: "ws\(planted % 5)", name: "n\(planted)", hash: secret.hash),
                in: dataFolder)
            newest = text
            if planted % 20 == 10 {
                try repository.directory.write("workspace/acme/0123456789ab.yaml", "name: [\n")
            } else if planted % 20 == 0 {
                try FileManager.default.removeItem(atPath: "\(dataFolder)/acme/0123456789ab.yaml")
            }
            server.signal(SIGHUP)
            Thread.sleep(forTimeInterval: 0.01)
        }
        clients.wait()
        let (exchanges, wrong) = tally.withLock { $0 }
        #expect(
            exchanges >= 20 && planted >= 20, "\(exchanges) exchanges and \(planted) files: enough to mean something")
        #expect(wrong == 0, "\(wrong) of \(exchanges) exchanges got a wrong answer")
        let served = try HTTPProbe.waitFor(204, within: 2) {
            try HTTPProbe.status(server.url("/v1/auth"), bearer: newest)
        }
        #expect(served != nil, "the last new token is served")
        let status = server.stop()
        #expect(status == 0, "clean exit, no sanitizer report: \(server.log.suffix(6_000))")
        // SIGHUPs that arrive during a reload are answered by one more reload, not one each.
        let reloads = server.log.components(separatedBy: "reloaded").count - 1
        #expect(reloads >= 10, "\(reloads) reloads for \(planted) files")
    }

    @Test("A token in a bad file's name is masked in the log and on /healthz, never shown whole")
    func tokenInFileName() throws {
        let repository = try GitRepository()
        let (_, secret) = try TestTokens.secret()
        try repository.directory.write("workspace/acme/\(secret).yaml", "version: 1\n")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        try repository.directory.write("workspace/beta/\(secret).yaml", "name: [\n")
        let listed = try HTTPProbe.waitFor(1, within: 2) {
            try HTTPProbe.request(server.url("/healthz")).body.contains("beta/\(secret.prefix(7))…") ? 1 : 0
        }
        let health = try HTTPProbe.request(server.url("/healthz")).body
        #expect(listed != nil, "the bad files are listed, masked: \(health)")
        #expect(server.stop() == 0)
        for output in [health, server.log] {
            #expect(!output.contains(String(secret.dropFirst(4).prefix(12))), "\(output.suffix(1_500))")
        }
        #expect(server.log.contains("acme/\(secret.prefix(7))…"))
    }

    @Test(
        "serve refuses connection limits that make no sense, with one line",
        arguments: [
            ("--max-connections", "0", "--max-connections must be 1 or more"),
            ("--idle-timeout", "0", "--idle-timeout must be 0.01 to 86400 seconds"),
            ("--header-timeout", "-1", "--header-timeout must be 0.01 to 86400 seconds"),
        ])
    func badLimits(_ flag: String, _ value: String, _ message: String) throws {
        let repository = try GitRepository()
        let result = try repository.tokenctl("serve", "--port", "0", "\(flag)=\(value)")
        #expect(result.status == 64)
        #expect(result.stderrLines == ["tokenctl: error: \(message)"], "\(result.stderr)")
    }

    @Test("serve refuses a data folder it cannot read, with one line")
    func unreadableFolder() throws {
        let repository = try GitRepository()
        let result = try repository.tokenctl("serve", "--dir", "nowhere", "--port", "0")
        #expect(result.status == 1)
        #expect(result.stderr == "tokenctl: error: cannot read data folder nowhere: no such file or directory\n")
    }
}
