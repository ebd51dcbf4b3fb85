/// Collects tokens, from parsed files or from a previous table, into a new ``TokenTable``.
struct TokenTableBuilder {
    private var entries: [TokenTable.Entry] = []
    private var text: [UInt8] = []
    private var strings: [String] = []
    private var stringNumbers: [String: UInt32] = [:]
    /// For the table entries are being copied from: its string numbers to ours (`.max` until met).
    private var copiedFrom: ObjectIdentifier?
    private var copiedStrings: [UInt32] = []
    private var lastWorkspace: (String, UInt32)?
    /// String numbers by the hash of their UTF-8 bytes, to intern bytes without making a string.
    private var numbersByHash: [Int: UInt32] = [:]

    /// Prepares for about `count` tokens.
    init(expectedCount count: Int = 0) {
        entries.reserveCapacity(count)
    }

    /// Makes room for `count` tokens in all, so that adding up to that many does not grow the table.
    mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    /// Adds a parsed file's checked values, whose free text is in `labelBytes`; returns the entry's
    /// number.
    mutating func add(_ checked: FieldValues.Checked, labelBytes: [UInt8], workspace: String) -> Int {
        labelBytes.withUnsafeBytes { labels in
            func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: labels[range])
            }
            var packedRotation: UInt64 = 0
            if let predecessor = checked.rotatedFrom {
                packedRotation =
                    TokenTable.rotationFlag | bytes(predecessor).reduce(0) { $0 << 4 | UInt64(Hex.nibble($1)) }
            }
            return add(
                TokenTable.Entry(
                    hash: checked.hash, createdAt: checked.createdAt.timeIntervalSince1970,
                    expiresAt: checked.expiresAt?.timeIntervalSince1970 ?? .infinity,
                    revokedAt: checked.revocation?.revokedAt.timeIntervalSince1970 ?? 0, nameStart: 0,
                    rotatedFrom: packedRotation, workspace: workspaceNumber(workspace),
                    createdBy: number(ofUTF8: bytes(checked.createdBy)),
                    revokedBy: checked.revocation.map { number(ofUTF8: bytes($0.revokedBy)) } ?? TokenTable.notRevoked,
                    nameCount: 0, scopes: checked.scopes.map { number(ofUTF8: bytes($0)) } ?? TokenTable.unscoped),
                name: bytes(checked.name))
        }
    }

    /// Copies entry `number` of `table`, unchanged.
    ///
    /// - Returns: Its entry number in the table being built.
    mutating func copy(_ number: Int, of table: TokenTable) -> Int {
        if copiedFrom != ObjectIdentifier(table) {
            copiedFrom = ObjectIdentifier(table)
            copiedStrings = [UInt32](repeating: .max, count: table.strings.count)
        }
        var entry = table.entry(number)
        entry.renumberStrings { copiedString($0, of: table) }
        return table.text.withUnsafeBufferPointer {
            add(entry, name: $0[entry.nameStart..<entry.nameStart + Int(entry.nameCount)])
        }
    }

    /// Appends every entry of `other`, renumbering its strings into this builder's; returns the
    /// number `other`'s first entry has here.
    mutating func append(_ other: TokenTableBuilder) -> Int {
        let first = entries.count
        let renumbered = other.strings.map { number(of: $0) }
        let textOffset = text.count
        text.append(contentsOf: other.text)
        entries.reserveCapacity(entries.count + other.entries.count)
        for var entry in other.entries {
            entry.nameStart += textOffset
            entry.renumberStrings { renumbered[Int($0)] }
            entries.append(entry)
        }
        return first
    }

    /// Puts the entries in a new order: entry `n` becomes what entry `order[n]` was.
    ///
    /// - Parameter order: A permutation of the entry numbers.
    mutating func reorder(_ order: [Int]) {
        precondition(order.count == entries.count, "a new order for every entry")
        entries = order.map { entries[$0] }
    }

    /// `table` with entries `removed` taken out and this builder's entries put in, numbered from
    /// its ``TokenTable/entryCount`` on in the order they were added.
    ///
    /// - Precondition: The result fits `table`'s slots (``TokenTable/fits(_:)``).
    func patch(_ table: TokenTable, removing removed: [Int]) -> TokenTable {
        guard !removed.isEmpty || !entries.isEmpty else { return table }
        var strings = table.strings
        var numbers = [String: UInt32](minimumCapacity: strings.count + self.strings.count)
        for (number, string) in strings.enumerated() {
            numbers[string] = UInt32(number)
        }
        let renumbered = self.strings.map { string in
            if let known = numbers[string] { return known }
            strings.append(string)
            numbers[string] = UInt32(strings.count - 1)
            return UInt32(strings.count - 1)
        }
        let textOffset = table.text.count
        let added = entries.map { entry in
            var entry = entry
            entry.nameStart += textOffset
            entry.renumberStrings { renumbered[Int($0)] }
            return entry
        }
        return table.patched(removing: removed, adding: added, text: table.text + text, strings: strings)
    }

    /// The finished table, its arrays trimmed to their contents.
    func build() -> TokenTable {
        TokenTable(entries: Self.trimmed(entries), text: Self.trimmed(text), strings: strings)
    }

    /// A copy of `array` with no spare capacity, so the table keeps no growth slack.
    private static func trimmed<Element>(_ array: [Element]) -> [Element] {
        guard array.capacity > array.count else { return array }
        // Not through `unsafeUninitializedCapacity`, which stores the count 0 into the runtime's
        // shared empty-array object: a data race between threads that each build an empty table.
        guard !array.isEmpty else { return [] }
        return [Element](unsafeUninitializedCapacity: array.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: array)
        }
    }

    private mutating func add(_ entry: TokenTable.Entry, name: some Collection<UInt8>) -> Int {
        var entry = entry
        entry.nameStart = text.count
        entry.nameCount = UInt32(name.count)
        text.append(contentsOf: name)
        entries.append(entry)
        return entries.count - 1
    }

    /// Our number for string `number` of `table`, the table entries are being copied from.
    private mutating func copiedString(_ number: UInt32, of table: TokenTable) -> UInt32 {
        if copiedStrings[Int(number)] == .max {
            copiedStrings[Int(number)] = self.number(of: table.strings[Int(number)])
        }
        return copiedStrings[Int(number)]
    }

    /// The number of a workspace's name; files arrive workspace by workspace, so it is usually the
    /// previous record's.
    private mutating func workspaceNumber(_ workspace: String) -> UInt32 {
        if let (name, number) = lastWorkspace, name == workspace { return number }
        let number = number(of: workspace)
        lastWorkspace = (workspace, number)
        return number
    }

    private mutating func number(ofUTF8 bytes: UnsafeRawBufferPointer) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        let hash = hasher.finalize()
        if let known = numbersByHash[hash], Self.spells(strings[Int(known)], bytes) {
            return known
        }
        let number = number(of: String(decoding: bytes, as: UTF8.self))
        numbersByHash[hash] = number
        return number
    }

    /// Whether `string`'s UTF-8 is `bytes`, compared in place.
    private static func spells(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var string = string
        return string.withUTF8 { UnsafeRawBufferPointer($0).holdsSameBytes(as: bytes) }
    }

    private mutating func number(of string: String) -> UInt32 {
        if let known = stringNumbers[string] { return known }
        let number = UInt32(strings.count)
        strings.append(string)
        stringNumbers[string] = number
        return number
    }
}

extension TokenTable.Entry {
    /// Gives the entry's strings (workspace, creator, revoker, scopes) their numbers in another table.
    fileprivate mutating func renumberStrings(_ renumber: (UInt32) -> UInt32) {
        workspace = renumber(workspace)
        createdBy = renumber(createdBy)
        if revokedBy != TokenTable.notRevoked {
            revokedBy = renumber(revokedBy)
        }
        if scopes != TokenTable.unscoped {
            scopes = renumber(scopes)
        }
    }
}
