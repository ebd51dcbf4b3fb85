/// One policy file's settings: the keys it sets (SPEC §8). `workspace/policy.yaml` applies to every
/// workspace, `workspace/<slug>/policy.yaml` to one, its keys overriding the root file's.
public struct PolicyFile: Hashable, Sendable {
    /// The file's path, as problems and messages name it.
    public var path: String
    /// The workspace it governs, or `nil` for the root file, which governs all.
    public var workspace: String?
    /// The longest a token may live, `expires_at` − `created_at`; `never` allows tokens that never expire.
    public var maxLifetime: PolicyDuration?
    /// `generate`'s expiry when `--expires` is not given.
    public var defaultExpiry: PolicyDuration?
    /// The only scopes a token of the workspace is granted, sorted.
    public var allowedScopes: [String]?
    /// Whether every token must name at least one scope.
    public var requireScopes: Bool?

    /// A file setting nothing yet.
    public init(path: String, workspace: String?) {
        self.path = path
        self.workspace = workspace
    }
}

/// What reading a policy file came to: its settings, or the problem that makes the tokens it
/// governs grant nothing.
public enum PolicyOutcome: Hashable, Sendable {
    case policy(PolicyFile)
    case problem(LoadProblem)
}
