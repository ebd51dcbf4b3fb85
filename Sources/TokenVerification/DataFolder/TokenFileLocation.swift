/// Where a token file sits: `<data folder>/<workspace>/<id>.yaml`.
///
/// The files of a workspace share one folder string, and an id is short enough to be stored inline,
/// so a listing of a million files makes no string per file; the path is put together only when
/// it is printed.
package struct TokenFileLocation: Hashable, Sendable {
    /// The workspace folder's path: `<data folder>/<workspace>`.
    package var folder: String
    /// The workspace slug (the folder's name).
    package var workspace: String
    /// The file name without `.yaml`, which must equal the token's id.
    package var fileID: String

    /// The file's path, as printed in problems.
    package var path: String { "\(folder)/\(fileID).yaml" }

    /// Creates a location from its parts.
    package init(folder: String, workspace: String, fileID: String) {
        self.folder = folder
        self.workspace = workspace
        self.fileID = fileID
    }

    /// The location of token `id` in `workspace` under `dataFolder`.
    package init(dataFolder: String, workspace: String, id: String) {
        self.init(folder: "\(dataFolder)/\(workspace)", workspace: workspace, fileID: id)
    }
}
