import Foundation
import TestSupport
import Testing
import TokenVerification

/// nginx, Debian's package, that `.ci/run` installs.
let nginxBinary = GatewayProgram.find(["/usr/sbin/nginx", "/usr/bin/nginx"])

@Suite(
    "nginx auth_request gateway in front of tokenctl serve", .serialized,
    .enabled(
        if: nginxBinary != nil || GatewayProgram.isRequired,
        "nginx is not installed (apt-get install nginx; under CI=true its absence fails instead)"))
struct NginxGatewayTests {
    /// nginx running the project's gateway configuration, with a stand-in API that records every
    /// request it receives, header lines and all.
    final class Gateway {
        let scratch: TemporaryDirectory
        let process = Process()
        let port = HTTPProbe.freePort()
        let api: RequestRecorder

        /// - Parameters:
        ///   - configuration: The file in `deploy/nginx/` to run.
        ///   - edits: Further text replacements in it, each of text it must contain.
        init(
            verifierPort: Int, configuration: String = "tokenctl-gateway.conf", edits: [(String, String)] = []
        ) throws {
            scratch = try TemporaryDirectory()
            api = try RequestRecorder()
            let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let shipped = try String(
                contentsOf: projectRoot.appendingPathComponent("deploy/nginx/\(configuration)"), encoding: .utf8)
            var gateway = shipped.replacingOccurrences(of: "127.0.0.1:8000", with: "127.0.0.1:\(port)")
                .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(verifierPort)")
                .replacingOccurrences(of: "127.0.0.1:9000", with: "127.0.0.1:\(api.port)")
            #expect(gateway != shipped)
            for (old, new) in edits {
                #expect(gateway.contains(old), "\(configuration) has \(old)")
                gateway = gateway.replacingOccurrences(of: old, with: new)
            }
            try scratch.write("gateway.conf", gateway)
            let root = scratch.path
            try scratch.write(
                "nginx.conf",
                """
                worker_processes 1;
                daemon off;
                pid \(root)/nginx.pid;
                error_log \(root)/error.log;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path \(root)/body;
                    proxy_temp_path \(root)/proxy;
                    fastcgi_temp_path \(root)/fastcgi;
                    uwsgi_temp_path \(root)/uwsgi;
                    scgi_temp_path \(root)/scgi;
                    include \(root)/gateway.conf;
                }
                """)
            process.executableURL = URL(fileURLWithPath: nginxBinary ?? "nginx")
            process.arguments = ["-p", root, "-c", "\(root)/nginx.conf"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Until nginx answers at all (with what, depends on the verifier).
            _ = try HTTPProbe.waitFor(1, within: 10) { try HTTPProbe.status("http://127.0.0.1:\(port)/") == 0 ? 0 : 1 }
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        func get(_ path: String, bearer token: String? = nil, headers: [String] = []) throws -> Int {
            try HTTPProbe.request("http://127.0.0.1:\(port)\(path)", bearer: token, headers: headers).status
        }
    }

    @Test("Valid reaches the API with the workspace; missing, bad, expired and revoked get 401; delete takes effect")
    func gateway() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "API")
        let (expiredSecret, expired) = try TestTokens.secret()
        let past = Date(timeIntervalSince1970: 1_700_000_000)
        try TestTokens.plant(
            TestTokens.record(name: "Old", hash: expiredSecret.hash, createdAt: past, expiresAt: past),
            in: "\(repository.path)/workspace")
        let revoked = try repository.generate(workspace: "acme", name: "Gone")
        _ = try repository.tokenctl("delete", "--workspace", "acme", "Gone")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        #expect(try gateway.get("/orders?page=2", bearer: token) == 200)
        let id = SHA256Digester.digest(token).id
        let received = try #require(gateway.api.heads.last)
        #expect(received.hasPrefix("GET /orders?page=2 HTTP/1.1\r\n"))
        #expect(ForgedTokenHeaders.tokenLines(received) == ["Token-Workspace: acme", "Token-Id: \(id)"])
        #expect(!received.lowercased().contains("\r\nauthorization:"), "the API never sees the secret")
        #expect(received.contains("\r\nHost: 127.0.0.1:\(gateway.port)\r\n"), "the client's Host, port included")
        #expect(try gateway.get("/orders") == 401)
        #expect(try gateway.get("/orders", bearer: "tok_not-a-token") == 401)
        #expect(try gateway.get("/orders", bearer: TestTokens.corrupted(token)) == 401)
        #expect(try gateway.get("/orders", bearer: expired) == 401)
        #expect(try gateway.get("/orders", bearer: revoked) == 401)
        #expect(gateway.api.heads.count == 1, "no refused request reached the API")

        #expect(try repository.tokenctl("delete", "--workspace", "acme", "API").status == 0)
        let refusedAfter = try HTTPProbe.waitFor(401, within: 2) { try gateway.get("/orders", bearer: token) }
        #expect(refusedAfter != nil, "the deleted token is refused within two seconds")
        #expect(server.stop() == 0)
    }

    @Test("Forged Token-* headers, in any case, never reach the API: refused without a valid token, replaced with one")
    func forgedHeadersToTheAPI() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "API")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        #expect(try gateway.get("/orders", headers: ForgedTokenHeaders.lines) == 401)
        #expect(
            try gateway.get("/orders", bearer: TestTokens.corrupted(token), headers: ForgedTokenHeaders.lines) == 401)
        #expect(gateway.api.heads.isEmpty, "a forged identity alone gets nowhere")

        #expect(try gateway.get("/orders", bearer: token, headers: ForgedTokenHeaders.lines) == 200)
        let id = SHA256Digester.digest(token).id
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last) == ["Token-Workspace: acme", "Token-Id: \(id)"],
            "the verifier's values only; an unscoped token gets no Token-Scopes at all")
        #expect(server.stop() == 0)
    }

    @Test("The verifier gets none of the client's Token-* headers, and the API gets exactly the verifier's")
    func forgedHeadersToTheVerifier() throws {
        // A stand-in verifier that lets everyone in as a scoped token and records what it was sent.
        let verifier = try RequestRecorder(
            status: "204 No Content",
            headers: ["Token-Workspace: acme", "Token-Id: 5e884898da28", "Token-Scopes: orders:read"])
        let gateway = try Gateway(verifierPort: verifier.port)
        let (_, token) = try TestTokens.secret()

        #expect(try gateway.get("/orders", bearer: token, headers: ForgedTokenHeaders.lines) == 200)
        let asked = try #require(verifier.heads.last)
        #expect(asked.hasPrefix("GET /v1/auth HTTP/1.1\r\n"))
        #expect(asked.contains("\r\nAuthorization: Bearer \(token)\r\n"))
        #expect(
            verifier.heads.flatMap(ForgedTokenHeaders.tokenLines).isEmpty,
            "\(verifier.heads.flatMap(ForgedTokenHeaders.tokenLines))")
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last)
                == ["Token-Workspace: acme", "Token-Id: 5e884898da28", "Token-Scopes: orders:read"])
    }

    @Test(
        "Scopes per route: a read-only token gets the read route and 403 on the write route; forged headers cannot loosen"
    )
    func scopesPerRoute() throws {
        let repository = try GitRepository()
        let dataFolder = "\(repository.path)/workspace"
        var tokens: [String: (text: String, id: String)] = [:]
        for (label, scopes) in [("reader", "contacts:read"), ("writer", "contacts:read deals:write")] {
            let (secret, text) = try TestTokens.secret()
            try TestTokens.plant(
                TestTokens.record(name: label, hash: secret.hash, expiresAt: nil), scopes: scopes, in: dataFolder)
            tokens[label] = (text, secret.hash.id)
        }
        let unscoped = try repository.generate(workspace: "acme", name: "Unscoped")
        let reader = try #require(tokens["reader"])
        let writer = try #require(tokens["writer"])
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        #expect(try gateway.get("/contacts/7", bearer: reader.text) == 200)
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last)
                == ["Token-Workspace: acme", "Token-Id: \(reader.id)", "Token-Scopes: contacts:read"])
        #expect(try gateway.get("/orders", bearer: reader.text) == 200, "a route without a scope takes any token")
        let reached = gateway.api.heads.count
        #expect(try gateway.get("/deals/7", bearer: reader.text) == 403, "the read-only token cannot write")
        let loosening =
            ForgedTokenHeaders.lines + [
                "Token-Required-Scope: contacts:read", "Token-Scopes: contacts:read deals:write",
            ]
        #expect(try gateway.get("/deals/7", bearer: reader.text, headers: loosening) == 403, "forged headers")
        #expect(try gateway.get("/deals/7", bearer: TestTokens.corrupted(writer.text)) == 401)
        #expect(gateway.api.heads.count == reached, "no refused request reached the API")

        #expect(try gateway.get("/deals/7", bearer: writer.text, headers: loosening) == 200)
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last)
                == ["Token-Workspace: acme", "Token-Id: \(writer.id)", "Token-Scopes: contacts:read deals:write"],
            "the verifier's Token-Scopes, never the client's")
        #expect(try gateway.get("/contacts/7", bearer: reader.text, headers: ["Token-Scopes: admin"]) == 200)
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last)
                == ["Token-Workspace: acme", "Token-Id: \(reader.id)", "Token-Scopes: contacts:read"])
        #expect(try gateway.get("/deals/7", bearer: unscoped, headers: ["Token-Scopes: deals:write"]) == 200)
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last).allSatisfy { !$0.hasPrefix("Token-Scopes") },
            "an unscoped token passes the check, and the API gets no Token-Scopes at all")
        #expect(try gateway.get("/orders", bearer: reader.text, headers: ["Token-Required-Scope: deals:write"]) == 200)
        #expect(server.stop() == 0)
    }

    @Test("Each scoped route's auth location sends the verifier its own Token-Required-Scope, never the client's")
    func requiredScopeToTheVerifier() throws {
        let verifier = try RequestRecorder(
            status: "204 No Content", headers: ["Token-Workspace: acme", "Token-Id: 5e884898da28"])
        let gateway = try Gateway(verifierPort: verifier.port)
        let (_, token) = try TestTokens.secret()
        for (path, required) in [("/deals/1", "deals:write"), ("/contacts/1", "contacts:read")] {
            #expect(try gateway.get(path, bearer: token, headers: ForgedTokenHeaders.lines) == 200)
            let asked = try #require(verifier.heads.last)
            #expect(asked.hasPrefix("GET /v1/auth HTTP/1.1\r\n"))
            #expect(
                ForgedTokenHeaders.tokenLines(asked) == ["Token-Required-Scope: \(required)"],
                "\(ForgedTokenHeaders.tokenLines(asked))")
        }
    }

    @Test(
        "Rate limit per token (tokenctl-rate-limit.conf): one token past its burst gets 429, another meanwhile does not"
    )
    func rateLimitPerToken() throws {
        let repository = try GitRepository()
        let busy = try repository.generate(workspace: "acme", name: "Busy")
        let other = try repository.generate(workspace: "acme", name: "Other")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        // A rate slow enough (one a minute) that no request is let back in during the test: the
        // first request and the burst of two pass, every further one is refused.
        let gateway = try Gateway(
            verifierPort: server.port, configuration: "tokenctl-rate-limit.conf",
            edits: [("rate=10r/s;", "rate=1r/m;"), ("burst=20 ", "burst=2 ")])

        let first = try (1...3).map { _ in try gateway.get("/orders", bearer: busy) }
        #expect(first == [200, 200, 200], "the first request and a burst of two")
        #expect(try gateway.get("/orders", bearer: busy) == 429, "past its burst")
        #expect(try gateway.get("/orders", bearer: other, headers: ForgedTokenHeaders.lines) == 200, "another token")
        let otherID = SHA256Digester.digest(other).id
        #expect(
            ForgedTokenHeaders.tokenLines(gateway.api.heads.last) == ["Token-Workspace: acme", "Token-Id: \(otherID)"])
        #expect(try gateway.get("/orders", bearer: busy, headers: ["Token-Id: \(otherID)"]) == 429, "a forged id")
        #expect(try (1...2).map { _ in try gateway.get("/orders", bearer: other) } == [200, 200])
        #expect(try gateway.get("/orders", bearer: other) == 429, "the other token past its own burst")
        #expect(try gateway.get("/orders") == 401, "no token: refused before the limit")
        #expect(try gateway.get("/orders", bearer: TestTokens.corrupted(busy)) == 401)
        #expect(gateway.api.heads.count == 6, "no refused or limited request reached the API")
        let busyID = SHA256Digester.digest(busy).id
        #expect(
            gateway.api.heads.prefix(3).allSatisfy { ForgedTokenHeaders.tokenLines($0).contains("Token-Id: \(busyID)") }
        )
        #expect(server.stop() == 0)
    }
}
