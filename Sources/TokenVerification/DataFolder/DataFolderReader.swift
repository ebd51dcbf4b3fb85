/// Reads a data folder from a ``DataFolderSource`` into a ``TokenTable`` and its policies, parsing
/// files on several threads, and can remember what it read so that the next read parses only what
/// changed.
///
/// A reader that remembers files keeps each workspace's folder stamp and, per file, its stamp and
/// outcome (its entry in the last table, or its problem). The next read reuses a workspace whole
/// when a watcher's changes do not name it (``ReloadScope/changes(_:)``) or its folder stamp is
/// unchanged (``ReloadScope/changedFolders``), and otherwise each file that is not named and whose
/// stamp is unchanged; a reused token is copied from the last table, so the reader keeps no
/// second copy of any token. The table's entries are in data-folder order (workspace, then file
/// name) whatever was reused.
struct DataFolderReader {
    /// What a file came to: an entry of the table, a problem, or nothing (it was gone when read).
    private enum Outcome {
        /// The entry's number in the table.
        case entry(Int32)
        /// The problem's number in its list (a chunk's, or a remembered workspace's).
        case problem(Int32)
        case gone
    }

    private struct RememberedFile {
        var stamp: FileStamp
        var outcome: Outcome

        /// Whether the file gave an entry of the table.
        var isEntry: Bool {
            if case .entry = outcome { return true }
            return false
        }
    }

    /// A policy file as a read found it.
    private struct RememberedPolicy {
        var stamp: FileStamp?
        var outcome: PolicyOutcome

        /// The problem that makes the file's tokens grant nothing, when it is bad.
        var problem: LoadProblem? {
            if case .problem(let problem) = outcome { return problem }
            return nil
        }
    }

    /// Where a policy's outcome comes from in a read: kept from the last one, or read now.
    private enum PolicyStep {
        case keep(RememberedPolicy)
        case read(TokenFileLocation)
    }

    private struct RememberedWorkspace {
        var stamp: FileStamp?
        var policy: RememberedPolicy?
        /// The folder's own problems (listing), then those of its files that did not load.
        var problems: [LoadProblem] = []
        var fileProblems: [LoadProblem] = []
        var files: [RememberedFile] = []

        /// Remembers a file that did not load, with its stamp.
        mutating func remember(_ problem: LoadProblem, stamp: FileStamp) {
            files.append(RememberedFile(stamp: stamp, outcome: .problem(Int32(fileProblems.count))))
            fileProblems.append(problem)
        }
    }

    /// What a file gives the table being built: an entry of the builder, or a problem.
    private enum Found {
        case entry(Int)
        case problem(LoadProblem)
        case gone
    }

    /// Where a file's outcome comes from in a read: kept from the last one, or parsed now.
    private enum Step {
        case keep(RememberedFile)
        case parse(TokenFileLocation)
    }

    /// What a read does with one workspace folder.
    private struct WorkspacePlan {
        var name: String
        /// Whether every step keeps what the last read found, unlisted.
        var keptWhole = false
        var stamp: FileStamp?
        var problems: [LoadProblem]
        var steps: [Step]
        /// The problems of the last read's files, which kept steps number.
        var keptProblems: [LoadProblem] = []
        /// The workspace's policy file, if it has one.
        var policy: PolicyStep?
    }

    /// Files read and parsed by one thread, straight into a table builder of its own.
    private struct ParsedChunk<Failure: Error> {
        var builder: TokenTableBuilder
        /// Per file, in order: the stamp of what was read, if taken, and its outcome in `builder`
        /// or `problems`.
        var files: [(stamp: FileStamp?, outcome: Outcome)] = []
        var problems: [LoadProblem] = []
        /// Why the source stopped, when it did.
        var failure: Failure?

        mutating func add(_ problem: LoadProblem, stamp: FileStamp?) {
            files.append((stamp, .problem(Int32(problems.count))))
            problems.append(problem)
        }
    }

    private var workspaces: [String: RememberedWorkspace] = [:]
    /// The problems of the data folder's own entries at the last read.
    private var topProblems: [LoadProblem] = []
    /// The root policy file at the last read.
    private var rootPolicy: RememberedPolicy?
    private var table = TokenTableBuilder().build()
    /// How many files the last read parsed (the rest were reused).
    private(set) var lastParsedCount = 0
    /// Whether reads remember files by their stamps for the next read; without, no file is stamped,
    /// which saves a system call per file.
    private let remembersFiles: Bool

    /// Creates a reader whose first read parses every file.
    ///
    /// - Parameter remembersFiles: Whether to remember every file for the next read.
    init(remembersFiles: Bool) {
        self.remembersFiles = remembersFiles
    }

    /// Reads `source`, parsing what `scope` asks for and reusing the rest.
    ///
    /// A hash that stands active in two files is then refused everywhere (each copy a problem), by
    /// the table built from every entry, kept or parsed.
    /// - Returns: The new table; every problem: the data folder's, then each workspace's, then the
    ///   refused copies; the workspaces with at least one entry, sorted; and the policy files.
    /// - Throws: `Source.Failure` when the source cannot list or read; the reader is unchanged.
    mutating func read<Source: DataFolderSource>(
        _ source: Source, scope: ReloadScope, parallelism: Int
    ) throws(Source.Failure) -> DataFolderRead {
        let (names, top) = try source.topLevel()
        let topProblems = top.problems
        let previous = workspaces
        let table = self.table
        let remembers = remembersFiles
        let plans = ParallelChunks.map(count: names.count, parallelism: parallelism, minimumChunk: 1) { range in
            names[range].lazy.map {
                Self.plan(
                    $0, from: source, scope: scope, previous: remembers ? previous[$0] : nil, table: table,
                    takesStamp: remembers)
            }
        }
        var toParse: [TokenFileLocation] = []
        var stepCount = 0
        for plan in plans {
            stepCount += plan.steps.count
            for case .parse(let location) in plan.steps {
                toParse.append(location)
            }
        }
        let parsedCount = toParse.count
        let rootStep = top.policy.map {
            Self.policyStep($0, from: source, previous: remembersFiles ? rootPolicy : nil, named: scope == .everything)
        }
        let policies = try Self.readPolicies(root: rootStep, plans, from: source, takingStamps: remembers)
        let reordering = parsedCount < stepCount
        let removed = remembers && reordering ? Self.removedEntries(plans, previous: previous) : []
        let patching = reordering && remembers && Self.patches(table, removing: removed.count, adding: parsedCount)

        // Parsed files come first in the builder, chunk by chunk: the first chunk's builder becomes
        // the table's, the others and then kept entries are appended, and the entries are put in
        // folder order at the end when any was kept. Each chunk's entries are freed as soon as they
        // are copied, to keep the peak down. A patch copies no kept entry: the last table is
        // patched with the parsed ones, which are numbered after its entries.
        var chunks = Self.parse(
            toParse, from: source, parallelism: source.readsInParallel ? parallelism : 1, takingStamps: remembers)
        toParse = []
        if let failure = chunks.lazy.compactMap(\.failure).first {
            throw failure
        }
        var builder = TokenTableBuilder()
        if !chunks.isEmpty {
            swap(&builder, &chunks[0].builder)
        }
        let firstParsedEntry = patching ? table.entryCount : 0
        if !patching {
            builder.reserveCapacity(stepCount)
        }
        var firstEntries = [firstParsedEntry]
        for index in chunks.indices.dropFirst() {
            firstEntries.append(firstParsedEntry + builder.append(chunks[index].builder))
            chunks[index].builder = TokenTableBuilder()
        }
        var order: [Int] = []
        var entryCount = 0
        var fresh: [String: RememberedWorkspace] = [:]
        var problems = topProblems + [policies.root?.problem].compactMap { $0 }
        var withEntries: [String] = []
        var (chunk, fileInChunk) = (0, 0)
        for plan in plans {
            if patching && plan.keptWhole, let kept = previous[plan.name] {
                problems += kept.problems + [kept.policy?.problem].compactMap { $0 } + kept.fileProblems
                fresh[plan.name] = kept
                if kept.files.contains(where: \.isEntry) {
                    withEntries.append(plan.name)
                }
                continue
            }
            var hasEntry = false
            var workspace = RememberedWorkspace(
                stamp: plan.stamp, policy: policies.workspaces[plan.name], problems: plan.problems)
            problems += plan.problems + [workspace.policy?.problem].compactMap { $0 }
            for step in plan.steps {
                let stamp: FileStamp?
                let found: Found
                switch step {
                case .keep(let file):
                    stamp = file.stamp
                    switch file.outcome {
                    case .entry(let entry): found = .entry(patching ? Int(entry) : builder.copy(Int(entry), of: table))
                    case .problem(let number): found = .problem(plan.keptProblems[Int(number)])
                    case .gone: found = .gone
                    }
                case .parse:
                    while fileInChunk == chunks[chunk].files.count {
                        (chunk, fileInChunk) = (chunk + 1, 0)
                    }
                    let parsed = chunks[chunk].files[fileInChunk]
                    fileInChunk += 1
                    stamp = parsed.stamp
                    switch parsed.outcome {
                    case .entry(let entry): found = .entry(firstEntries[chunk] + Int(entry))
                    case .problem(let number): found = .problem(chunks[chunk].problems[Int(number)])
                    case .gone: found = .gone
                    }
                }
                switch found {
                case .entry(let entry):
                    hasEntry = true
                    // In a patch an entry keeps its number; otherwise entries are numbered in order.
                    var number = entry
                    if !patching {
                        if reordering {
                            order.append(entry)
                        }
                        number = entryCount
                        entryCount += 1
                    }
                    if remembers, let stamp {
                        workspace.files.append(RememberedFile(stamp: stamp, outcome: .entry(Int32(number))))
                    }
                case .problem(let problem):
                    problems.append(problem)
                    if remembers, let stamp {
                        workspace.remember(problem, stamp: stamp)
                    }
                case .gone:
                    break
                }
            }
            if remembers {
                fresh[plan.name] = workspace
            }
            if hasEntry {
                withEntries.append(plan.name)
            }
        }
        if patching {
            self.table = builder.patch(table, removing: removed)
        } else {
            if reordering {
                builder.reorder(order)
            }
            self.table = builder.build()
        }
        workspaces = fresh
        self.topProblems = topProblems
        rootPolicy = policies.root
        lastParsedCount = parsedCount
        var outcomes: [String: PolicyOutcome] = [:]
        for (name, workspace) in fresh {
            outcomes[name] = workspace.policy?.outcome
        }
        if !remembers {
            outcomes = policies.workspaces.mapValues(\.outcome)
        }
        return DataFolderRead(
            table: self.table, problems: problems + self.table.ambiguityProblems(in: source.dataFolder),
            workspaces: withEntries, policies: DataFolderPolicies(root: policies.root?.outcome, workspaces: outcomes))
    }

    /// Whether to read the policy file at `location` again: unless a watcher's changes leave it out
    /// (`named` is false) and its stamp is the last read's.
    private static func policyStep<Source: DataFolderSource>(
        _ location: TokenFileLocation, from source: Source, previous: RememberedPolicy?, named: Bool
    ) -> PolicyStep {
        if !named, let previous, let stamp = previous.stamp, source.stamp(of: location) == stamp {
            return .keep(previous)
        }
        return .read(location)
    }

    /// Reads the policy files the steps ask for, in one pass of the source.
    ///
    /// - Returns: The root policy and each planned workspace's, by workspace.
    private static func readPolicies<Source: DataFolderSource>(
        root: PolicyStep?, _ plans: [WorkspacePlan], from source: Source, takingStamps: Bool
    ) throws(Source.Failure) -> (root: RememberedPolicy?, workspaces: [String: RememberedPolicy]) {
        var found: [String: RememberedPolicy] = [:]
        var toRead: [TokenFileLocation] = []
        for (name, step) in [("", root)] + plans.map({ ($0.name, $0.policy) }) {
            switch step {
            case .keep(let kept)?: found[name] = kept
            case .read(let location)?: toRead.append(location)
            case nil: break
            }
        }
        if !toRead.isEmpty {
            let stream = YAMLEventStream()
            try source.read(toRead[...], takingStamps: takingStamps) { location, file in
                let governed: String? = location.workspace.isEmpty ? nil : location.workspace
                let path = "\(location.folder)/\(PolicyFileParser.fileName)"
                let outcome: PolicyOutcome
                var stamp: FileStamp?
                switch file {
                case .bytes(let bytes, let taken):
                    stamp = taken
                    do throws(LoadProblem) {
                        outcome = .policy(
                            try PolicyFileParser.parse(bytes, path: path, workspace: governed, stream: stream))
                    } catch {
                        outcome = .problem(error)
                    }
                case .problem(let problem, let taken):
                    stamp = taken
                    outcome = .problem(LoadProblem(policyAt: path, workspace: governed, message: problem.message))
                case .gone:
                    return
                }
                found[location.workspace] = RememberedPolicy(stamp: stamp, outcome: outcome)
            }
        }
        let root = found.removeValue(forKey: "")
        return (root, found)
    }

    /// What differs in `source` from what the last read found, by stamps, without reading any
    /// file: workspaces that appeared or went away (whole), and in the others every file whose stamp
    /// changed, that appeared, or that went away, and the listing when the folder's stamp changed.
    /// A reader that remembers nothing names every workspace whole.
    func changes<Source: DataFolderSource>(in source: Source) throws(Source.Failure) -> DataFolderChanges {
        var changes = DataFolderChanges()
        let (names, top) = try source.topLevel()
        changes.dataFolderEntries =
            top.problems != topProblems || top.policy.map { source.stamp(of: $0) } != rootPolicy.map(\.stamp)
        var listed = Set<String>()
        for name in names {
            listed.insert(name)
            guard let before = workspaces[name] else {
                changes.dataFolderEntries = true
                changes.changedWhole(name)
                continue
            }
            if source.stamp(ofWorkspace: name) != before.stamp {
                changes.changedEntries(in: name)
            }
            var known = Self.filesByName(before, table: table)
            let listing = source.listing(ofWorkspace: name)
            if listing.policy.map({ source.stamp(of: $0) }) != before.policy.map(\.stamp) {
                changes.changedFile(PolicyFileParser.fileID, in: name)
            }
            for location in listing.files {
                let file = known.removeValue(forKey: location.fileID)
                if file == nil || source.stamp(of: location) != file?.stamp {
                    changes.changedFile(location.fileID, in: name)
                }
            }
            for fileID in known.keys {
                changes.changedFile(fileID, in: name)
            }
        }
        for name in workspaces.keys where !listed.contains(name) {
            changes.dataFolderEntries = true
            changes.changedWhole(name)
        }
        return changes
    }

    /// Whether to patch `table` rather than build a new one: when the change is small beside it, the
    /// result fits its slots, and the entries patches have removed stay few (a build sheds them).
    private static func patches(_ table: TokenTable, removing removed: Int, adding added: Int) -> Bool {
        let present = table.entryCount - table.removedCount
        let change = removed + added
        return change <= max(present / 16, 64) && table.removedCount + removed <= table.entryCount / 8
            && table.fits(present - removed + added)
    }

    /// The entries of the last table that a read with `plans` does not keep: those of the files
    /// each re-listed workspace no longer keeps, and every entry of a workspace that is gone.
    private static func removedEntries(_ plans: [WorkspacePlan], previous: [String: RememberedWorkspace]) -> [Int] {
        var removed: [Int] = []
        var planned = Set<String>()
        for plan in plans {
            planned.insert(plan.name)
            guard !plan.keptWhole, let before = previous[plan.name] else { continue }
            var kept = Set<Int32>()
            for case .keep(let file) in plan.steps {
                if case .entry(let entry) = file.outcome {
                    kept.insert(entry)
                }
            }
            for file in before.files {
                if case .entry(let entry) = file.outcome, !kept.contains(entry) {
                    removed.append(Int(entry))
                }
            }
        }
        for (name, before) in previous where !planned.contains(name) {
            for file in before.files {
                if case .entry(let entry) = file.outcome {
                    removed.append(Int(entry))
                }
            }
        }
        return removed
    }

    /// What to do with workspace `name`: keep it whole when `scope` names changes elsewhere, or when
    /// its folder is unchanged and `scope` allows; otherwise list it and keep each file that `scope`
    /// does not name and whose stamp is unchanged (not compared for named changes, which say what
    /// changed; every file is parsed for ``ReloadScope/everything``); parse the rest.
    private static func plan<Source: DataFolderSource>(
        _ name: String, from source: Source, scope: ReloadScope, previous: RememberedWorkspace?, table: TokenTable,
        takesStamp: Bool
    ) -> WorkspacePlan {
        var changedFiles: Set<String> = []
        var comparesStamps = true
        var reusesFiles = true
        switch scope {
        case .changes(let changes):
            if let previous, !changes.wholeWorkspaces.contains(name) {
                guard let named = changes.files[name] else {
                    return keeping(previous, name: name, stamp: previous.stamp)
                }
                (changedFiles, comparesStamps) = (named, false)
            } else {
                reusesFiles = false
            }
        case .changedFolders:
            if let previous, takesStamp, let stamp = source.stamp(ofWorkspace: name), previous.stamp == stamp {
                return keeping(previous, name: name, stamp: stamp)
            }
        case .changedFiles:
            break
        case .everything:
            reusesFiles = false
        }
        let stamp = takesStamp ? source.stamp(ofWorkspace: name) : nil
        let listing = source.listing(ofWorkspace: name)
        let policy = listing.policy.map { location in
            Self.policyStep(
                location, from: source, previous: reusesFiles ? previous?.policy : nil,
                named: changedFiles.contains(PolicyFileParser.fileID))
        }
        let known = reusesFiles ? filesByName(previous, table: table) : [:]
        let steps = listing.files.map { location -> Step in
            if let file = known[location.fileID], !changedFiles.contains(location.fileID),
                !comparesStamps || source.stamp(of: location) == file.stamp
            {
                return .keep(file)
            }
            return .parse(location)
        }
        return WorkspacePlan(
            name: name, stamp: stamp, problems: listing.problems, steps: steps,
            keptProblems: previous?.fileProblems ?? [], policy: policy)
    }

    /// The plan that keeps workspace `name` as last read.
    private static func keeping(_ previous: RememberedWorkspace, name: String, stamp: FileStamp?) -> WorkspacePlan {
        WorkspacePlan(
            name: name, keptWhole: true, stamp: stamp, problems: previous.problems,
            steps: previous.files.map(Step.keep), keptProblems: previous.fileProblems,
            policy: previous.policy.map(PolicyStep.keep))
    }

    /// A remembered workspace's files by file name without `.yaml`: the token's id (its entry is in
    /// `table`) for a file that loaded, the name its problem is about for one that did not.
    private static func filesByName(_ workspace: RememberedWorkspace?, table: TokenTable) -> [String: RememberedFile] {
        guard let workspace else { return [:] }
        var files = [String: RememberedFile](minimumCapacity: workspace.files.count)
        for file in workspace.files {
            switch file.outcome {
            case .entry(let entry):
                files[table.hash(ofEntry: Int(entry)).id] = file
            case .problem(let number):
                if case .tokenFile(_, let fileID) = workspace.fileProblems[Int(number)].subject {
                    files[fileID] = file
                }
            case .gone:
                break
            }
        }
        return files
    }

    /// Reads and parses files in contiguous chunks on up to `parallelism` threads, each chunk into
    /// its own table builder with its own event stream; the chunks come back in the files' order.
    private static func parse<Source: DataFolderSource>(
        _ files: [TokenFileLocation], from source: Source, parallelism: Int, takingStamps: Bool
    ) -> [ParsedChunk<Source.Failure>] {
        let ranges = ParallelChunks.ranges(count: files.count, parallelism: parallelism, minimumChunk: 16)
        return ParallelChunks.map(count: ranges.count, parallelism: parallelism, minimumChunk: 1) { chunks in
            chunks.lazy.map { chunk in
                let stream = YAMLEventStream()
                var parsed = ParsedChunk<Source.Failure>(builder: TokenTableBuilder(expectedCount: ranges[chunk].count))
                parsed.files.reserveCapacity(ranges[chunk].count)
                do throws(Source.Failure) {
                    try source.read(files[ranges[chunk]], takingStamps: takingStamps) { location, file in
                        switch file {
                        case .bytes(let bytes, let stamp):
                            do throws(LoadProblem) {
                                let entry = try TokenFileParser.parse(
                                    bytes, location: location, stream: stream, into: &parsed.builder)
                                parsed.files.append((stamp, .entry(Int32(entry))))
                            } catch {
                                parsed.add(error, stamp: stamp)
                            }
                        case .problem(let problem, let stamp):
                            parsed.add(problem, stamp: stamp)
                        case .gone:
                            parsed.files.append((nil, .gone))
                        }
                    }
                } catch {
                    parsed.failure = error
                }
                return parsed
            }
        }
    }
}
