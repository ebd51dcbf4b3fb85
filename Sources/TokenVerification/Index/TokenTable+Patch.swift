import Glibc

/// A new table made from an old one by taking some entries out and putting others in, at a cost
/// that grows with the change rather than with the table: the slots are copied whole, and only the
/// hashes the change touches are probed and given their answer again.
extension TokenTable {
    /// Whether a patch that leaves `entries` entries in the table keeps it at most 60% full.
    func fits(_ entries: Int) -> Bool {
        entries * 5 / 3 + 1 <= slots.count
    }

    /// This table with entries `removed` taken out and `added` put in, numbered from
    /// ``entryCount`` on; every other entry keeps its number. For each hash that the change touches,
    /// the cross-file rules are applied again to every copy left: a revoked copy answers (the first
    /// in data-folder order), else a single active copy, else none (each copy is ambiguous).
    ///
    /// - Parameters:
    ///   - removed: Numbers of present entries.
    ///   - added: Entries whose strings and names are numbered in `strings` and `text`.
    ///   - text: This table's names followed by the added ones'.
    ///   - strings: This table's strings followed by the added ones'.
    /// - Precondition: The result ``fits(_:)``.
    func patched(removing removed: [Int], adding added: [Entry], text: [UInt8], strings: [String]) -> TokenTable {
        let capacity = slots.count
        let (memory, newSlots) = Self.allocateSlots(capacity, zeroed: false)
        _ = newSlots.initialize(from: slots)
        Self.adviseHugePages(newSlots)
        var cold = cold
        var touched = Set<TokenDigest>()
        for number in removed {
            let slot = Int(cold[number].slot)
            touched.insert(newSlots[slot].hash)
            Self.vacate(slot, in: newSlots, cold: &cold)
            cold[number].slot = Self.removedEntry
        }
        cold.reserveCapacity(cold.count + added.count)
        for entry in added {
            var slot = Self.homeSlot(entry.hash, capacity: capacity)
            while newSlots[slot].entry != 0 {
                slot = slot + 1 == capacity ? 0 : slot + 1
            }
            newSlots[slot] = Slot(entry, number: cold.count, flags: 0)
            var coldEntry = ColdEntry(entry)
            coldEntry.slot = UInt32(slot)
            cold.append(coldEntry)
            touched.insert(entry.hash)
        }
        var count = count
        var ambiguous = ambiguousEntries.filter { !touched.contains(hash(ofEntry: $0)) }
        for hash in touched {
            count -= find(hash) == nil ? 0 : 1
            let copies = Self.settle(hash, in: newSlots, cold: &cold, strings: strings)
            if copies.isAmbiguous {
                ambiguous += copies.entries
            } else if !copies.entries.isEmpty {
                count += 1
            }
        }
        return TokenTable(
            slotMemory: memory, slots: newSlots, cold: cold, text: text, strings: strings, count: count,
            ambiguousEntries: ambiguous, removedCount: removedCount + removed.count, isInFolderOrder: false)
    }

    /// Empties `slot` and moves later slots of its probe run back (backward-shift deletion), so
    /// that every probe still meets its hash before an empty slot.
    private static func vacate(_ slot: Int, in slots: UnsafeMutableBufferPointer<Slot>, cold: inout [ColdEntry]) {
        let capacity = slots.count
        var hole = slot
        var next = hole + 1 == capacity ? 0 : hole + 1
        while slots[next].entry != 0 {
            let home = homeSlot(slots[next].hash, capacity: capacity)
            // The entry at `next` may fill the hole when its home is not in (hole, next], cyclically.
            let homeAfterHole = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next)
            if !homeAfterHole {
                slots[hole] = slots[next]
                cold[entryNumber(slots[hole])].slot = UInt32(hole)
                hole = next
            }
            next = next + 1 == capacity ? 0 : next + 1
        }
        UnsafeMutableRawBufferPointer(
            rebasing: UnsafeMutableRawBufferPointer(slots)[
                hole * MemoryLayout<Slot>.stride..<(hole + 1) * MemoryLayout<Slot>.stride]
        ).initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// Gives `hash` its answer again: the answering copy goes first in its probe run, unflagged (or
    /// flagged ambiguous when active copies compete), and the others are flagged as shadowed.
    ///
    /// - Returns: The entries holding `hash`, and whether they are ambiguous.
    private static func settle(
        _ hash: TokenDigest, in slots: UnsafeMutableBufferPointer<Slot>, cold: inout [ColdEntry], strings: [String]
    ) -> (entries: [Int], isAmbiguous: Bool) {
        let capacity = slots.count
        var copies: [Int] = []
        var slot = homeSlot(hash, capacity: capacity)
        while slots[slot].entry != 0 {
            if slots[slot].hash == hash {
                copies.append(slot)
            }
            slot = slot + 1 == capacity ? 0 : slot + 1
        }
        guard let first = copies.first else { return ([], false) }
        let revoked = copies.filter { slots[$0].revokedBy != notRevoked }
        let answering =
            revoked.min {
                strings[Int(slots[$0].workspace)].utf8.lexicographicallyPrecedes(strings[Int(slots[$1].workspace)].utf8)
            } ?? first
        if answering != first {
            slots.swapAt(answering, first)
            cold[entryNumber(slots[first])].slot = UInt32(first)
            cold[entryNumber(slots[answering])].slot = UInt32(answering)
        }
        let isAmbiguous = revoked.isEmpty && copies.count > 1
        for copy in copies {
            let flags = copy == first ? (isAmbiguous ? ambiguousFlag : 0) : shadowedFlag
            slots[copy].entry = slots[copy].entry & ~(shadowedFlag | ambiguousFlag) | flags
        }
        return (copies.map { entryNumber(slots[$0]) }, isAmbiguous)
    }
}
