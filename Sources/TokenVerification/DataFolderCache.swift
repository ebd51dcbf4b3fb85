import Foundation

/// The last load of a data folder, file by file, so that a reload parses only what changed.
///
/// A workspace whose folder stamp is unchanged is reused whole (with ``ReloadScope/changedFolders``);
/// otherwise each file's stamp decides whether its last result (record or problem) still holds.
struct DataFolderCache {
    private struct CachedFile {
        var stamp: FileStamp
        var result: Result<TokenRecord, LoadProblem>
    }

    private struct CachedWorkspace {
        var stamp: FileStamp?
        var problems: [LoadProblem]
        var files: [(name: String, file: CachedFile)]
    }

    private var workspaces: [String: CachedWorkspace] = [:]
    /// How many files the last load parsed (the rest were reused).
    private(set) var lastParsedCount = 0

    /// Loads `dataFolder`, re-reading what `scope` asks for and reusing the rest.
    ///
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read; the cache is unchanged.
    mutating func load(
        _ dataFolder: String, scope: ReloadScope, parallelism: Int
    ) throws(DataFolderError) -> DataFolderSnapshot {
        let (names, topLevel) = try DataFolderScanner.scanTopLevel(dataFolder)
        var fresh: [String: CachedWorkspace] = [:]
        var toParse: [(workspace: String, index: Int, location: TokenFileLocation)] = []
        for name in names {
            let stamp = FileStamp("\(dataFolder)/\(name)")
            if scope == .changedFolders, let cached = workspaces[name], let stamp, cached.stamp == stamp {
                fresh[name] = cached
                continue
            }
            let previous =
                scope == .everything
                ? [:]
                : Dictionary(
                    (workspaces[name]?.files ?? []).map { ($0.name, $0.file) }, uniquingKeysWith: { first, _ in first })
            var workspace = CachedWorkspace(stamp: stamp, problems: [], files: [])
            do throws(DataFolderError) {
                let listing = try DataFolderScanner.scanWorkspace(dataFolder, workspace: name)
                workspace.problems = listing.problems
                for location in listing.files {
                    let fileName = String(location.path.split(separator: "/").last ?? "")
                    guard let fileStamp = FileStamp(location.path) else { continue }
                    if let cached = previous[fileName], cached.stamp == fileStamp {
                        workspace.files.append((fileName, cached))
                    } else {
                        toParse.append((name, workspace.files.count, location))
                        workspace.files.append((fileName, CachedFile(stamp: fileStamp, result: .failure(placeholder))))
                    }
                }
            } catch {
                workspace.problems = [LoadProblem(path: "\(dataFolder)/\(name)", message: error.reason)]
            }
            fresh[name] = workspace
        }
        let results = DataFolderLoader.read(toParse.map(\.location), parallelism: parallelism)
        for (slot, result) in zip(toParse, results) {
            fresh[slot.workspace]?.files[slot.index].file.result = result
        }
        workspaces = fresh
        lastParsedCount = toParse.count
        var snapshot = DataFolderSnapshot(records: [], problems: topLevel.problems)
        for name in names {
            guard let workspace = fresh[name] else { continue }
            snapshot.problems += workspace.problems
            for (_, file) in workspace.files {
                switch file.result {
                case .success(let record): snapshot.records.append(record)
                case .failure(let problem): snapshot.problems.append(problem)
                }
            }
        }
        return snapshot
    }

    private var placeholder: LoadProblem { LoadProblem(path: "", message: "not read yet") }
}
