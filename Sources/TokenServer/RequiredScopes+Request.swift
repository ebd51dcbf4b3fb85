import HTTPTypes
import TokenVerification

extension RequiredScopes {
    /// The request header a gateway that sets headers rather than a query names scopes in.
    static let header = HTTPField.Name("Token-Required-Scope")

    /// Every scope `request` names: the names in each `scope` query parameter (space-separated, a
    /// `+` or `%20` between them; the parameter's name in any letter case) and in each
    /// `Token-Required-Scope` field (separated by spaces, tabs or commas, as a proxy joins repeated
    /// fields with `, `).
    ///
    /// Whatever cannot be read as scope names fails closed, as a name no token has: a parameter or
    /// field that names no scope (`scope=`, a field of spaces), a name that breaks the name rule,
    /// and a query with a `%` not followed by two hexadecimal digits anywhere (such a parameter
    /// might have been a `scope`). So anything a client adds can only make its own request fail.
    ///
    /// - Parameter request: The request head: its target's query and its header fields.
    init(request: HTTPRequest) {
        self.init()
        if let path = request.path, let mark = path.utf8.firstIndex(of: UInt8(ascii: "?")) {
            addQuery(path[path.utf8.index(after: mark)...])
        }
        if let header = Self.header {
            for field in request.headerFields where field.name == header {
                addList(field.value, separatedBy: { $0 == " " || $0 == "\t" || $0 == "," })
            }
        }
    }

    /// Adds the names in every `scope` parameter of `query` (what follows the `?`).
    private mutating func addQuery(_ query: Substring) {
        for parameter in query.split(separator: "&") {
            let equals = parameter.firstIndex(of: "=")
            guard let name = QueryComponent.decode(parameter[..<(equals ?? parameter.endIndex)]),
                let value = QueryComponent.decode(equals.map { parameter[parameter.index(after: $0)...] } ?? "")
            else {
                failClosed()
                continue
            }
            if name.utf8.elementsEqual("scope".utf8, by: { $0 | 0x20 == $1 }) {
                addList(value, separatedBy: { $0 == " " })
            }
        }
    }

    /// Adds the names in one parameter or field; one that names none fails closed.
    private mutating func addList(_ list: some StringProtocol, separatedBy isSeparator: (Character) -> Bool) {
        var named = false
        for name in list.split(whereSeparator: isSeparator) {
            add(name)
            named = true
        }
        if !named {
            failClosed()
        }
    }

    /// Requires a name that no token can have, so that every scope check fails.
    private mutating func failClosed() {
        add("")
    }
}
