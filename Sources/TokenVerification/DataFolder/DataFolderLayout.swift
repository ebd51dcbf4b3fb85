/// The layout rules of a data folder, `<data folder>/<workspace>/<id>.yaml`, and the words for
/// entries that break them: shared by the folder scanner and the readers of git trees.
package enum DataFolderLayout {
    /// A workspace folder whose name is not a slug.
    package static let badWorkspaceName = "workspace folder name is not a valid slug (a-z, 0-9, -)"
    /// A `.yaml` file directly in the data folder.
    package static let outsideWorkspace = "token file outside a workspace folder"
    /// A symbolic link where a workspace folder would be.
    package static let linkedWorkspace = "a symbolic link, not a workspace folder"
    /// A workspace folder that is a git submodule or another repository: its files are not reviewed
    /// with the data folder's.
    package static let submoduleWorkspace =
        "holds a .git entry (a git submodule or repository): none of its tokens loaded"
    /// The entry that makes a folder a git work tree.
    package static let gitEntry = ".git"
    /// A folder whose name ends in `.yaml` inside a workspace.
    package static let folderNotFile = "a folder, not a token file"
    /// A token file that is a symbolic link.
    package static let linkedFile = "a symbolic link, not a regular file"
    /// A token file that is a FIFO, socket or device.
    package static let notRegularFile = "not a regular file"

    /// Whether a file or folder name, as UTF-8 bytes, takes part at all: dot-files (`.gitkeep`,
    /// temporary files) do not.
    package static func isVisible(utf8 name: some Collection<UInt8>) -> Bool {
        name.first != UInt8(ascii: ".")
    }

    /// Whether a file name inside a workspace, as UTF-8 bytes, names a token file.
    package static func isTokenFileName(utf8 name: some Collection<UInt8>) -> Bool {
        isVisible(utf8: name) && name.count > 5 && name.suffix(5).elementsEqual(".yaml".utf8)
    }
}
