import TokenVerification

/// Finds the one token that an `ID|NAME` argument means within a workspace.
enum TokenReference {
    /// The token whose id is `reference`, or else the one unrevoked token named `reference`.
    ///
    /// - Throws: ``TokenStoreError`` when nothing matches, or a name matches more than one token
    ///   (the message lists their ids).
    static func resolve(
        _ reference: String, in index: TokenIndex, workspace: String
    ) throws(TokenStoreError) -> TokenRecord {
        let tokens = index.tokens()
        if let byID = tokens.first(where: { $0.id == reference }) {
            return byID.record
        }
        let named = tokens.filter { $0.name == reference && !$0.isRevoked }
        switch named.count {
        case 1:
            return named[0].record
        case 0:
            let file = LoadProblem.Subject.tokenFile(workspace: workspace, fileID: reference)
            if let unreadable = index.problems.first(where: { $0.subject == file }) {
                throw .invalidTokenFile(unreadable)
            }
            throw .noSuchToken(reference: reference, workspace: workspace)
        default:
            throw .ambiguousName(reference, workspace: workspace, ids: named.map(\.id))
        }
    }
}
