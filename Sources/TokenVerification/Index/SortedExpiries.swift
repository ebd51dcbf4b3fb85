/// The ends of life of an index's tokens that are not revoked, sorted, with how many are revoked:
/// counting the tokens in each state at any time is then a binary search, not a walk of the table.
struct SortedExpiries: Sendable {
    /// Seconds since 1970 at which each token that is neither revoked nor denied by its policy
    /// stops being valid (`.infinity` for never), ascending.
    private let expiries: [Double]
    /// How many tokens are revoked.
    let revokedCount: Int

    /// Sorts `expiries`, the ends of life of the tokens that are not revoked.
    init(unsorted expiries: [Double], revokedCount: Int) {
        self.expiries = expiries.sorted()
        self.revokedCount = revokedCount
    }

    /// How many of these tokens are still valid at `time` (their end of life is after it).
    func count(validAt time: Double) -> Int {
        var (low, high) = (0, expiries.count)
        while low < high {
            let middle = (low + high) / 2
            if expiries[middle] <= time {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return expiries.count - low
    }

    /// The counts by state at `time`, with those whose life ends within `window` seconds after it.
    func counts(at time: Double, expiringWithin window: Double) -> TokenStateCounts {
        let active = count(validAt: time)
        return TokenStateCounts(
            active: active, expired: expiries.count - active, revoked: revokedCount,
            expiringSoon: active - count(validAt: time + window))
    }
}
