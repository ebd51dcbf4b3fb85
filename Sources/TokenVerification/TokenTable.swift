import Foundation

/// The index's storage: every token as a fixed-size entry in one flat array, names in one byte
/// buffer, repeated strings (workspaces, actors) stored once, and an open-addressing table of
/// entry numbers keyed by hash.
///
/// About 90 bytes per token plus its name, against several hundred for a dictionary of
/// ``TokenRecord`` values with their own strings. Immutable once built, so any number of threads
/// may read it.
final class TokenTable: Sendable {
    /// One token, packed.
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

    static let notRevoked = UInt32.max
    static let rotationFlag: UInt64 = 1 << 63

    /// Every valid file's token, in data-folder order (a hash held by two files has two entries).
    let entries: [Entry]
    /// The names' UTF-8 bytes, back to back.
    let text: [UInt8]
    /// Workspace slugs and actors, each stored once.
    let strings: [String]
    /// `0` for an empty slot, otherwise 1 + the number of the entry that answers for that hash.
    private let slots: [UInt32]
    /// How many distinct hashes the table answers for.
    let count: Int

    init(entries: [Entry], text: [UInt8], strings: [String]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        var slots = [UInt32](repeating: 0, count: capacity)
        var count = 0
        for (number, entry) in entries.enumerated() {
            var slot = Self.firstSlot(entry.hash, capacity: capacity)
            while slots[slot] != 0 {
                let existing = entries[Int(slots[slot]) - 1]
                if existing.hash == entry.hash { break }
                slot = (slot + 1) & (capacity - 1)
            }
            if slots[slot] == 0 {
                count += 1
                slots[slot] = UInt32(number + 1)
            } else if entries[Int(slots[slot]) - 1].revokedBy == Self.notRevoked && entry.revokedBy != Self.notRevoked {
                // A revoked copy wins over an active one, wherever it is.
                slots[slot] = UInt32(number + 1)
            }
        }
        self.entries = entries
        self.text = text
        self.strings = strings
        self.slots = slots
        self.count = count
    }

    /// The number of the entry that answers for `hash`, if any.
    func find(_ hash: TokenDigest) -> Int? {
        var slot = Self.firstSlot(hash, capacity: slots.count)
        while true {
            let held = slots[slot]
            if held == 0 { return nil }
            if entries[Int(held) - 1].hash == hash { return Int(held) - 1 }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// The numbers of the entries that answer for a hash: one per distinct hash.
    var answeringEntries: some Sequence<Int> {
        slots.lazy.filter { $0 != 0 }.map { Int($0) - 1 }
    }

    /// The name of entry `number`.
    func name(_ number: Int) -> String {
        let entry = entries[number]
        return text.withUnsafeBufferPointer {
            String(decoding: $0[entry.nameStart..<entry.nameStart + Int(entry.nameCount)], as: UTF8.self)
        }
    }

    /// The whole record of entry `number`.
    func record(_ number: Int) -> TokenRecord {
        let entry = entries[number]
        return TokenRecord(
            workspace: strings[Int(entry.workspace)], name: name(number), createdBy: strings[Int(entry.createdBy)],
            createdAt: Date(timeIntervalSince1970: entry.createdAt),
            expiresAt: entry.expiresAt == .infinity ? nil : Date(timeIntervalSince1970: entry.expiresAt),
            hash: entry.hash, rotatedFrom: Self.rotatedFromID(entry.rotatedFrom),
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
