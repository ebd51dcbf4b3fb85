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
        case parse(TokenFileLocation)
    }

    /// What a load does with one workspace folder.
    private struct WorkspacePlan {
        var name: String
        var stamp: FileStamp?
        var problems: [LoadProblem]
        var sources: [Source]
    }

    private var workspaces: [String: CachedWorkspace] = [:]
    private var table = TokenTableBuilder().build()
    /// How many files the last load parsed (the rest were reused).
    private(set) var lastParsedCount = 0
    /// Whether loads remember files by their stamps for the next load; without, no file is stamped.
    private let remembersFiles: Bool

    /// Creates an empty cache, whose first load parses every file.
    init() {
        remembersFiles = true
    }

    private init(remembersFiles: Bool) {
        self.remembersFiles = remembersFiles
    }

    /// Loads `dataFolder` once, with no cache to keep: no file is stamped, which saves a system call
    /// per file.
    ///
    /// - Returns: The table and every problem, in data-folder order, as ``load(_:scope:parallelism:)``
    ///   gives them.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read.
    static func loadOnce(
        _ dataFolder: String, parallelism: Int
    ) throws(DataFolderError) -> (table: TokenTable, problems: [LoadProblem]) {
        var cache = DataFolderCache(remembersFiles: false)
        return try cache.load(dataFolder, scope: .everything, parallelism: parallelism)
    }

    /// Loads `dataFolder`, re-reading what `scope` asks for and reusing the rest.
    ///
    /// - Returns: The new table and every problem, in data-folder order.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read; the cache is unchanged.
    mutating func load(
        _ dataFolder: String, scope: ReloadScope, parallelism: Int
    ) throws(DataFolderError) -> (table: TokenTable, problems: [LoadProblem]) {
        let (names, topLevel) = try DataFolderScanner.scanTopLevel(dataFolder)
        let previous = workspaces
        let table = self.table
        let plans = ParallelChunks.map(count: names.count, parallelism: parallelism, minimumChunk: 1) { range in
            names[range].lazy.map { Self.plan($0, in: dataFolder, scope: scope, previous: previous[$0], table: table) }
        }
        var toParse: [TokenFileLocation] = []
        for plan in plans {
            for case .parse(let location) in plan.sources {
                toParse.append(location)
            }
        }
        let parsedCount = toParse.count

        // Parsed files come first in the new table, chunk by chunk: the first chunk's builder becomes
        // the table's, the others and then kept entries are appended. Each chunk's entries are freed
        // as soon as they are copied, to keep the peak down.
        var chunks = DataFolderLoader.readIntoTables(
            toParse, parallelism: parallelism, takesStamps: remembersFiles)
        toParse = []
        var builder = TokenTableBuilder()
        if !chunks.isEmpty {
            swap(&builder, &chunks[0].builder)
        }
        builder.reserveCapacity(plans.reduce(0) { $0 + $1.sources.count })
        var firstEntries = [0]
        for index in chunks.indices.dropFirst() {
            firstEntries.append(builder.append(chunks[index].builder))
            chunks[index].builder = TokenTableBuilder()
        }
        var fresh: [String: CachedWorkspace] = [:]
        var problems = topLevel.problems
        var (chunk, fileInChunk) = (0, 0)
        for plan in plans {
            var workspace = CachedWorkspace(stamp: plan.stamp, problems: plan.problems)
            if remembersFiles {
                workspace.files.reserveCapacity(plan.sources.count)
            }
            problems += plan.problems
            for source in plan.sources {
                switch source {
                case .kept(let entry, let stamp):
                    workspace.files.append(CachedFile(stamp: stamp, outcome: Int32(builder.copy(entry, of: table))))
                case .keptProblem(let problem, let stamp):
                    workspace.remember(problem, stamp: stamp)
                    problems.append(problem)
                case .parse(let location):
                    while fileInChunk == chunks[chunk].files.count {
                        (chunk, fileInChunk) = (chunk + 1, 0)
                    }
                    let file = chunks[chunk].files[fileInChunk]
                    fileInChunk += 1
                    let problem = file.outcome < 0 ? chunks[chunk].problems[Int(-1 - file.outcome)] : nil
                    guard remembersFiles || problem != nil else { continue }  // loaded, with nothing to remember
                    guard let stamp = file.stamp ?? FileStamp(location.path) else { continue }  // gone since listed
                    if let problem {
                        workspace.remember(problem, stamp: stamp)
                        problems.append(problem)
                    } else {
                        let entry = firstEntries[chunk] + Int(file.outcome)
                        workspace.files.append(CachedFile(stamp: stamp, outcome: Int32(entry)))
                    }
                }
            }
            if remembersFiles {
                fresh[plan.name] = workspace
            }
        }
        self.table = builder.build()
        workspaces = fresh
        lastParsedCount = parsedCount
        // Built from every entry, kept or parsed, so a reload of one file keeps the rule across files.
        return (self.table, problems + self.table.ambiguityProblems(in: dataFolder))
    }

    /// What to do with workspace `name`: keep it whole when its folder is unchanged and `scope`
    /// allows, otherwise list it and keep each file whose stamp is unchanged (unless `scope` is
    /// everything); parse the rest.
    private static func plan(
        _ name: String, in dataFolder: String, scope: ReloadScope, previous: CachedWorkspace?, table: TokenTable
    ) -> WorkspacePlan {
        let stamp = FileStamp("\(dataFolder)/\(name)")
        if scope == .changedFolders, let previous, let stamp, previous.stamp == stamp {
            return WorkspacePlan(
                name: name, stamp: stamp, problems: previous.problems,
                sources: previous.files.map(previous.source(keeping:)))
        }
        do throws(DataFolderError) {
            let listing = try DataFolderScanner.scanWorkspace(dataFolder, workspace: name)
            let known = scope == .everything ? [:] : fileNames(of: previous, table: table)
            let sources = listing.files.map { location -> Source in
                if let (cached, stamp) = known[location.fileID], FileStamp(location.path) == stamp {
                    return cached
                }
                return .parse(location)
            }
            return WorkspacePlan(name: name, stamp: stamp, problems: listing.problems, sources: sources)
        } catch {
            return WorkspacePlan(
                name: name, stamp: stamp, problems: [LoadProblem(path: "\(dataFolder)/\(name)", message: error.reason)],
                sources: [])
        }
    }

    /// A workspace's cached files by file name without `.yaml` (a token's id, or the name in a
    /// problem's path), with what each would contribute and its stamp.
    private static func fileNames(of workspace: CachedWorkspace?, table: TokenTable) -> [String: (Source, FileStamp)] {
        guard let workspace else { return [:] }
        var names = [String: (Source, FileStamp)](minimumCapacity: workspace.files.count)
        for file in workspace.files {
            let name =
                file.outcome >= 0
                ? table.hash(ofEntry: Int(file.outcome)).id
                : String(
                    workspace.fileProblems[Int(-1 - file.outcome)].path.split(separator: "/").last?.dropLast(5) ?? "")
            names[name] = (workspace.source(keeping: file), file.stamp)
        }
        return names
    }
}
