/// A data folder's policy files: the root one, which governs every workspace, and each workspace's.
public struct DataFolderPolicies: Hashable, Sendable {
    /// `<data folder>/policy.yaml`, when there is one.
    public var root: PolicyOutcome?
    /// `<data folder>/<workspace>/policy.yaml`, by workspace.
    public var workspaces: [String: PolicyOutcome]

    /// No policy files.
    public static let none = DataFolderPolicies(root: nil, workspaces: [:])

    /// The policy files given.
    public init(root: PolicyOutcome?, workspaces: [String: PolicyOutcome]) {
        self.root = root
        self.workspaces = workspaces
    }

    /// Whether there is no policy file at all.
    public var isEmpty: Bool { root == nil && workspaces.isEmpty }

    /// What `workspace` allows: its file's keys over the root file's.
    public func effective(forWorkspace workspace: String) -> EffectivePolicy {
        EffectivePolicy(root: root, workspace: workspaces[workspace])
    }
}
