import TokenVerification

/// What a path under the data folder may be: a token file, a policy file, a `.gitkeep`, or anything else.
enum DataFolderPath: Equatable {
    /// `<slug>/<name>.yaml`: where a token file lives.
    case tokenFile(workspace: String, fileID: String)
    /// `policy.yaml` in the data folder (`workspace` empty: it governs every workspace) or in a
    /// workspace folder.
    case policyFile(workspace: String)
    /// A `.gitkeep` in the data folder or in a workspace folder.
    case keepFile(workspace: String)
    /// Any other path; `workspace` is the slug of the workspace folder it is in, or empty.
    case other(workspace: String)

    /// Classifies a path relative to the data folder.
    init(relative: String) {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        let workspace = parts.count >= 2 && WorkspaceSlug.isValid(String(parts[0])) ? String(parts[0]) : ""
        if parts.last == PolicyFileParser.fileName[...], parts.count == 1 || (parts.count == 2 && !workspace.isEmpty) {
            self = .policyFile(workspace: workspace)
        } else if parts.count == 2, !workspace.isEmpty, DataFolderLayout.isTokenFileName(utf8: parts[1].utf8) {
            self = .tokenFile(workspace: workspace, fileID: String(parts[1].dropLast(5)))
        } else if parts.last == ".gitkeep", parts.count == 1 || (parts.count == 2 && !workspace.isEmpty) {
            self = .keepFile(workspace: workspace)
        } else {
            self = .other(workspace: workspace)
        }
    }

    /// The workspace the path is in, or empty.
    var workspace: String {
        switch self {
        case .tokenFile(let workspace, _), .policyFile(let workspace), .keepFile(let workspace),
            .other(let workspace):
            workspace
        }
    }

    /// The data folder entry the path is, or is under, as a problem names it; `top` is the path's
    /// first component.
    func subject(top: String) -> LoadProblem.Subject {
        switch self {
        case .tokenFile(let workspace, let fileID): .tokenFile(workspace: workspace, fileID: fileID)
        case .policyFile(let workspace): .policyFile(workspace: workspace.isEmpty ? nil : workspace)
        case .keepFile(let workspace), .other(let workspace):
            workspace.isEmpty ? .dataFolderEntry(top) : .workspace(workspace)
        }
    }
}
