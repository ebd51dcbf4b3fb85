/// The limits that keep hostile token files cheap.
public enum TokenFileLimits {
    /// The largest token file, in bytes, that is read at all: 64 KiB.
    public static let maximumFileSize = 64 * 1024
    /// The most entries a workspace folder may have; a larger one is refused whole, with one problem.
    public static let maximumFilesPerWorkspace = 200_000

    /// `file is N bytes, over the 64 KiB limit for a token file`.
    package static func oversizeMessage(size: Int) -> String {
        "file is \(size) bytes, over the \(maximumFileSize / 1024) KiB limit for a token file"
    }
}
