import Foundation

extension TokenIndex {
    /// Every token that answered a valid request noted in this index (or carried into it), with
    /// the start of the minute of its last use.
    public func lastUses() -> [UsageEntry] {
        table.answeringSlots.compactMap { slot in
            let minute = table.lastUse.minute(slot: slot)
            guard minute != 0 else { return nil }
            return UsageEntry(slot: table.slot(slot), minute: minute, strings: table.strings)
        }
    }

    /// Takes over the last uses noted in `older` (the index this one replaces), matching tokens by
    /// hash; a later use already noted here is kept.
    ///
    /// - Returns: The uses of tokens that are not in this index: their files are gone or bad.
    func carryLastUses(from older: TokenIndex) -> [UsageEntry] {
        var gone: [UsageEntry] = []
        for slot in older.table.answeringSlots {
            let minute = older.table.lastUse.minute(slot: slot)
            guard minute != 0 else { continue }
            let old = older.table.slot(slot)
            if let here = table.find(old.hash) {
                table.lastUse.note(minute, slot: here)
            } else {
                gone.append(UsageEntry(slot: old, minute: minute, strings: older.table.strings))
            }
        }
        return gone
    }

    /// Notes the uses in `entries` (as a usage file keeps them) on the tokens they name, by
    /// workspace and id.
    ///
    /// - Returns: The entries that name no token of this index.
    func restoreLastUses(_ entries: [UsageEntry]) -> [UsageEntry] {
        var wanted: [String: [Int]] = [:]
        for (number, entry) in entries.enumerated() {
            wanted[entry.id, default: []].append(number)
        }
        var matched = [Bool](repeating: false, count: entries.count)
        for slot in table.answeringSlots {
            let held = table.slot(slot)
            guard let numbers = wanted[held.hash.id] else { continue }
            for number in numbers where entries[number].workspace == table.strings[Int(held.workspace)] {
                let seconds = entries[number].lastUsed.timeIntervalSince1970
                table.lastUse.note(LastUseMinutes.minute(ofSecondsSince1970: seconds), slot: slot)
                matched[number] = true
            }
        }
        return entries.indices.filter { !matched[$0] }.map { entries[$0] }
    }
}

extension UsageEntry {
    /// The use in `minute` of the token in `slot`.
    fileprivate init(slot: TokenTable.Slot, minute: UInt32, strings: [String]) {
        self.init(
            workspace: strings[Int(slot.workspace)], id: slot.hash.id,
            lastUsed: Date(timeIntervalSince1970: Double(minute) * 60))
    }
}
