import Foundation
import TestSupport
import Testing
import TokenVerification

/// Scopes at `tokenctl serve`: `/v1/auth?scope=` and `Token-Required-Scope`, answered alike by the
/// event-loop fast path and the router; `POST /v1/verify` with `"scopes"`; policy files in force.
@Suite("serve: scopes and workspace policy", .serialized)
struct ScopedAuthTests {
    /// A data folder with unscoped, scoped, expired and revoked tokens and two workspaces with a
    /// policy, in a git repository.
    final class Folder {
        let repository: GitRepository
        var dataFolder: String { "\(repository.path)/workspace" }
        /// The token texts by label.
        private(set) var tokens: [String: String] = [:]
        /// The token ids by label.
        private(set) var ids: [String: String] = [:]

        init() throws {
            repository = try GitRepository()
            try plant("unscoped", scopes: nil)
            try plant("reader", scopes: "contacts:read")
            try plant("writer", scopes: "contacts:read deals:write")
            let past = Date(timeIntervalSince1970: 1_700_000_000)
            try plant("expired", scopes: "deals:write", createdAt: past, expiresAt: past)
            try plant("revoked", scopes: "deals:write", revocation: .init(revokedBy: "bob", revokedAt: past))
            try write("capped/policy.yaml", "version: 1\nallowed_scopes: contacts:read deals:read\n")
            try plant("capped", workspace: "capped", scopes: "contacts:read deals:write")
            try plant("capped-out", workspace: "capped", scopes: "deals:write")
            try write("strict/policy.yaml", "version: 1\nrequire_scopes: true\n")
            try plant("strict-unscoped", workspace: "strict", scopes: nil)
            tokens["unknown"] = try TestTokens.secret().text
            tokens["malformed"] = TestTokens.corrupted(tokens["unscoped"] ?? "")
        }

        func plant(
            _ label: String, workspace: String = "acme", scopes: String?,
            createdAt: Date = Date(timeIntervalSince1970: 1_790_000_000), expiresAt: Date? = nil,
            revocation: TokenRecord.Revocation? = nil
        ) throws {
            let (secret, text) = try TestTokens.secret()
            let record = TestTokens.record(
                workspace: workspace, name: label, hash: secret.hash, createdAt: createdAt, expiresAt: expiresAt,
                revocation: revocation)
            try TestTokens.plant(record, scopes: scopes, in: dataFolder)
            tokens[label] = text
            ids[label] = secret.hash.id
        }

        /// Writes `text` to `relative` (under the data folder) in place: the same inode, as an
        /// editor that writes in place leaves it.
        func write(_ relative: String, _ text: String) throws {
            let path = "\(dataFolder)/\(relative)"
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard let handle = FileHandle(forWritingAtPath: path) else {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                return
            }
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
    }

    /// One `/v1/auth` request and the answer it must get.
    struct AuthCase: CustomTestStringConvertible, Sendable {
        var token: String?
        var target: String
        var headers: [String] = []
        var status: Int
        /// The `WWW-Authenticate` value, or `nil` for none.
        var challenge: String?
        /// The `Token-Scopes` value, or `nil` for none.
        var scopes: String?

        var testDescription: String { "\(token ?? "no token") \(target) \(headers) → \(status)" }
    }

    static let noToken = #"Bearer realm="tokenctl""#
    static let invalidToken = #"Bearer realm="tokenctl", error="invalid_token""#
    static func insufficient(_ scopes: String?) -> String {
        #"Bearer error="insufficient_scope""# + (scopes.map { #", scope="\#($0)""# } ?? "")
    }

    static let authCases: [AuthCase] = [
        .init(token: "unscoped", target: "/v1/auth", status: 204),
        .init(token: "unscoped", target: "/v1/auth?scope=deals:write", status: 204),
        .init(token: "unscoped", target: "/v1/auth?scope=%ZZ", status: 204),
        .init(token: "reader", target: "/v1/auth", status: 204, scopes: "contacts:read"),
        .init(token: "reader", target: "/v1/auth?scope=contacts:read", status: 204, scopes: "contacts:read"),
        .init(
            token: "reader", target: "/v1/auth?scope=deals:write", status: 403, challenge: insufficient("deals:write")),
        .init(
            token: "reader", target: "/v1/auth?scope=deals:write&scope=contacts:read", status: 403,
            challenge: insufficient("contacts:read deals:write")),
        .init(
            token: "writer", target: "/v1/auth?scope=contacts:read&scope=deals%3Awrite", status: 204,
            scopes: "contacts:read deals:write"),
        .init(
            token: "writer", target: "/v1/auth?from=gateway&scope=contacts%3aread+deals%3Awrite&x=%20", status: 204,
            scopes: "contacts:read deals:write"),
        .init(
            token: "writer", target: "/v1/auth",
            headers: ["Token-Required-Scope: deals:write", "Token-Required-Scope: contacts:read"], status: 204,
            scopes: "contacts:read deals:write"),
        .init(
            token: "reader", target: "/v1/auth", headers: ["Token-Required-Scope: contacts:read deals:write"],
            status: 403, challenge: insufficient("contacts:read deals:write")),
        .init(
            token: "reader", target: "/v1/auth",
            headers: ["Token-Required-Scope: contacts:read", "token-required-scope: deals:write"], status: 403,
            challenge: insufficient("contacts:read deals:write")),
        .init(
            token: "reader", target: "/v1/auth?scope=deals:write", headers: ["Token-Required-Scope: contacts:read"],
            status: 403, challenge: insufficient("contacts:read deals:write")),
        .init(
            token: "writer", target: "/v1/auth", headers: ["Token-Required-Scope: deals:write, contacts:read"],
            status: 204, scopes: "contacts:read deals:write"),
        .init(
            token: "writer", target: "/v1/auth?SCOPE=deals:admin", status: 403, challenge: insufficient("deals:admin")),
        .init(token: "writer", target: "/v1/auth?scope=Deals:Write", status: 403, challenge: insufficient(nil)),
        .init(
            token: "writer", target: "/v1/auth?scope=deals:write&scope=%22%2C%20x%3D%22", status: 403,
            challenge: insufficient("deals:write")),
        .init(token: "writer", target: "/v1/auth?scope=deals%3", status: 403, challenge: insufficient(nil)),
        .init(
            token: "writer", target: "/v1/auth?x=%zz&scope=deals:write", status: 403,
            challenge: insufficient("deals:write")),
        .init(token: "writer", target: "/v1/auth?scope=", status: 403, challenge: insufficient(nil)),
        .init(token: "writer", target: "/v1/auth?scope", status: 403, challenge: insufficient(nil)),
        .init(token: "writer", target: "/v1/auth?scope=+", status: 403, challenge: insufficient(nil)),
        .init(
            token: "writer", target: "/v1/auth", headers: ["Token-Required-Scope: "], status: 403,
            challenge: insufficient(nil)),
        .init(
            token: "writer", target: "/v1/auth?scope=deals:write&other=1&&", status: 204,
            scopes: "contacts:read deals:write"),
        .init(token: "expired", target: "/v1/auth?scope=deals:write", status: 401, challenge: invalidToken),
        .init(token: "expired", target: "/v1/auth?scope=%zz", status: 401, challenge: invalidToken),
        .init(token: "revoked", target: "/v1/auth", status: 401, challenge: invalidToken),
        .init(token: "unknown", target: "/v1/auth?scope=deals:write", status: 401, challenge: invalidToken),
        .init(token: "malformed", target: "/v1/auth", status: 401, challenge: invalidToken),
        .init(token: nil, target: "/v1/auth?scope=deals:write", status: 401, challenge: noToken),
        .init(
            token: nil, target: "/v1/auth", headers: ["Authorization: Basic Zm9vOmJhcg=="], status: 401,
            challenge: noToken),
        // Two Authorization fields read as one joined by ", ", which is no valid token.
        .init(
            token: "writer", target: "/v1/auth", headers: ["Authorization: Basic Zm9vOmJhcg=="], status: 401,
            challenge: invalidToken),
        .init(
            token: "writer", target: "/v1/auth", headers: ["authorization: Bearer tok_"], status: 401,
            challenge: invalidToken),
        .init(token: "capped", target: "/v1/auth", status: 204, scopes: "contacts:read"),
        .init(token: "capped", target: "/v1/auth?scope=contacts:read", status: 204, scopes: "contacts:read"),
        .init(
            token: "capped", target: "/v1/auth?scope=deals:write", status: 403, challenge: insufficient("deals:write")),
        .init(token: "capped-out", target: "/v1/auth", status: 403, challenge: insufficient(nil)),
        .init(token: "strict-unscoped", target: "/v1/auth", status: 204),
        .init(
            token: "strict-unscoped", target: "/v1/auth?scope=contacts:read", status: 403,
            challenge: insufficient("contacts:read")),
    ]

    /// The header fields of a response but `Date` and `Connection`, as `name: value`, sorted.
    static func fields(_ response: RawHTTPResponse) -> [String] {
        response.fields.filter { $0.name != "date" && $0.name != "connection" }.map { "\($0.name): \($0.value)" }
            .sorted()
    }

    @Test("/v1/auth with required scopes: the fast path and the router give the same answer, the one expected")
    func authTable() throws {
        let folder = try Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        var bodies: [String] = []
        for item in Self.authCases {
            let token = item.token.map { folder.tokens[$0] ?? "" }
            let lines = (token.map { ["Authorization: Bearer \($0)"] } ?? []) + item.headers
            let head = "GET \(item.target) HTTP/1.1\r\nHost: t\r\n" + lines.map { "\($0)\r\n" }.joined()
            // No `Connection` field: the fast path answers; with one, the router does.
            let responses = try Self.fastAndRouted(head, port: server.port)
            try #require(responses.count == 2, "\(item.testDescription)")
            let (fast, routed) = (responses[0], responses[1])
            #expect(Self.fields(fast) == Self.fields(routed), "fast path = router: \(item.testDescription)")
            #expect(fast.status == item.status && routed.status == item.status, "\(item.testDescription)")
            #expect(fast.field("www-authenticate") == item.challenge, "\(item.testDescription)")
            #expect(fast.field("token-scopes") == item.scopes, "\(item.testDescription)")
            let id = item.token.flatMap { folder.ids[$0] }
            #expect(fast.field("token-id") == (item.status == 204 ? id : nil), "\(item.testDescription)")
            #expect(fast.field("cache-control") == "no-store")
            bodies += [fast.body, routed.body]
        }
        #expect(bodies.allSatisfy { $0.isEmpty })
        #expect(server.stop() == 0)
        let log = server.log
        #expect(log.components(separatedBy: "path=/v1/auth status=").count - 1 == 2 * Self.authCases.count)
        #expect(!log.contains("scope="), "no query string is logged")
    }

    @Test("An HTTP/1.0 request goes to the router and gets the fast path's answer")
    func http10() throws {
        let folder = try Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        let writer = try #require(folder.tokens["writer"])
        let head = "GET /v1/auth?scope=deals:write HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(writer)\r\n"
        let model = try Self.fastAndRouted(head, port: server.port)
        let old = head.replacingOccurrences(of: "HTTP/1.1", with: "HTTP/1.0")
        let response = try LoopbackSocket(port: server.port).exchange(old + "\r\n")
        #expect(response.status == 204 && model.map(\.status) == [204, 204])
        #expect(Self.fields(response) == Self.fields(model[0]))
        #expect(server.stop() == 0)
    }

    /// Sends `head` (a request head without its blank line) twice on one connection: first as the
    /// fast path answers it, then with `Connection: close`, as the router does.
    static func fastAndRouted(_ head: String, port: Int) throws -> [RawHTTPResponse] {
        try RawHTTPConnection.exchange(port: port, head + "\r\n" + head + "Connection: close\r\n\r\n")
    }

    @Test("A token-shaped scope name is never repeated in WWW-Authenticate, nor logged")
    func tokenShapedScopeName() throws {
        let folder = try Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        let writer = try #require(folder.tokens["writer"])
        let secret = try #require(folder.tokens["unscoped"])
        let fragment = String(secret.lowercased().dropFirst(4).prefix(12))
        for query in ["scope=\(secret)", "scope=deals:write&scope=\(secret.lowercased())"] {
            let head = "GET /v1/auth?\(query) HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(writer)\r\n"
            let responses = try Self.fastAndRouted(head, port: server.port)
            #expect(responses.map(\.status) == [403, 403])
            for response in responses {
                let challenge = response.field("www-authenticate") ?? ""
                #expect(challenge.hasPrefix(#"Bearer error="insufficient_scope""#))
                #expect(!challenge.lowercased().contains(fragment), "the name is not repeated back")
            }
        }
        #expect(server.stop() == 0)
        #expect(!server.log.lowercased().contains(fragment))
    }

    /// `POST /v1/verify` with `body`, parsed.
    static func verify(_ body: String, server: ServerProcess) throws -> (status: Int, object: [String: Any]) {
        let answer = try HTTPProbe.request(server.url("/v1/verify"), method: "POST", body: body)
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return (answer.status, object ?? [:])
    }

    @Test(
        "POST /v1/verify takes \"scopes\" and answers the granted scopes, or insufficient_scope with workspace and id")
    func verifyScopes() throws {
        let folder = try Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        func body(_ label: String, _ scopes: String? = nil) -> String {
            #"{"token": "\#(folder.tokens[label] ?? "")""# + (scopes.map { #", "scopes": \#($0)"# } ?? "") + "}"
        }
        let granted: [(String, String?, [String]?)] = [
            ("writer", nil, ["contacts:read", "deals:write"]),
            ("writer", #"["deals:write", "contacts:read", "deals:write"]"#, ["contacts:read", "deals:write"]),
            ("reader", "null", ["contacts:read"]),
            ("reader", "[]", ["contacts:read"]),
            ("capped", #"["contacts:read"]"#, ["contacts:read"]),
            ("unscoped", nil, nil),
            ("unscoped", #"["deals:write"]"#, nil),
        ]
        for (label, scopes, expected) in granted {
            let (status, object) = try Self.verify(body(label, scopes), server: server)
            #expect(status == 200 && object["valid"] as? Bool == true, "\(label) \(scopes ?? "")")
            #expect(object["scopes"] as? [String] == expected, "\(label) \(scopes ?? "")")
            #expect((object["scopes"] != nil) == (expected != nil), "no \"scopes\" key for an unscoped token")
            #expect(object["id"] as? String == folder.ids[label])
        }
        let lacking: [(String, String?)] = [
            ("reader", #"["deals:write"]"#), ("writer", #"["Deals:Write"]"#), ("writer", #"[""]"#),
            ("capped", #"["deals:write"]"#), ("capped-out", nil), ("strict-unscoped", #"["contacts:read"]"#),
        ]
        for (label, scopes) in lacking {
            let (status, object) = try Self.verify(body(label, scopes), server: server)
            #expect(status == 200, "\(label) \(scopes ?? "")")
            #expect(object.keys.sorted() == ["id", "reason", "valid", "workspace"], "\(object.keys.sorted())")
            #expect(object["valid"] as? Bool == false && object["reason"] as? String == "insufficient_scope")
            #expect(object["id"] as? String == folder.ids[label])
            let workspace = label.hasPrefix("capped") ? "capped" : label.hasPrefix("strict") ? "strict" : "acme"
            #expect(object["workspace"] as? String == workspace)
        }
        for (label, reason) in [("expired", "expired"), ("revoked", "revoked"), ("unknown", "unknown")] {
            let (status, object) = try Self.verify(body(label, #"["deals:write"]"#), server: server)
            #expect(status == 200 && object["reason"] as? String == reason)
            #expect(object.keys.sorted() == ["reason", "valid"])
        }
        for scopes in [#""deals:write""#, "[1]", "[null]", #"[["a"]]"#, #"{"a": "b"}"#, "true"] {
            let (status, object) = try Self.verify(body("writer", scopes), server: server)
            #expect(status == 400 && (object["error"] as? String)?.contains("scopes") == true, "\(scopes)")
        }
        #expect(server.stop() == 0)
    }

    @Test("A bad policy file is listed on /healthz and the tokens it governs get 401; fixed, they are served again")
    func badPolicy() throws {
        let folder = try Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        let reader = try #require(folder.tokens["reader"])
        let capped = try #require(folder.tokens["capped"])
        try folder.write("acme/policy.yaml", "version: 1\nmax_lifetime: -3d\n")
        let refused = try HTTPProbe.waitFor(401, within: 1) {
            try HTTPProbe.status(server.url("/v1/auth"), bearer: reader)
        }
        #expect(refused != nil, "a token governed by a bad policy file grants nothing, within a second")
        let health = try HTTPProbe.request(server.url("/healthz"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any])
        let bad = (object["bad_files"] as? [[String: Any]]) ?? []
        #expect(bad.contains { ($0["path"] as? String)?.hasSuffix("acme/policy.yaml") == true }, "\(health.body)")
        #expect(bad.contains { $0["line"] as? Int == 2 }, "at file:line:column: \(health.body)")
        let head = "GET /v1/auth HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(reader)\r\n"
        let answers = try Self.fastAndRouted(head, port: server.port)
        #expect(answers.map(\.status) == [401, 401])
        #expect(answers.allSatisfy { $0.field("www-authenticate") == Self.invalidToken })
        #expect(try HTTPProbe.status(server.url("/v1/auth"), bearer: capped) == 204, "other workspaces are served")
        let (_, verdict) = try Self.verify(#"{"token": "\#(reader)"}"#, server: server)
        #expect(verdict["reason"] as? String == "unknown")

        try folder.write("acme/policy.yaml", "version: 1\nmax_lifetime: never\n")
        let served = try HTTPProbe.waitFor(204, within: 1) {
            try HTTPProbe.status(server.url("/v1/auth"), bearer: reader)
        }
        #expect(served != nil, "fixed, the token is served again within a second")
        #expect(server.stop() == 0)
    }

    @Test(
        "A policy edited in place, in a workspace or at the root, is in force within a second",
        arguments: ["inotify", "polling"])
    func policyEditedInPlace(_ notification: String) throws {
        let folder = try Folder()
        try folder.write("capped/policy.yaml", "version: 1\nallowed_scopes: contacts:read deals:write\n")
        let server = try ServerProcess(
            dataFolder: "workspace", in: folder.repository.path,
            extraArguments: ["--change-notification", notification])
        let capped = try #require(folder.tokens["capped"])
        let unscoped = try #require(folder.tokens["unscoped"])
        func answer(_ token: String, _ target: String) throws -> RawHTTPResponse? {
            let head =
                "GET \(target) HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
            return try RawHTTPConnection.exchange(port: server.port, head).first
        }
        #expect(try answer(capped, "/v1/auth")?.field("token-scopes") == "contacts:read deals:write")
        #expect(try answer(capped, "/v1/auth?scope=deals:write")?.status == 204)

        try folder.write("capped/policy.yaml", "version: 1\nallowed_scopes: contacts:read\n")
        let narrowed = try HTTPProbe.waitFor(403, within: 1) {
            try answer(capped, "/v1/auth?scope=deals:write")?.status ?? 0
        }
        #expect(narrowed != nil, "the narrowed allowed_scopes is in force within a second (\(notification))")
        #expect(try answer(capped, "/v1/auth")?.field("token-scopes") == "contacts:read")

        #expect(try answer(unscoped, "/v1/auth?scope=contacts:read")?.status == 204)
        try folder.write("policy.yaml", "version: 1\nrequire_scopes: false\n")
        Thread.sleep(forTimeInterval: 0.3)
        try folder.write("policy.yaml", "version: 1\nrequire_scopes: true\n")
        let required = try HTTPProbe.waitFor(403, within: 1) {
            try answer(unscoped, "/v1/auth?scope=contacts:read")?.status ?? 0
        }
        #expect(required != nil, "the root policy's require_scopes is in force within a second (\(notification))")
        #expect(server.stop() == 0)
    }
}
