import Foundation
import TestSupport
import Testing
import TokenVerification

/// Caddy, Debian's package, that `.ci/run` installs.
let caddyBinary = GatewayProgram.find(["/usr/bin/caddy", "/usr/local/bin/caddy"])

@Suite(
    "Caddy forward_auth gateway in front of tokenctl serve", .serialized,
    .enabled(
        if: caddyBinary != nil || GatewayProgram.isRequired,
        "caddy is not installed (apt-get install caddy; under CI=true its absence fails instead)"))
struct CaddyGatewayTests {
    /// Caddy running the project's Caddyfile on a free port, with its admin endpoint off and its
    /// state in a scratch folder, and a stand-in API that records every request it receives.
    final class Gateway {
        let scratch: TemporaryDirectory
        let process = Process()
        let port = HTTPProbe.freePort()
        let api: RequestRecorder

        init(verifierPort: Int) throws {
            let binary = try #require(caddyBinary, "caddy is not installed")
            scratch = try TemporaryDirectory()
            api = try RequestRecorder()
            let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let shipped = try String(
                contentsOf: projectRoot.appendingPathComponent("deploy/caddy/Caddyfile"), encoding: .utf8)
            let site = shipped.replacingOccurrences(of: "http://:8000", with: "http://:\(port)")
                .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(verifierPort)")
                .replacingOccurrences(of: "127.0.0.1:9000", with: "127.0.0.1:\(api.port)")
            #expect(site.contains(":\(port)") && site.contains(":\(api.port)") && site.contains(":\(verifierPort)"))
            let root = scratch.path
            // Global options for a throwaway instance: no admin endpoint (another Caddy may hold
            // port 2019), no certificates.
            let caddyfile = try scratch.write("Caddyfile", "{\n\tadmin off\n\tauto_https off\n}\n\n" + site)
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--config", caddyfile, "--adapter", "caddyfile"]
            process.environment = [
                "HOME": root, "XDG_CONFIG_HOME": root, "XDG_DATA_HOME": root, "PATH": "/usr/bin:/bin",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: try scratch.write("caddy.log", ""))
            try process.run()
            let up = try HTTPProbe.waitFor(1, within: 10) {
                try HTTPProbe.status("http://127.0.0.1:\(port)/") == 0 ? 0 : 1
            }
            let log = (try? String(contentsOfFile: "\(root)/caddy.log", encoding: .utf8)) ?? ""
            try #require(up != nil, "caddy did not start: \(log)")
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        func get(_ path: String, bearer token: String? = nil, headers: [String] = []) throws -> Int {
            try HTTPProbe.request("http://127.0.0.1:\(port)\(path)", bearer: token, headers: headers).status
        }

        /// The `Token-*` lines of the last request the API received, sorted (Go writes header
        /// fields in its own order).
        var lastTokenLines: [String] {
            ForgedTokenHeaders.tokenLines(api.heads.last).sorted()
        }
    }

    @Test("Valid reaches the API with workspace and id, no secret; missing, bad and revoked get 401; delete within 1 s")
    func gateway() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "API")
        let revoked = try repository.generate(workspace: "acme", name: "Gone")
        _ = try repository.tokenctl("delete", "--workspace", "acme", "Gone")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        #expect(try gateway.get("/orders?page=2", bearer: token) == 200)
        let id = SHA256Digester.digest(token).id
        let received = try #require(gateway.api.heads.last)
        #expect(received.hasPrefix("GET /orders?page=2 HTTP/1.1\r\n"))
        #expect(gateway.lastTokenLines == ["Token-Id: \(id)", "Token-Workspace: acme"])
        #expect(!received.lowercased().contains("\r\nauthorization:"), "the API never sees the secret")
        #expect(received.contains("\r\nHost: 127.0.0.1:\(gateway.port)\r\n"), "the client's Host, port included")
        #expect(try gateway.get("/orders") == 401)
        #expect(try gateway.get("/orders", bearer: "tok_not-a-token") == 401)
        #expect(try gateway.get("/orders", bearer: TestTokens.corrupted(token)) == 401)
        #expect(try gateway.get("/orders", bearer: revoked) == 401)
        #expect(gateway.api.heads.count == 1, "no refused request reached the API")

        #expect(try repository.tokenctl("delete", "--workspace", "acme", "API").status == 0)
        let refusedAfter = try HTTPProbe.waitFor(401, within: 1) { try gateway.get("/orders", bearer: token) }
        #expect(refusedAfter != nil, "the deleted token is refused within one second")
        #expect(server.stop() == 0)
    }

    @Test("Forged Token-* headers, in any case and repeated, never reach the API: refused alone, replaced with a token")
    func forgedHeadersToTheAPI() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "API")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        #expect(try gateway.get("/orders", headers: ForgedTokenHeaders.lines) == 401)
        #expect(
            try gateway.get("/deals/1", bearer: TestTokens.corrupted(token), headers: ForgedTokenHeaders.lines) == 401)
        #expect(gateway.api.heads.isEmpty, "a forged identity alone gets nowhere")

        let id = SHA256Digester.digest(token).id
        for path in ["/orders", "/deals/1", "/contacts/1"] {
            #expect(try gateway.get(path, bearer: token, headers: ForgedTokenHeaders.lines) == 200)
            #expect(
                gateway.lastTokenLines == ["Token-Id: \(id)", "Token-Workspace: acme"],
                "the verifier's values only; an unscoped token gets no Token-Scopes at all: \(gateway.lastTokenLines)")
        }
        #expect(server.stop() == 0)
    }

    @Test(
        "The verifier gets none of the client's Token-* headers, each route's own scope query, and the API its answer")
    func forgedHeadersToTheVerifier() throws {
        let verifier = try RequestRecorder(
            status: "204 No Content",
            headers: ["Token-Workspace: acme", "Token-Id: 5e884898da28", "Token-Scopes: orders:read"])
        let gateway = try Gateway(verifierPort: verifier.port)
        let (_, token) = try TestTokens.secret()
        let routes = [
            ("/orders?scope=admin", "/v1/auth"), ("/deals/1?scope=admin", "/v1/auth?scope=deals:write"),
            ("/contacts/1", "/v1/auth?scope=contacts:read"),
        ]
        for (path, asked) in routes {
            #expect(try gateway.get(path, bearer: token, headers: ForgedTokenHeaders.lines) == 200)
            let head = try #require(verifier.heads.last)
            #expect(head.hasPrefix("GET \(asked) HTTP/1.1\r\n"), "\(head.prefix(60))")
            #expect(head.contains("\r\nAuthorization: Bearer \(token)\r\n"))
            #expect(ForgedTokenHeaders.tokenLines(head).isEmpty, "\(ForgedTokenHeaders.tokenLines(head))")
            #expect(
                gateway.lastTokenLines == [
                    "Token-Id: 5e884898da28", "Token-Scopes: orders:read", "Token-Workspace: acme",
                ])
            #expect(gateway.api.heads.last?.hasPrefix("GET \(path) HTTP/1.1\r\n") == true)
        }
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
        let reader = try #require(tokens["reader"])
        let writer = try #require(tokens["writer"])
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        #expect(try gateway.get("/contacts/7", bearer: reader.text) == 200)
        #expect(
            gateway.lastTokenLines
                == ["Token-Id: \(reader.id)", "Token-Scopes: contacts:read", "Token-Workspace: acme"])
        #expect(try gateway.get("/orders", bearer: reader.text) == 200, "a route without a scope takes any token")
        let reached = gateway.api.heads.count
        #expect(try gateway.get("/deals/7", bearer: reader.text) == 403, "the read-only token cannot write")
        let loosening =
            ForgedTokenHeaders.lines + [
                "Token-Required-Scope: contacts:read", "Token-Scopes: contacts:read deals:write",
            ]
        #expect(try gateway.get("/deals/7", bearer: reader.text, headers: loosening) == 403, "forged headers")
        #expect(try gateway.get("/deals/7?scope=contacts:read", bearer: reader.text) == 403, "a client's query")
        #expect(try gateway.get("/deals/7", bearer: TestTokens.corrupted(writer.text)) == 401)
        #expect(gateway.api.heads.count == reached, "no refused request reached the API")

        #expect(try gateway.get("/deals/7", bearer: writer.text, headers: loosening) == 200)
        #expect(
            gateway.lastTokenLines
                == ["Token-Id: \(writer.id)", "Token-Scopes: contacts:read deals:write", "Token-Workspace: acme"],
            "the verifier's Token-Scopes, never the client's")
        #expect(server.stop() == 0)
    }
}
