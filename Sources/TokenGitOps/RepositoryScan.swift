import Foundation
import TokenVerification

/// Scans a repository's files for plaintext tokens: the tracked files as they are in the work tree,
/// or the staged content of every file a commit would add or change, read from git's index; and
/// their paths. A path that holds a token is reported with the token masked, in every finding.
public enum RepositoryScan {
    /// How many bytes are read at a time.
    static let chunkSize = 64 * 1024

    /// Every finding in the files git tracks, read from the work tree.
    ///
    /// Symbolic links and submodules are not followed; files deleted from the work tree are skipped.
    public static func trackedFiles(in repository: Repository) throws(GitError) -> PlaintextScan {
        let paths = Git.fields(try repository.git.run(["ls-files", "-z"]).stdout)
        var scan = PlaintextScan(findings: [], fileCount: 0)
        for path in paths {
            let name = PlaintextTokenScanner.scanName(path)
            scan.findings += name.findings
            if scanFile(at: "\(repository.root)/\(path)", reportedAs: name.masked, report: { scan.findings.append($0) })
            {
                scan.fileCount += 1
            }
        }
        return scan
    }

    /// Every finding in the staged content of files that the index adds, copies, modifies, renames
    /// or changes the type of (a symbolic link replaced by a file, say): every staged change but a deletion.
    ///
    /// With `--no-renames`, whatever `diff.renames` says, a renamed or copied file is listed as added
    /// at its new path, so each entry has one path.
    public static func stagedFiles(in repository: Repository) throws(GitError) -> PlaintextScan {
        let raw = try repository.git.run(
            ["diff", "--cached", "--raw", "-z", "--no-renames", "--full-index", "--diff-filter=ACMRT", "--no-abbrev"]
        ).stdout
        var blobs: [(path: String, object: String)] = []
        let fields = Git.fields(raw)
        var index = 0
        while index + 1 < fields.count {
            // ":<old mode> <new mode> <old sha> <new sha> <status>" then the path.
            let parts = fields[index].split(separator: " ")
            if parts.count == 5, parts[1] != "160000" {
                blobs.append((fields[index + 1], String(parts[3])))
            }
            index += 2
        }
        var findings: [PlaintextFinding] = []
        let names = blobs.map { PlaintextTokenScanner.scanName($0.path) }
        var current = -1
        var scanner = PlaintextTokenScanner(path: "")
        try GitBlobReader.read(blobs.map(\.object), in: repository.git) { number, _, chunk in
            if number != current {
                scanner.finish { findings.append($0) }
                current = number
                findings += names[number].findings
                scanner = PlaintextTokenScanner(path: names[number].masked)
            }
            scanner.feed(chunk) { findings.append($0) }
        }
        scanner.finish { findings.append($0) }
        return PlaintextScan(findings: findings, fileCount: blobs.count)
    }

    /// `text` (a path, a problem) with every token in it, in any encoding the scan knows, replaced by
    /// its masked form.
    public static func masked(_ text: String) -> String {
        PlaintextTokenScanner.scanName(text).masked
    }

    /// Scans one file from disk in chunks, and returns whether it was a regular file that could be opened.
    static func scanFile(at path: String, reportedAs name: String, report: (PlaintextFinding) -> Void) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        var scanner = PlaintextTokenScanner(path: name)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            scanner.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), report: report)
        }
        scanner.finish(report: report)
        return true
    }
}
