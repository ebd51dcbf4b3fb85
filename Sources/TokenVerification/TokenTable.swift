import Foundation

/// The index's storage: every token as a fixed-size entry, names in one byte buffer, repeated
/// strings (workspaces, actors) stored once, and an open-addressing table of entry numbers keyed
/// by hash.
///
/// About 90 bytes per token plus its name, against several hundred for a dictionary of
/// ``TokenRecord`` values with their own strings. What a verification reads (the hash, expiry,
/// tombstone and workspace) sits in one 64-byte cache line per token, so a lookup in a large index
/// costs two cache misses: the slot and that line. Immutable once built, so any number of threads
/// may read it.
final class TokenTable: @unchecked Sendable {
    /// One token, packed: what the builder collects and ``entry(_:)`` reassembles.
    struct Entry {
        var hash: TokenDigest
        var createdAt: Double
        /// `.infinity` when the token never expires.
        var expiresAt: Double
        var revokedAt: Double
        /// Where the name's UTF-8 bytes start in ``TokenTable/text``.
        var nameStart: Int
        /// `0` when there is no predecessor; otherwise ``TokenTable/rotationFlag`` | the 48-bit id.
        var rotatedFrom: UInt64
        /// Indexes into ``TokenTable/strings``.
        var workspace: UInt32
        var createdBy: UInt32
        /// ``TokenTable/notRevoked`` when the token has no tombstone.
        var revokedBy: UInt32
        var nameCount: UInt32
    }

    /// The part of an entry that verification reads: exactly 64 bytes.
    struct HotEntry {
        var hash: TokenDigest
        var expiresAt: Double
        var revokedAt: Double
        var workspace: UInt32
        var createdBy: UInt32
        var revokedBy: UInt32
        var nameCount: UInt32
    }

    /// The rest.
    private struct ColdEntry {
        var createdAt: Double
        var nameStart: Int
        var rotatedFrom: UInt64
    }

    static let notRevoked = UInt32.max
    static let rotationFlag: UInt64 = 1 << 63
    private static let cacheLine = 64

    /// How many entries there are: every valid file's token, in data-folder order (a hash held by
    /// two files has two entries).
    let entryCount: Int
    /// The hot parts, one cache line each, in memory aligned to a cache line.
    let hot: UnsafeBufferPointer<HotEntry>
    private let cold: [ColdEntry]
    /// The names' UTF-8 bytes, back to back.
    let text: [UInt8]
    /// Workspace slugs and actors, each stored once.
    let strings: [String]
    /// `0` for an empty slot, otherwise 1 + the number of the entry that answers for that hash.
    private let slots: [UInt32]
    /// How many distinct hashes the table answers for.
    let count: Int

    init(entries: [Entry], text: [UInt8], strings: [String]) {
        assert(MemoryLayout<HotEntry>.stride == Self.cacheLine)
        let memory = Self.allocateLines(max(entries.count, 1))
        let hot = UnsafeMutableBufferPointer(
            start: memory.bindMemory(to: HotEntry.self, capacity: entries.count), count: entries.count)
        _ = hot.initialize(
            from: entries.lazy.map {
                HotEntry(
                    hash: $0.hash, expiresAt: $0.expiresAt, revokedAt: $0.revokedAt, workspace: $0.workspace,
                    createdBy: $0.createdBy, revokedBy: $0.revokedBy, nameCount: $0.nameCount)
            })
        self.hot = UnsafeBufferPointer(hot)
        self.cold = entries.map {
            ColdEntry(createdAt: $0.createdAt, nameStart: $0.nameStart, rotatedFrom: $0.rotatedFrom)
        }
        self.entryCount = entries.count
        self.text = text
        self.strings = strings
        (self.slots, self.count) = Self.slots(for: self.hot)
    }

    deinit {
        UnsafeMutableRawPointer(mutating: hot.baseAddress)?.deallocate()
    }

    /// Memory for `count` cache lines. A large table is aligned to 2 MiB and asks Linux for huge
    /// pages (`MADV_HUGEPAGE`, honoured when transparent huge pages are in `madvise` or `always`
    /// mode), so that a lookup in a large index does not also miss the TLB.
    private static func allocateLines(_ count: Int) -> UnsafeMutableRawPointer {
        let byteCount = count * cacheLine
        guard byteCount >= hugePage else {
            return UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: cacheLine)
        }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: hugePage)
        #if os(Linux)
            _ = madvise(memory, byteCount, MADV_HUGEPAGE)
        #endif
        return memory
    }

    private static let hugePage = 2 << 20

    /// The open-addressing table over `hot`, at most half full, and how many distinct hashes it holds.
    private static func slots(for hot: UnsafeBufferPointer<HotEntry>) -> ([UInt32], Int) {
        var capacity = 16
        while capacity < hot.count * 2 { capacity *= 2 }
        var slots = [UInt32](repeating: 0, count: capacity)
        var count = 0
        for (number, entry) in hot.enumerated() {
            var slot = firstSlot(entry.hash, capacity: capacity)
            while slots[slot] != 0 && hot[Int(slots[slot]) - 1].hash != entry.hash {
                slot = (slot + 1) & (capacity - 1)
            }
            if slots[slot] == 0 {
                count += 1
                slots[slot] = UInt32(number + 1)
            } else if hot[Int(slots[slot]) - 1].revokedBy == notRevoked && entry.revokedBy != notRevoked {
                // A revoked copy wins over an active one, wherever it is.
                slots[slot] = UInt32(number + 1)
            }
        }
        return (slots, count)
    }

    /// The number of the entry that answers for `hash`, if any.
    func find(_ hash: TokenDigest) -> Int? {
        var slot = Self.firstSlot(hash, capacity: slots.count)
        while true {
            let held = slots[slot]
            if held == 0 { return nil }
            if hot[Int(held) - 1].hash == hash { return Int(held) - 1 }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// The numbers of the entries that answer for a hash: one per distinct hash.
    var answeringEntries: some Sequence<Int> {
        slots.lazy.filter { $0 != 0 }.map { Int($0) - 1 }
    }

    /// Entry `number`, whole.
    func entry(_ number: Int) -> Entry {
        let hot = hot[number]
        let cold = cold[number]
        return Entry(
            hash: hot.hash, createdAt: cold.createdAt, expiresAt: hot.expiresAt, revokedAt: hot.revokedAt,
            nameStart: cold.nameStart, rotatedFrom: cold.rotatedFrom, workspace: hot.workspace,
            createdBy: hot.createdBy, revokedBy: hot.revokedBy, nameCount: hot.nameCount)
    }

    /// When entry `number` was created.
    func createdAt(_ number: Int) -> Double { cold[number].createdAt }

    /// The packed predecessor id of entry `number`.
    func rotatedFrom(_ number: Int) -> UInt64 { cold[number].rotatedFrom }

    /// The name of entry `number`.
    func name(_ number: Int) -> String {
        let start = cold[number].nameStart
        let count = Int(hot[number].nameCount)
        return text.withUnsafeBufferPointer { String(decoding: $0[start..<start + count], as: UTF8.self) }
    }

    /// The whole record of entry `number`.
    func record(_ number: Int) -> TokenRecord {
        let entry = hot[number]
        return TokenRecord(
            workspace: strings[Int(entry.workspace)], name: name(number), createdBy: strings[Int(entry.createdBy)],
            createdAt: Date(timeIntervalSince1970: createdAt(number)),
            expiresAt: entry.expiresAt == .infinity ? nil : Date(timeIntervalSince1970: entry.expiresAt),
            hash: entry.hash, rotatedFrom: Self.rotatedFromID(rotatedFrom(number)),
            revocation: entry.revokedBy == Self.notRevoked
                ? nil
                : .init(
                    revokedBy: strings[Int(entry.revokedBy)], revokedAt: Date(timeIntervalSince1970: entry.revokedAt)))
    }

    /// The 12 hex digits of a packed predecessor id, or `nil` for none.
    static func rotatedFromID(_ packed: UInt64) -> String? {
        guard packed & rotationFlag != 0 else { return nil }
        let id = String(packed & ~rotationFlag, radix: 16)
        return String(repeating: "0", count: 12 - id.count) + id
    }

    private static func firstSlot(_ hash: TokenDigest, capacity: Int) -> Int {
        Int(truncatingIfNeeded: hash.firstWord) & (capacity - 1)
    }
}
