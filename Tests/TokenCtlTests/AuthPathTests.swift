import Foundation
import TestSupport
import Testing

/// Paths under `/v1/auth/`, as Envoy's HTTP `ext_authz` asks them (the configured prefix followed
/// by the guarded request's own path and query): answered exactly as `/v1/auth`, by the event-loop
/// fast path and by the router alike; a path that only starts with the same letters is not.
@Suite("serve: /v1/auth/<anything> answers as /v1/auth", .serialized)
struct AuthPathTests {
    /// Targets answered as `/v1/auth` with the same query.
    static let suffixes = [
        "/", "/deals/7", "/deals/7/", "//deals", "/deals/7?page=2", "/a/b/c/d/e/f", "/v1/verify", "/healthz",
        "/../metrics", "/%2e%2e/x", "/auth", "/deals%2F7",
    ]

    /// Targets that are not `/v1/auth`: the router answers 404.
    static let others = [
        "/v1/authx", "/v1/auth..", "/v1/authorize", "/v1/auth.json", "/v1/authx?scope=deals:write", "/v1/auth%2Fx",
        "/v1/Auth/x", "/v1auth",
    ]

    /// The answers to `GET target`: first from the fast path, then (with `Connection: close`) from
    /// the router.
    static func answers(
        _ target: String, token: String?, headers: [String] = [], port: Int
    ) throws -> [RawHTTPResponse] {
        let lines = (token.map { ["Authorization: Bearer \($0)"] } ?? []) + headers
        let head = "GET \(target) HTTP/1.1\r\nHost: t\r\n" + lines.map { "\($0)\r\n" }.joined()
        return try ScopedAuthTests.fastAndRouted(head, port: port)
    }

    @Test("Every path under /v1/auth/, with or without a query, gets /v1/auth's answer from both fast path and router")
    func pathsUnderAuth() throws {
        let folder = try ScopedAuthTests.Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        let queries = ["", "?scope=deals:write", "?scope=contacts:read&page=2"]
        var compared = 0
        for label in ["reader", "writer", "unscoped", "revoked", "malformed"] {
            let token = try #require(folder.tokens[label])
            for query in queries {
                for suffix in Self.suffixes {
                    let (path, ownQuery) = Self.split(suffix)
                    // The guarded request's own query comes after the prefix and its path.
                    let target = "/v1/auth\(path)" + Self.join(ownQuery, query)
                    let reference = try Self.answers(
                        "/v1/auth" + Self.join(ownQuery, query), token: token, port: server.port)
                    let responses = try Self.answers(target, token: token, port: server.port)
                    try #require(responses.count == 2 && reference.count == 2, "\(label) \(target)")
                    #expect([204, 401, 403].contains(reference[0].status), "\(label) \(target)")
                    for (response, model) in zip(responses, reference) {
                        #expect(response.status == model.status, "\(label) \(target)")
                        #expect(ScopedAuthTests.fields(response) == ScopedAuthTests.fields(model), "\(label) \(target)")
                        #expect(response.body.isEmpty)
                    }
                    compared += 1
                }
            }
        }
        #expect(compared == 5 * queries.count * Self.suffixes.count)
        let reader = try #require(folder.tokens["reader"])
        let required = try Self.answers(
            "/v1/auth/deals/7", token: reader, headers: ["Token-Required-Scope: deals:write"], port: server.port)
        #expect(required.map(\.status) == [403, 403], "Token-Required-Scope counts on a path under /v1/auth/ too")
        #expect(server.stop() == 0)
    }

    @Test("/v1/authx, /v1/auth.., /v1/authorize and the like are not /v1/auth: 404 with no token headers")
    func lookAlikes() throws {
        let folder = try ScopedAuthTests.Folder()
        let server = try ServerProcess(dataFolder: "workspace", in: folder.repository.path)
        let writer = try #require(folder.tokens["writer"])
        for target in Self.others {
            let responses = try Self.answers(target, token: writer, port: server.port)
            #expect(responses.map(\.status) == [404, 404], "\(target)")
            #expect(responses.allSatisfy { $0.field("token-id") == nil && $0.field("token-workspace") == nil })
        }
        #expect(server.stop() == 0)
    }

    /// A suffix's path and its query (`nil` for none).
    static func split(_ suffix: String) -> (path: String, query: String?) {
        let parts = suffix.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil)
    }

    /// `?own&added` from a query of the guarded request and one the test adds (`?scope=…`), either
    /// possibly absent.
    static func join(_ own: String?, _ added: String) -> String {
        let addedBody = added.isEmpty ? nil : String(added.dropFirst())
        let parts = [own, addedBody].compactMap { $0 }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
