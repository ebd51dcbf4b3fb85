/// The scopes a request requires (SPEC §6, §8): every name in every `scope` query parameter and
/// every `Token-Required-Scope` header, so a client that adds one can only fail its own request.
public struct RequiredScopes: Hashable, Sendable {
    /// The valid names required, sorted and without repeats.
    public private(set) var names: [String] = []
    /// Whether a name that cannot be a scope was required: no token has it, so every check fails.
    public private(set) var hasInvalidName = false

    /// No scope required.
    public init() {}

    /// Requires every name in `names`.
    public init(_ names: some Sequence<some StringProtocol>) {
        for name in names {
            add(name)
        }
    }

    /// Whether nothing is required.
    public var isEmpty: Bool { names.isEmpty && !hasInvalidName }

    /// Requires the one scope `name`.
    public mutating func add(_ name: some StringProtocol) {
        add(if: TokenScope.isValid(name)) { String(name) }
    }

    /// Requires the one scope whose name is the UTF-8 `bytes`, read in place (a string is made
    /// only for a valid name).
    package mutating func add(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        add(if: TokenScope.isValid(utf8: bytes)) { String(decoding: bytes, as: UTF8.self) }
    }

    /// Requires the name `makeName` makes when `isValid`, and records an invalid name otherwise.
    private mutating func add(if isValid: Bool, _ makeName: () -> String) {
        guard isValid else {
            hasInvalidName = true
            return
        }
        insert(makeName())
    }

    private mutating func insert(_ name: String) {
        let place = names.partitioningIndex { !$0.utf8.lexicographicallyPrecedes(name.utf8) }
        if place == names.endIndex || names[place] != name {
            names.insert(name, at: place)
        }
    }

    /// Requires every name in a space-separated list, such as a `Token-Required-Scope` value.
    public mutating func add(spaceSeparated list: some StringProtocol) {
        for name in list.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            add(name)
        }
    }

    /// The valid names, space-separated: what `WWW-Authenticate`'s `scope` attribute lists. It
    /// never holds an invalid name, which could carry a quote or a secret, nor a valid one shaped
    /// like a token (`tok_` and more than three base62 characters, such as a lowercased secret).
    public var line: String {
        names.lazy.filter { TokenFormat.maskingTokenShapes(in: $0) == $0 }.joined(separator: " ")
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for an array where those come last.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var (low, high) = (startIndex, endIndex)
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }
}
