import Glibc

/// The rules for scope names and a token's `scopes` line (SPEC §8): each name matches
/// `^[a-z0-9][a-z0-9._:/-]{0,63}$`, at most 32 of them, written sorted and without repeats.
public enum TokenScope {
    /// The most scopes a token may have.
    public static let maximumCount = 32
    /// The longest scope name, in bytes.
    public static let maximumLength = 64

    /// Whether `name` is a valid scope name.
    public static func isValid(_ name: some StringProtocol) -> Bool {
        isValid(utf8: name.utf8)
    }

    /// Whether `bytes` spell a valid scope name: read in place when they are contiguous, as a
    /// string's and a buffer's are.
    package static func isValid(utf8 bytes: some Collection<UInt8>) -> Bool {
        if let valid = bytes.withContiguousStorageIfAvailable(isValid(contiguous:)) {
            return valid
        }
        return Array(bytes).withUnsafeBufferPointer(isValid(contiguous:))
    }

    private static func isValid(contiguous bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (1...maximumLength).contains(bytes.count), isLowerAlphanumeric(bytes[0]) else { return false }
        for byte in bytes where !isLowerAlphanumeric(byte) && !isPunctuation(byte) {
            return false
        }
        return true
    }

    /// The canonical `scopes` line for `names`: sorted byte by byte, without repeats.
    public static func line(_ names: some Sequence<String>) -> String {
        Set(names).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: " ")
    }

    /// Why `names`, as given to `generate --scope`, cannot be a token's scopes, or `nil` when they
    /// can. Repeats are allowed here (they are dropped when written).
    public static func problem(withNames names: [String]) -> String? {
        if let bad = names.first(where: { !isValid($0) }) {
            return "\(describe(bad)) is not a scope name (a-z, 0-9 first, then a-z 0-9 . _ : / -, at most 64)"
        }
        let count = Set(names).count
        return count > maximumCount ? "\(count) scopes, over the limit of \(maximumCount)" : nil
    }

    /// Checks a `scopes` value from a file: space-separated valid names, at most `limit`, no repeats.
    ///
    /// A line already in canonical order (as tokenctl writes it) is checked in one pass with no
    /// allocation.
    /// - Parameters:
    ///   - limit: The most names allowed.
    ///   - key: The key, for messages.
    /// - Returns: `nil` when the line is canonical, the canonical line's bytes when its names are
    ///   valid but out of order; or the problem, in lowercase words that repeat a name only when it
    ///   is a valid one.
    package static func checkLine(
        _ bytes: UnsafeRawBufferPointer, limit: Int = maximumCount, key: String = "scopes"
    ) -> Result<[UInt8]?, ScopeLineProblem> {
        guard !bytes.isEmpty else { return .failure(.init("\(key) is empty: leave the key out instead")) }
        var (start, count, isSorted) = (0, 0, true)
        var previous: Range<Int>?
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: " ")) ?? bytes.count
            let name = bytes[start..<end]
            count += 1
            guard count <= limit else {
                let total = bytes.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).count
                return .failure(.init("\(total) scopes in \(key), over the limit of \(limit)"))
            }
            guard !name.isEmpty else {
                return .failure(.init("\(key) holds names separated by single spaces"))
            }
            guard isValid(utf8: name) else {
                return .failure(
                    .init(
                        "scope \(count) in \(key) is not a scope name (a-z, 0-9 first, then a-z 0-9 . _ : / -, at most 64)"
                    ))
            }
            if let previous {
                let earlier = bytes[previous]
                if earlier.elementsEqual(name) { return .failure(repeated(name)) }
                isSorted = isSorted && earlier.lexicographicallyPrecedes(name)
            }
            previous = start..<end
            start = end + 1
        }
        guard !isSorted else { return .success(nil) }
        let sorted = bytes.split(separator: UInt8(ascii: " ")).map(Array.init).sorted {
            $0.lexicographicallyPrecedes($1)
        }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier == later {
            return .failure(repeated(later))
        }
        return .success(Array(sorted.joined(separator: [UInt8(ascii: " ")])))
    }

    private static func repeated(_ name: some Collection<UInt8>) -> ScopeLineProblem {
        ScopeLineProblem("scope \"\(String(decoding: name, as: UTF8.self))\" is repeated")
    }

    /// Whether the space-separated `line` holds the name `scope`.
    static func line(_ line: UnsafeBufferPointer<UInt8>, contains scope: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress, let name = scope.baseAddress, !scope.isEmpty else { return false }
        var start = 0
        while start + scope.count <= line.count {
            let end = start + scope.count
            if (end == line.count || base[end] == UInt8(ascii: " ")) && memcmp(base + start, name, scope.count) == 0 {
                return true
            }
            guard let space = memchr(base + start, Int32(UInt8(ascii: " ")), line.count - start) else { return false }
            start = base.distance(to: space.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return false
    }

    /// Whether `byte` is one of the punctuation a name may hold after its first byte: `. _ : / -`.
    @inline(__always)
    private static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-"): true
        default: false
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A rejected name, repeated only when it is short and cannot be a secret.
    private static func describe(_ name: String) -> String {
        name.utf8.count <= maximumLength && !name.hasPrefix(TokenFormat.prefix)
            && name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F })
            ? "\"\(name)\"" : "a scope"
    }
}

/// Why a `scopes` line was refused.
package struct ScopeLineProblem: Error {
    package var message: String

    init(_ message: String) {
        self.message = message
    }
}
