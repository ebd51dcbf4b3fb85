import Glibc
import Synchronization

/// The last minute in which each slot's token answered a valid request, as minutes since 1970
/// (`0`: not used), one 32-bit atomic per slot.
///
/// Noting a use takes no lock and allocates nothing, and writes only when the minute moves on, so
/// a busy token's cache line is not written on every request. The memory comes zeroed from
/// `calloc`, which maps a large block to fresh pages: slots never used cost no memory touched.
final class LastUseMinutes: @unchecked Sendable {
    private let minutes: UnsafeMutablePointer<Atomic<UInt32>>

    /// Minutes for `count` slots, none used.
    init(count: Int) {
        guard let memory = calloc(max(count, 1), MemoryLayout<Atomic<UInt32>>.stride) else {
            preconditionFailure("out of memory for the last use of \(count) slots")
        }
        minutes = memory.bindMemory(to: Atomic<UInt32>.self, capacity: max(count, 1))
    }

    deinit {
        free(minutes)
    }

    /// Notes a use of slot `slot` in `minute`; an earlier minute than the one kept changes nothing.
    @inline(__always)
    func note(_ minute: UInt32, slot: Int) {
        if minutes[slot].load(ordering: .relaxed) < minute {
            minutes[slot].store(minute, ordering: .relaxed)
        }
    }

    /// The minute of slot `slot`'s last use, or `0`.
    func minute(slot: Int) -> UInt32 {
        minutes[slot].load(ordering: .relaxed)
    }

    /// The minute since 1970 that `seconds` since 1970 fall in, `0` before 1970.
    @inline(__always)
    static func minute(ofSecondsSince1970 seconds: Double) -> UInt32 {
        UInt32(clamping: Int64(max(0, seconds / 60)))
    }
}
