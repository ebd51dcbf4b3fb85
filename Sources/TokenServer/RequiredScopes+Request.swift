import HTTPTypes
import TokenVerification

extension RequiredScopes {
    /// The request header a gateway that sets headers rather than a query names scopes in.
    static let headerName = "Token-Required-Scope"
    private static let header = HTTPField.Name(headerName)

    /// Whether a header field's name is ``headerName`` in any letter case.
    static func isHeaderName(_ name: String) -> Bool {
        name.utf8.elementsEqual(headerName.utf8) { byte, expected in
            let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            return byte == expected || (isLetter && byte ^ 0x20 == expected)
        }
    }

    /// Every scope `request` names (see ``init(target:headerValues:)``).
    ///
    /// - Parameter request: The request head: its target's query and its header fields.
    init(request: HTTPRequest) {
        var values: [String] = []
        if let header = Self.header {
            for field in request.headerFields where field.name == header {
                values.append(field.value)
            }
        }
        self.init(target: request.path, headerValues: values)
    }

    /// Every scope a request names: the names in each `scope` query parameter of `target` (its
    /// path and query; space-separated, a `+` or `%20` between them; the parameter's name in any
    /// letter case) and in each `Token-Required-Scope` field's value in `headerValues` (separated
    /// by spaces, tabs or commas, as a proxy joins repeated fields with `, `).
    ///
    /// Whatever cannot be read as scope names fails closed, as a name no token has: a parameter or
    /// field that names no scope (`scope=`, a field of spaces), a name that breaks the name rule,
    /// and a query with a `%` not followed by two hexadecimal digits anywhere (such a parameter
    /// might have been a `scope`). So anything a client adds can only make its own request fail.
    init(target: String?, headerValues: some Sequence<String>) {
        self.init()
        if let target, let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            addQuery(target[target.utf8.index(after: mark)...].utf8)
        }
        for value in headerValues {
            addNames(value[...].utf8) { $0 == space || $0 == tab || $0 == comma }
        }
    }

    /// Adds the names in every `scope` parameter of `query` (what follows the `?`).
    private mutating func addQuery(_ query: Substring.UTF8View) {
        var start = query.startIndex
        while start < query.endIndex {
            let end = query[start...].firstIndex(of: UInt8(ascii: "&")) ?? query.endIndex
            let parameter = query[start..<end]
            start = end < query.endIndex ? query.index(after: end) : end
            guard !parameter.isEmpty else { continue }
            let equals = parameter.firstIndex(of: UInt8(ascii: "="))
            let value = equals.map { parameter[parameter.index(after: $0)...] } ?? parameter[parameter.endIndex...]
            guard let name = QueryComponent.decode(parameter[..<(equals ?? parameter.endIndex)]),
                let value = QueryComponent.decode(value)
            else {
                failClosed()
                continue
            }
            if name.utf8.elementsEqual("scope".utf8, by: { $0 | 0x20 == $1 }) {
                addNames(value.utf8) { $0 == space }
            }
        }
    }

    /// Adds the names in one parameter or field, separated by the bytes `isSeparator` accepts; one
    /// that names none fails closed.
    private mutating func addNames(_ list: Substring.UTF8View, separatedBy isSeparator: (UInt8) -> Bool) {
        let named =
            list.withContiguousStorageIfAvailable { addNames(in: $0, separatedBy: isSeparator) }
            ?? Array(list).withUnsafeBufferPointer { addNames(in: $0, separatedBy: isSeparator) }
        if !named {
            failClosed()
        }
    }

    /// Adds the names in `bytes`, read in place; returns whether there was one.
    private mutating func addNames(
        in bytes: UnsafeBufferPointer<UInt8>, separatedBy isSeparator: (UInt8) -> Bool
    ) -> Bool {
        var named = false
        var start = 0
        while true {
            while start < bytes.count && isSeparator(bytes[start]) {
                start += 1
            }
            guard start < bytes.count else { return named }
            var end = start
            while end < bytes.count && !isSeparator(bytes[end]) {
                end += 1
            }
            add(utf8: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            named = true
            start = end
        }
    }

    /// Requires a name that no token can have, so that every scope check fails.
    private mutating func failClosed() {
        add("")
    }
}

private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let comma = UInt8(ascii: ",")
