/// A token named by its workspace and id, as usage files name it: a dictionary key that, for the
/// short slugs and 12-digit ids of real tokens, hashes without building a string; ordered by
/// workspace, then id.
struct TokenKey: Hashable, Comparable, CustomStringConvertible {
    var workspace: String
    var id: String

    /// `acme/5e884898da28`.
    var description: String { "\(workspace)/\(id)" }

    static func < (lhs: TokenKey, rhs: TokenKey) -> Bool {
        (lhs.workspace, lhs.id) < (rhs.workspace, rhs.id)
    }
}
