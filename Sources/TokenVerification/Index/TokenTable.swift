import Foundation
import Glibc

/// The index's storage: an open-addressing hash table whose slots hold what a verification reads
/// (hash, expiry, creation, tombstone, workspace, scopes) in one 64-byte cache line each, the rest of every token in
/// a compact array beside it, names in one byte buffer, and repeated strings (workspaces, actors)
/// stored once.
///
/// A lookup reads the slots from the hash's home slot on, so finding a token in a large index costs
/// one cache miss, not a miss for a slot and another for the entry it points to. The table is at
/// most 60% full. Immutable once built, so any number of threads may read it.
final class TokenTable: @unchecked Sendable {
    /// One token, whole: what the builder collects and ``entry(_:)`` reassembles.
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
        /// The index into ``TokenTable/strings`` of the token's `scopes` line (sorted names), or
        /// ``TokenTable/unscoped``.
        var scopes: UInt32
    }

    /// A slot of the hash table: exactly one 64-byte cache line.
    struct Slot {
        var hash: TokenDigest
        var expiresAt: Double
        var createdAt: Double
        var workspace: UInt32
        var revokedBy: UInt32
        var scopes: UInt32
        /// `0` for a slot that holds no token (all-zero memory is an empty table); otherwise 1 + the
        /// entry's number, with ``TokenTable/shadowedFlag`` when an earlier slot holds the same hash,
        /// and ``TokenTable/ambiguousFlag`` on the answering slot of a hash that stands active in two
        /// entries, none of them revoked.
        var entry: UInt32

        /// The slot of entry `number`, with `flags`.
        init(_ entry: Entry, number: Int, flags: UInt32) {
            self.hash = entry.hash
            self.expiresAt = entry.expiresAt
            self.createdAt = entry.createdAt
            self.workspace = entry.workspace
            self.revokedBy = entry.revokedBy
            self.scopes = entry.scopes
            self.entry = UInt32(number + 1) | flags
        }
    }

    /// The rest of an entry, in entry order.
    struct ColdEntry {
        var revokedAt: Double
        var nameStart: Int
        var rotatedFrom: UInt64
        var nameCount: UInt32
        /// Where the entry's slot is; ``TokenTable/removedEntry`` for an entry a patch removed.
        var slot: UInt32
        var createdBy: UInt32

        /// The cold part of `entry`, whose slot is not placed yet.
        init(_ entry: Entry) {
            self.revokedAt = entry.revokedAt
            self.nameStart = entry.nameStart
            self.rotatedFrom = entry.rotatedFrom
            self.nameCount = entry.nameCount
            self.slot = 0
            self.createdBy = entry.createdBy
        }
    }

    static let notRevoked = UInt32.max
    /// The scopes number of a token without `scopes`.
    static let unscoped = UInt32.max
    static let rotationFlag: UInt64 = 1 << 63
    static let shadowedFlag: UInt32 = 1 << 31
    static let ambiguousFlag: UInt32 = 1 << 30
    /// The slot number of an entry that a patch removed.
    static let removedEntry = UInt32.max
    private static let cacheLine = 64
    private static let hugePage = 2 << 20

    /// How many entries there are: every valid file's token (a hash held by two files has two
    /// entries: the revoked one answers, or none when both are active), and the entries a patch
    /// removed, which keep their numbers.
    var entryCount: Int { cold.count }
    let slots: UnsafeMutableBufferPointer<Slot>
    /// What `malloc` returned for the slots, which start at the next cache line.
    private let slotMemory: UnsafeMutableRawPointer
    let cold: [ColdEntry]
    /// The names' UTF-8 bytes, back to back.
    let text: [UInt8]
    /// Workspace slugs and actors, each stored once.
    let strings: [String]
    /// How many distinct hashes the table answers for.
    let count: Int
    /// The entries whose hash stands active in another entry too, with no revoked copy anywhere:
    /// no copy grants anything (which workspace would it be?). Empty unless a file was copied.
    let ambiguousEntries: [Int]
    /// How many entries a patch removed.
    let removedCount: Int
    /// Whether the entries are in data-folder order (workspace, then file name): a patch appends.
    let isInFolderOrder: Bool
    /// The last minute each slot's token answered a valid request, noted by the verifier that
    /// tracks use; a new table starts with none (``TokenIndex`` carries them over by hash).
    let lastUse: LastUseMinutes

    /// A table of `entries`, in data-folder order, whose names are in `text`.
    convenience init(entries: [Entry], text: [UInt8], strings: [String]) {
        precondition(entries.count < Int(Self.ambiguousFlag), "more tokens than a table can number")
        assert(MemoryLayout<Slot>.stride == Self.cacheLine)
        let capacity = max(16, entries.count * 5 / 3 + 1)
        let (slotMemory, slots) = Self.allocateSlots(capacity, zeroed: true)
        var cold = entries.map(ColdEntry.init)
        // Revoked entries go in first, so that a revoked copy of a hash is met before an active one:
        // the first slot a probe meets with a hash is the one that answers for it.
        var distinct = 0
        var ambiguous: [Int] = []
        for revoked in [true, false] {
            for (number, entry) in entries.enumerated() where (entry.revokedBy != Self.notRevoked) == revoked {
                var slot = Self.homeSlot(entry.hash, capacity: capacity)
                var answering: Int?
                while slots[slot].entry != 0 {
                    if answering == nil && slots[slot].hash == entry.hash {
                        answering = slot
                    }
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
                if let answering, slots[answering].revokedBy == Self.notRevoked {
                    if slots[answering].entry & Self.ambiguousFlag == 0 {
                        slots[answering].entry |= Self.ambiguousFlag
                        ambiguous.append(Self.entryNumber(slots[answering]))
                        distinct -= 1
                    }
                    ambiguous.append(number)
                }
                slots[slot] = Slot(entry, number: number, flags: answering == nil ? 0 : Self.shadowedFlag)
                cold[number].slot = UInt32(slot)
                distinct += answering == nil ? 1 : 0
            }
        }
        self.init(
            slotMemory: slotMemory, slots: slots, cold: cold, text: text, strings: strings, count: distinct,
            ambiguousEntries: ambiguous, removedCount: 0, isInFolderOrder: true)
    }

    /// A table of the parts given, which the slots' memory now belongs to.
    init(
        slotMemory: UnsafeMutableRawPointer, slots: UnsafeMutableBufferPointer<Slot>, cold: [ColdEntry],
        text: [UInt8], strings: [String], count: Int, ambiguousEntries: [Int], removedCount: Int,
        isInFolderOrder: Bool
    ) {
        self.slotMemory = slotMemory
        self.slots = slots
        self.cold = cold
        self.text = text
        self.strings = strings
        self.count = count
        self.ambiguousEntries = ambiguousEntries
        self.removedCount = removedCount
        self.isInFolderOrder = isInFolderOrder
        self.lastUse = LastUseMinutes(count: slots.count)
    }

    deinit {
        free(slotMemory)
    }

    /// Slots for `capacity` tokens, starting on a cache line: empty ones from `calloc` when
    /// `zeroed` (a large table comes straight from fresh zeroed pages, so an empty table costs no
    /// writes), else uninitialized ones from `malloc`, to be copied over. Empty slots are given
    /// huge pages at once (``adviseHugePages(_:)``); slots to be copied over should be given them
    /// after the copy.
    static func allocateSlots(
        _ capacity: Int, zeroed: Bool
    ) -> (memory: UnsafeMutableRawPointer, slots: UnsafeMutableBufferPointer<Slot>) {
        guard let memory = zeroed ? calloc(capacity + 1, cacheLine) : malloc((capacity + 1) * cacheLine) else {
            preconditionFailure("out of memory for a token table of \(capacity) slots")
        }
        let start = memory.alignedUp(toMultipleOf: cacheLine)
        let slots = UnsafeMutableBufferPointer(
            start: start.bindMemory(to: Slot.self, capacity: capacity), count: capacity)
        if zeroed {
            adviseHugePages(slots)
        }
        return (memory, slots)
    }

    /// Asks Linux for huge pages under `slots` (`MADV_HUGEPAGE`, honoured when transparent huge
    /// pages are in `madvise` or `always` mode), so that a lookup does not also miss the TLB. Pages
    /// already touched are made huge later, in the background; advising before a copy would make
    /// each fault of the copy wait for the kernel to compact memory.
    static func adviseHugePages(_ slots: UnsafeMutableBufferPointer<Slot>) {
        let byteCount = slots.count * cacheLine
        guard byteCount >= hugePage, let start = UnsafeMutableRawPointer(slots.baseAddress) else { return }
        let first = start.alignedDown(toMultipleOf: Int(getpagesize()))
        _ = madvise(first, byteCount + (start - first), MADV_HUGEPAGE)
    }

    /// The slot that answers for `hash`, if any token has it and it is not ambiguous.
    func find(_ hash: TokenDigest) -> Int? {
        var slot = Self.homeSlot(hash, capacity: slots.count)
        while slots[slot].entry != 0 {
            if slots[slot].hash == hash { return slots[slot].entry & Self.ambiguousFlag == 0 ? slot : nil }
            slot = slot + 1 == slots.count ? 0 : slot + 1
        }
        return nil
    }

    /// Slot `index`, which ``find(_:)`` or ``answeringSlots`` gave.
    func slot(_ index: Int) -> Slot { slots[index] }

    /// The slots that answer for a hash: one per distinct hash that is not ambiguous.
    var answeringSlots: some Sequence<Int> {
        slots.indices.lazy.filter {
            self.slots[$0].entry != 0 && self.slots[$0].entry & (Self.shadowedFlag | Self.ambiguousFlag) == 0
        }
    }

    /// Whether entry `number` is still in the table (a patch may have removed it).
    func isPresent(entry number: Int) -> Bool {
        cold[number].slot != Self.removedEntry
    }

    /// The hash of entry `number`.
    func hash(ofEntry number: Int) -> TokenDigest {
        slots[Int(cold[number].slot)].hash
    }

    /// Entry `number`, whole.
    func entry(_ number: Int) -> Entry {
        let cold = cold[number]
        let hot = slots[Int(cold.slot)]
        return Entry(
            hash: hot.hash, createdAt: hot.createdAt, expiresAt: hot.expiresAt, revokedAt: cold.revokedAt,
            nameStart: cold.nameStart, rotatedFrom: cold.rotatedFrom, workspace: hot.workspace,
            createdBy: cold.createdBy, revokedBy: hot.revokedBy, nameCount: cold.nameCount, scopes: hot.scopes)
    }

    /// Who created the token in slot `index`.
    func createdBy(slot index: Int) -> String { strings[Int(coldEntry(slot: index).createdBy)] }

    /// The packed predecessor id of the token in slot `index`.
    func rotatedFrom(slot index: Int) -> UInt64 { coldEntry(slot: index).rotatedFrom }

    /// The name of the token in slot `index`.
    func name(slot index: Int) -> String {
        let cold = coldEntry(slot: index)
        return text.withUnsafeBufferPointer {
            String(decoding: $0[cold.nameStart..<cold.nameStart + Int(cold.nameCount)], as: UTF8.self)
        }
    }

    /// The whole record of the token in slot `index`.
    func record(slot index: Int) -> TokenRecord {
        record(entry: Self.entryNumber(slots[index]))
    }

    /// Where entry `number` is in the hash table; the entry must be present.
    func slot(ofEntry number: Int) -> Int {
        Int(cold[number].slot)
    }

    /// The whole record of entry `number`.
    func record(entry number: Int) -> TokenRecord {
        let entry = entry(number)
        let name = text.withUnsafeBufferPointer {
            String(decoding: $0[entry.nameStart..<entry.nameStart + Int(entry.nameCount)], as: UTF8.self)
        }
        return TokenRecord(
            workspace: strings[Int(entry.workspace)], name: name, createdBy: strings[Int(entry.createdBy)],
            createdAt: Date(timeIntervalSince1970: entry.createdAt),
            expiresAt: entry.expiresAt == .infinity ? nil : Date(timeIntervalSince1970: entry.expiresAt),
            scopes: scopeNames(entry.scopes), hash: entry.hash, rotatedFrom: Self.rotatedFromID(entry.rotatedFrom),
            revocation: entry.revokedBy == Self.notRevoked
                ? nil
                : .init(
                    revokedBy: strings[Int(entry.revokedBy)], revokedAt: Date(timeIntervalSince1970: entry.revokedAt)))
    }

    /// The names of scopes line `number`, or `nil` for ``unscoped``.
    func scopeNames(_ number: UInt32) -> [String]? {
        number == Self.unscoped ? nil : strings[Int(number)].split(separator: " ").map(String.init)
    }

    /// The 12 hex digits of a packed predecessor id, or `nil` for none.
    static func rotatedFromID(_ packed: UInt64) -> String? {
        guard packed & rotationFlag != 0 else { return nil }
        let id = String(packed & ~rotationFlag, radix: 16)
        return String(repeating: "0", count: 12 - id.count) + id
    }

    private func coldEntry(slot index: Int) -> ColdEntry {
        cold[Self.entryNumber(slots[index])]
    }

    /// The number of the entry an occupied slot holds.
    static func entryNumber(_ slot: Slot) -> Int {
        Int(slot.entry & ~(shadowedFlag | ambiguousFlag)) - 1
    }

    /// Where a hash's probe starts: its first word scaled onto the table.
    static func homeSlot(_ hash: TokenDigest, capacity: Int) -> Int {
        Int(truncatingIfNeeded: hash.firstWord.multipliedFullWidth(by: UInt64(capacity)).high)
    }
}
