import Foundation

/// The last load of a data folder, file by file, so that a reload parses only what changed.
///
/// A workspace whose folder stamp is unchanged is reused whole (with ``ReloadScope/changedFolders``);
/// otherwise each file's stamp decides whether its last outcome (token or problem) still holds.
/// A file that loaded is remembered by its stamp and its entry in the last ``TokenTable``, whose
/// entry is copied into the next table, so the cache keeps no second copy of any token.
struct DataFolderCache {
    private struct CachedFile {
        var stamp: FileStamp
        /// The entry in ``DataFolderCache/table`` when `>= 0`; otherwise `-1 - n` for the
        /// workspace's `fileProblems[n]`.
        var outcome: Int32
    }

    private struct CachedWorkspace {
        var stamp: FileStamp?
        /// The folder's own problems (listing), then those of its files that did not load.
        var problems: [LoadProblem] = []
        var fileProblems: [LoadProblem] = []
        var files: [CachedFile] = []

        /// Remembers a file that did not load, with its stamp.
        mutating func remember(_ problem: LoadProblem, stamp: FileStamp) {
            fileProblems.append(problem)
            files.append(CachedFile(stamp: stamp, outcome: Int32(-fileProblems.count)))
        }

        /// What a cached file contributes to the next load.
        func source(keeping file: CachedFile) -> Source {
            file.outcome >= 0
                ? .kept(entry: Int(file.outcome), stamp: file.stamp)
                : .keptProblem(fileProblems[Int(-1 - file.outcome)], stamp: file.stamp)
        }
    }

    /// Where a file's outcome comes from in a load: kept from the last table or parsed now.
    private enum Source {
        case kept(entry: Int, stamp: FileStamp)
        case keptProblem(LoadProblem, stamp: FileStamp)
        case parsed(slot: Int, path: String)
    }

    private var workspaces: [String: CachedWorkspace] = [:]
    private var table = TokenTableBuilder().build()
    /// How many files the last load parsed (the rest were reused).
    private(set) var lastParsedCount = 0

    /// Loads `dataFolder`, re-reading what `scope` asks for and reusing the rest.
    ///
    /// - Returns: The new table and every problem, in data-folder order.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read; the cache is unchanged.
    mutating func load(
        _ dataFolder: String, scope: ReloadScope, parallelism: Int
    ) throws(DataFolderError) -> (table: TokenTable, problems: [LoadProblem]) {
        let (names, topLevel) = try DataFolderScanner.scanTopLevel(dataFolder)
        var plans: [(name: String, stamp: FileStamp?, problems: [LoadProblem], sources: [Source])] = []
        var toParse: [TokenFileLocation] = []
        for name in names {
            let stamp = FileStamp("\(dataFolder)/\(name)")
            let previous = workspaces[name]
            if scope == .changedFolders, let previous, let stamp, previous.stamp == stamp {
                plans.append((name, stamp, previous.problems, previous.files.map(previous.source(keeping:))))
                continue
            }
            do throws(DataFolderError) {
                let listing = try DataFolderScanner.scanWorkspace(dataFolder, workspace: name)
                let known = scope == .everything ? [:] : fileNames(of: previous)
                var sources: [Source] = []
                sources.reserveCapacity(listing.files.count)
                for location in listing.files {
                    if let (cached, stamp) = known[location.fileID], FileStamp(location.path) == stamp {
                        sources.append(cached)
                    } else {
                        sources.append(.parsed(slot: toParse.count, path: location.path))
                        toParse.append(location)
                    }
                }
                plans.append((name, stamp, listing.problems, sources))
            } catch {
                plans.append((name, stamp, [LoadProblem(path: "\(dataFolder)/\(name)", message: error.reason)], []))
            }
        }

        let parsed = DataFolderLoader.read(toParse, parallelism: parallelism)
        var builder = TokenTableBuilder(expectedCount: plans.reduce(0) { $0 + $1.sources.count })
        var fresh: [String: CachedWorkspace] = [:]
        var problems = topLevel.problems
        for plan in plans {
            var workspace = CachedWorkspace(stamp: plan.stamp, problems: plan.problems)
            workspace.files.reserveCapacity(plan.sources.count)
            problems += plan.problems
            for source in plan.sources {
                switch source {
                case .kept(let entry, let stamp):
                    workspace.files.append(CachedFile(stamp: stamp, outcome: Int32(builder.copy(entry, of: table))))
                case .keptProblem(let problem, let stamp):
                    workspace.remember(problem, stamp: stamp)
                    problems.append(problem)
                case .parsed(let slot, let path):
                    guard let stamp = parsed[slot].stamp ?? FileStamp(path) else { continue }  // gone since listed
                    switch parsed[slot].result {
                    case .success(let record):
                        workspace.files.append(CachedFile(stamp: stamp, outcome: Int32(builder.add(record))))
                    case .failure(let problem):
                        workspace.remember(problem, stamp: stamp)
                        problems.append(problem)
                    }
                }
            }
            fresh[plan.name] = workspace
        }
        table = builder.build()
        workspaces = fresh
        lastParsedCount = toParse.count
        return (table, problems)
    }

    /// A workspace's cached files by file name without `.yaml` (a token's id, or the name in a
    /// problem's path), with what each would contribute and its stamp.
    private func fileNames(of workspace: CachedWorkspace?) -> [String: (Source, FileStamp)] {
        guard let workspace else { return [:] }
        var names = [String: (Source, FileStamp)](minimumCapacity: workspace.files.count)
        for file in workspace.files {
            let name =
                file.outcome >= 0
                ? table.entries[Int(file.outcome)].hash.id
                : String(
                    workspace.fileProblems[Int(-1 - file.outcome)].path.split(separator: "/").last?.dropLast(5) ?? "")
            names[name] = (workspace.source(keeping: file), file.stamp)
        }
        return names
    }
}
