/// How many distinct tokens of an index are in each state at one time.
///
/// A token that grants nothing because its workspace's policy file is bad, or because its hash
/// stands active in two files, is in no state: both are listed among the index's problems.
public struct TokenStateCounts: Hashable, Sendable {
    /// Neither revoked nor expired.
    public var active: Int
    /// Past the end of its life (its `expires_at`, or its policy's `max_lifetime`) and not revoked.
    public var expired: Int
    /// Revoked, whether or not it has also expired.
    public var revoked: Int
    /// Active, and at the end of its life within the window asked for.
    public var expiringSoon: Int

    /// Counts as given.
    public init(active: Int, expired: Int, revoked: Int, expiringSoon: Int) {
        self.active = active
        self.expired = expired
        self.revoked = revoked
        self.expiringSoon = expiringSoon
    }
}
