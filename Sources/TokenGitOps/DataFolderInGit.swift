import Foundation
import TokenVerification

/// Loads the data folder as git holds it, staged in the index or at a revision, straight from git's
/// object store: the same layout rules, size limit and parser as for the work tree, and problems
/// that name the files by their usual paths.
public enum DataFolderInGit {
    /// The data folder as staged in git's index (or in `$GIT_INDEX_FILE`, as in a pre-commit hook).
    public static func staged(in repository: Repository) throws(GitError) -> DataFolderSnapshot {
        // "<mode> <object> <stage>\t<path>"
        let listed = try repository.git.run(["ls-files", "--stage", "-z", "--", repository.dataFolderInRepository])
        return try load(
            entries(Git.fields(listed.stdout), modeField: 0, objectField: 1), folder: repository.dataFolderInRepository,
            in: repository
        ).refusingAmbiguousHashes(in: repository.dataFolder)
    }

    /// The data folder in a commit or tree (any tree-ish `git ls-tree` takes, such as an object id).
    ///
    /// - Parameters:
    ///   - tree: The commit or tree.
    ///   - folder: The data folder's path in the repository (default: the repository's).
    ///   - repository: The repository.
    /// - Throws: ``GitError`` when git cannot list the tree.
    public static func at(
        tree: String, folder: String? = nil, in repository: Repository
    ) throws(GitError) -> DataFolderSnapshot {
        let folder = folder ?? repository.dataFolderInRepository
        // "<mode> <type> <object>\t<path>"
        let listed = try repository.git.run(["ls-tree", "-r", "-z", tree, "--", folder])
        return try load(
            entries(Git.fields(listed.stdout), modeField: 0, objectField: 2), folder: folder, in: repository)
    }

    private struct Entry {
        var mode: Substring
        var object: String
        var path: String
    }

    private static func entries(_ lines: [String], modeField: Int, objectField: Int) -> [Entry] {
        lines.compactMap { line in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            let fields = line[..<tab].split(separator: " ")
            guard fields.count > max(modeField, objectField) else { return nil }
            return Entry(
                mode: fields[modeField], object: String(fields[objectField]),
                path: String(line[line.index(after: tab)...]))
        }
    }

    private static func load(
        _ entries: [Entry], folder: String, in repository: Repository
    ) throws(GitError) -> DataFolderSnapshot {
        let prefix = folder == "." ? "" : folder + "/"
        var problems: [LoadProblem] = []
        var reported = Set<String>()
        var files: [(location: TokenFileLocation, object: String)] = []
        func report(_ path: String, _ message: String) {
            if reported.insert(path).inserted {
                problems.append(LoadProblem(path: path, message: message))
            }
        }
        for entry in entries where entry.path.hasPrefix(prefix) {
            let parts = entry.path.dropFirst(prefix.count).split(separator: "/")
            guard let top = parts.first, DataFolderLayout.isVisible(top) else { continue }
            let topPath = "\(repository.dataFolder)/\(top)"
            if parts.count == 1 {
                if entry.mode == "160000" {
                    report(topPath, DataFolderLayout.submoduleWorkspace)
                } else if entry.mode == "120000" {
                    report(topPath, DataFolderLayout.linkedWorkspace)
                } else if DataFolderLayout.isTokenFileName(top) {
                    report(topPath, DataFolderLayout.outsideWorkspace)
                }
                continue
            }
            guard WorkspaceSlug.isValid(String(top)) else {
                report(topPath, DataFolderLayout.badWorkspaceName)
                continue
            }
            let name = parts[1]
            guard DataFolderLayout.isTokenFileName(name) else { continue }
            let path = "\(topPath)/\(name)"
            if parts.count > 2 {
                report(path, DataFolderLayout.folderNotFile)
            } else if entry.mode == "120000" {
                report(path, DataFolderLayout.linkedFile)
            } else if entry.mode.hasPrefix("100") {
                let location = TokenFileLocation(
                    folder: topPath, workspace: String(top), fileID: String(name.dropLast(5)))
                files.append((location, entry.object))
            }
        }
        var records: [TokenRecord] = []
        var contents: [UInt8] = []
        var current = -1
        var currentSize = 0
        var finished = Set<Int>()
        func finish() {
            guard current >= 0 else { return }
            finished.insert(current)
            let location = files[current].location
            guard currentSize <= TokenFileLimits.maximumFileSize else {
                problems.append(LoadProblem(path: location.path, message: FileSizeLimit.message(size: currentSize)))
                return
            }
            let parsed = contents.withUnsafeBytes { bytes in
                Result { () throws(LoadProblem) in
                    try TokenFileParser.parse(
                        bytes, path: location.path, workspace: location.workspace, fileID: location.fileID)
                }
            }
            switch parsed {
            case .success(let record): records.append(record)
            case .failure(let problem): problems.append(problem)
            }
        }
        try GitBlobReader.read(files.map(\.object), in: repository.git) { number, size, chunk in
            if number != current {
                finish()
                current = number
                currentSize = size
                contents.removeAll(keepingCapacity: true)
            }
            // An oversized blob is streamed past, never kept: only its size is reported.
            if size <= TokenFileLimits.maximumFileSize {
                contents.append(contentsOf: chunk)
            }
        }
        finish()
        for (number, file) in files.enumerated() where !finished.contains(number) {
            problems.append(LoadProblem(path: file.location.path, message: "missing from git's object store"))
        }
        return DataFolderSnapshot(records: records, problems: problems)
    }
}
