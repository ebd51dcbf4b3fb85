/// Header lines a client forges to pose as a token of another workspace, and how a test reads
/// the `Token-*` lines a gateway passed on.
enum ForgedTokenHeaders {
    /// Forged `Token-*` headers in several letter cases, repeated, and with an underscore.
    static let lines = [
        "Token-Workspace: victim", "token-workspace: victim", "TOKEN-ID: 0123456789ab", "Token-Id: 0123456789ab",
        "Token-Scopes: admin", "token-scopes: admin", "Token-Required-Scope: none", "Token_Workspace: victim",
        "Token-Workspace: victim", "tOKEN-sCOPES: admin", "token_id: 0123456789ab",
    ]

    /// The header lines about tokens (`Token-…`, `Token_…`, any case) in one request head, as sent.
    static func tokenLines(_ head: String?) -> [String] {
        (head ?? "").components(separatedBy: "\r\n").dropFirst().filter { $0.lowercased().hasPrefix("token") }
    }
}
