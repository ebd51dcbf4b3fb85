/// Where a token file sits: `<data folder>/<workspace>/<id>.yaml`.
package struct TokenFileLocation: Hashable, Sendable {
    /// The file's path, as printed in problems.
    package var path: String
    /// The workspace slug (the folder's name).
    package var workspace: String
    /// The file name without `.yaml`, which must equal the token's id.
    package var fileID: String

    /// Creates a location from its parts.
    package init(path: String, workspace: String, fileID: String) {
        self.path = path
        self.workspace = workspace
        self.fileID = fileID
    }

    /// The location of token `id` in `workspace` under `dataFolder`.
    package init(dataFolder: String, workspace: String, id: String) {
        self.init(path: "\(dataFolder)/\(workspace)/\(id).yaml", workspace: workspace, fileID: id)
    }
}
