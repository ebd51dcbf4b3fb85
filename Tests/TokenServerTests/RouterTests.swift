import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing
import TokenServer
import TokenVerification

@Suite("HTTP verifier routes")
struct RouterTests {
    /// A data folder with one token of each kind, and the application serving it.
    struct Fixture {
        let directory: TemporaryDirectory
        let valid: String
        let expired: String
        let revoked: String
        let unknown: String
        let id: String
        let application: Application<RouterResponder<BasicRequestContext>>

        init() throws {
            directory = try TemporaryDirectory()
            let data = directory.path
            let (validSecret, valid) = try TestTokens.secret()
            let (expiredSecret, expired) = try TestTokens.secret()
            let (revokedSecret, revoked) = try TestTokens.secret()
            (_, unknown) = try TestTokens.secret()
            let past = Date(timeIntervalSince1970: 1_700_000_000)
            try TestTokens.plant(TestTokens.record(name: "Live", hash: validSecret.hash, expiresAt: nil), in: data)
            try TestTokens.plant(
                TestTokens.record(name: "Old", hash: expiredSecret.hash, createdAt: past, expiresAt: past), in: data)
            try TestTokens.plant(
                TestTokens.record(
                    name: "Gone", hash: revokedSecret.hash, revocation: .init(revokedBy: "bob", revokedAt: past)),
                in: data)
            try directory.write("acme/0123456789ab.yaml", "version: 1\n")
            self.valid = valid
            self.expired = expired
            self.revoked = revoked
            self.id = validSecret.hash.id
            let verifier = try TokenVerifier(dataFolder: data)
            let state = ReloadState(loadedAt: verifier.index.loadedAt, duration: 0.01)
            application = Application(router: buildRouter(verifier: verifier, state: state))
        }
    }

    /// A JSON value as text: booleans as `true`/`false`, strings as they are.
    static func text(_ value: Any?) -> String {
        if let flag = value as? Bool { return flag ? "true" : "false" }
        return (value as? String) ?? "missing"
    }

    static let workspaceHeader = HTTPField.Name("Token-Workspace")
    static let idHeader = HTTPField.Name("Token-Id")

    @Test("GET /v1/auth with a valid bearer token: 204 with Token-Workspace and Token-Id")
    func authValid() async throws {
        let fixture = try Fixture()
        let workspaceHeader = try #require(Self.workspaceHeader)
        let idHeader = try #require(Self.idHeader)
        try await fixture.application.test(.router) { client in
            for scheme in ["Bearer", "bearer", "BEARER"] {
                try await client.execute(
                    uri: "/v1/auth", method: .get, headers: [.authorization: "\(scheme) \(fixture.valid)"]
                ) { response in
                    #expect(response.status == .noContent)
                    #expect(response.headers[workspaceHeader] == "acme")
                    #expect(response.headers[idHeader] == fixture.id)
                }
            }
            // A gateway's subrequest may keep the method of the request it guards.
            try await client.execute(
                uri: "/v1/auth", method: .post, headers: [.authorization: "Bearer \(fixture.valid)"]
            ) {
                #expect($0.status == .noContent)
            }
        }
    }

    @Test(
        "GET /v1/auth refuses with 401 and WWW-Authenticate: Bearer",
        arguments: ["missing", "basic", "empty", "malformed", "unknown", "expired", "revoked", "junk", "query"])
    func authRefused(_ kind: String) async throws {
        let fixture = try Fixture()
        let junk = String(repeating: "x", count: 10 * 1024)
        let headers: HTTPFields =
            switch kind {
            case "missing": [:]
            case "basic": [.authorization: "Basic \(Data("user:\(fixture.valid)".utf8).base64EncodedString())"]
            case "empty": [.authorization: "Bearer "]
            case "malformed": [.authorization: "Bearer \(TestTokens.corrupted(fixture.valid))"]
            case "unknown": [.authorization: "Bearer \(fixture.unknown)"]
            case "expired": [.authorization: "Bearer \(fixture.expired)"]
            case "revoked": [.authorization: "Bearer \(fixture.revoked)"]
            case "junk": [.authorization: "Bearer \(junk)"]
            default: [:]
            }
        let uri = kind == "query" ? "/v1/auth?token=\(fixture.valid)" : "/v1/auth"
        let workspaceHeader = try #require(Self.workspaceHeader)
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                // RFC 6750 §3.1: an error code only when a Bearer token was presented.
                let presented = ["malformed", "unknown", "expired", "revoked", "junk"].contains(kind)
                let error = presented ? #", error="invalid_token""# : ""
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="tokenctl""# + error)
                #expect(response.headers[workspaceHeader] == nil)
            }
        }
    }

    @Test("POST /v1/verify answers valid with metadata, or the reason, as JSON")
    func verify() async throws {
        let fixture = try Fixture()
        try await fixture.application.test(.router) { client in
            let cases: [(String, [String: String])] = [
                (
                    fixture.valid,
                    ["valid": "true", "workspace": "acme", "id": fixture.id, "name": "Live", "expires_at": "never"]
                ),
                (fixture.expired, ["valid": "false", "reason": "expired"]),
                (fixture.revoked, ["valid": "false", "reason": "revoked"]),
                (fixture.unknown, ["valid": "false", "reason": "unknown"]),
                ("tok_nope", ["valid": "false", "reason": "malformed"]),
            ]
            for (token, expected) in cases {
                let body = ByteBuffer(string: #"{"token": "\#(token)"}"#)
                try await client.execute(uri: "/v1/verify", method: .post, body: body) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    let object = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    for (key, value) in expected {
                        #expect(Self.text(object[key]) == value, "\(key)")
                    }
                    if expected["valid"] == "false" {
                        #expect(object.keys.sorted() == ["reason", "valid"], "nothing more for a refused token")
                    }
                }
            }
        }
    }

    @Test(
        "POST /v1/verify refuses bodies that are not {\"token\": \"…\"} with 400, oversized ones with 413",
        arguments: [
            "not json", "", "[]", "{}", #"{"token": 42}"#, #"{"tok": "x"}"#, #"{"token": "x", "scopes": "a"}"#,
            #"{"token": "x", "scopes": [1]}"#, #"{"token": "x", "scopes": [null]}"#, "oversized",
        ])
    func verifyBadBodies(_ body: String) async throws {
        let fixture = try Fixture()
        let payload = body == "oversized" ? #"{"token": "\#(String(repeating: "x", count: 5_000))"}"# : body
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .post, body: ByteBuffer(string: payload)) { response in
                #expect(response.status == (body == "oversized" ? .contentTooLarge : .badRequest))
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(object?["error"]?.isEmpty == false)
            }
        }
    }

    @Test(
        "POST /v1/verify refuses a body with a duplicate key in any object (400), however the key is spelled",
        arguments: [
            #"{"token": "VALID", "token": "tok_x"}"#, #"{"token": "tok_x", "token": "VALID"}"#,
            #"{"token": "VALID", "to\u006ben": "tok_x"}"#, #"{"t\u006fken": "VALID", "token": "VALID"}"#,
            #"{"token": "VALID", "x": {"a": 1}, "token": "VALID"}"#, #"{"x": [{"a": 1, "a": 2}], "token": "VALID"}"#,
            #"{"token": "VALID", "scopes": ["a"], "scopes": []}"#,
        ])
    func verifyDuplicateKeys(_ template: String) async throws {
        let fixture = try Fixture()
        let body = template.replacingOccurrences(of: "VALID", with: fixture.valid)
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/v1/verify", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(object?["error"]?.contains("token") == true, "\(String(describing: object))")
            }
            let distinct = #"{"x": [{"a": 1}, {"a": 2}], "token": "\#(fixture.valid)", "y": "token"}"#
            try await client.execute(uri: "/v1/verify", method: .post, body: ByteBuffer(string: distinct)) { response in
                #expect(response.status == .ok, "the same key in two objects is no duplicate")
            }
        }
    }

    @Test("GET /healthz shows counts, the last reload, and the bad files with their errors")
    func health() async throws {
        let fixture = try Fixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(object["status"] as? String == "ok")
                #expect(object["tokens"] as? Int == 3)
                #expect(object["active_tokens"] as? Int == 1)
                #expect(object["workspaces"] as? Int == 1)
                #expect(object["last_reload"] is String)
                let bad = try #require(object["bad_files"] as? [[String: Any]])
                #expect(bad.count == 1)
                #expect((bad.first?["path"] as? String)?.hasSuffix("acme/0123456789ab.yaml") == true)
                #expect((bad.first?["error"] as? String)?.contains("missing key") == true)
            }
        }
    }

    @Test(
        "A served path asked with a method it does not take answers 405 with Allow; an unknown path 404",
        arguments: [
            ("/v1/verify", HTTPRequest.Method.get, "POST"),
            ("/v1/auth", .trace, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            ("/healthz", .post, "GET"), ("/v1/usage", .delete, "GET"),
        ])
    func methodNotAllowed(path: String, method: HTTPRequest.Method, allow: String) async throws {
        let fixture = try Fixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                #expect(response.headers[.cacheControl] == "no-store")
            }
            try await client.execute(uri: path + "x", method: method) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("GET /v1/usage without use tracking answers 404 with a JSON error")
    func usageOff() async throws {
        let fixture = try Fixture()
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/v1/usage", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("usage tracking is off"))
            }
        }
    }
}
