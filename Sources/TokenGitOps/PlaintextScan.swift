/// What a scan of a repository's files for plaintext tokens found, and how many files it read.
public struct PlaintextScan {
    /// Every finding, file by file.
    public var findings: [PlaintextFinding]
    /// How many files' contents were read.
    public var fileCount: Int
}
