import Testing

@testable import TokenServer

/// Which request targets `/v1/auth` answers, in the event-loop fast path as in the router: the
/// path itself, with any query, and every path under it (Envoy's HTTP `ext_authz` asks
/// `/v1/auth` followed by the guarded request's path); nothing that only starts with the same
/// letters.
@Suite("/v1/auth targets")
struct AuthTargetTests {
    @Test(
        "Answered as /v1/auth",
        arguments: [
            "/v1/auth", "/v1/auth?", "/v1/auth?scope=deals:write", "/v1/auth/", "/v1/auth/deals/7",
            "/v1/auth/deals/7?page=2&scope=x", "/v1/auth//x", "/v1/auth/../metrics", "/v1/auth/?x",
        ])
    func answered(_ target: String) {
        #expect(AuthController.isAuthTarget(target))
    }

    @Test(
        "Not /v1/auth",
        arguments: [
            "/v1/authx", "/v1/auth..", "/v1/authorize", "/v1/auth.json", "/v1/auth%2Fx", "/v1/Auth", "/v1/Auth/x",
            "/v1/aut", "/v1auth", "/v1/verify", "/", "", "v1/auth", "/v1/auth#x", "//v1/auth",
        ])
    func notAnswered(_ target: String) {
        #expect(!AuthController.isAuthTarget(target))
    }
}
