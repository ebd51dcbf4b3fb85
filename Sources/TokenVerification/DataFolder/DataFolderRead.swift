/// What one read of a data folder gives: the token table, every problem, the workspaces with
/// tokens, and the policy files.
struct DataFolderRead {
    var table: TokenTable
    var problems: [LoadProblem]
    /// The workspaces with at least one token, sorted.
    var workspaces: [String]
    var policies: DataFolderPolicies
}
