import TokenVerification

extension TokenStoreError {
    /// What became of the file of a token whose secret reached nobody.
    public enum Discard: Hashable, Sendable, CustomStringConvertible {
        /// The file was removed: the token with this id is not kept.
        case removed(id: String)
        /// The file at `path` could not be removed, with `errno`: it has to be removed by hand.
        case notRemoved(path: String, errno: Int32)
        /// The file at `path` was removed, but its folder could not be synced, for `error`.
        case removedNotSynced(path: String, TokenStoreError)

        /// What became of the file, as the end of a message.
        public var description: String {
            switch self {
            case .removed(let id):
                "the new token \(id) was not kept"
            case .notRemoved(let path, let code):
                "remove \(path) by hand, nobody has its token: \(SystemError.describe(code))"
            case .removedNotSynced(let path, let error):
                "\(path) was removed, but \(error)"
            }
        }
    }
}
