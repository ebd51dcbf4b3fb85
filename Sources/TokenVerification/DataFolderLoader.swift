import Foundation

/// Reads a data folder's token files, on several threads, into a ``DataFolderSnapshot``.
public enum DataFolderLoader {
    /// Loads every workspace of a data folder.
    ///
    /// A file that cannot be read or parsed is reported and left out; every other file loads.
    /// - Parameters:
    ///   - dataFolder: The data folder, such as `workspace`.
    ///   - parallelism: How many threads parse files; defaults to the number of active cores.
    /// - Returns: The valid records and the problems.
    /// - Throws: ``DataFolderError`` when the data folder itself cannot be read.
    public static func load(
        _ dataFolder: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(DataFolderError) -> DataFolderSnapshot {
        parse(
            try DataFolderScanner.scan(dataFolder, parallelism: parallelism), in: dataFolder, parallelism: parallelism)
    }

    /// Loads one workspace of a data folder; a workspace with no folder yet has no tokens.
    ///
    /// - Throws: ``DataFolderError`` when the workspace folder exists but cannot be read.
    public static func load(
        _ dataFolder: String, workspace: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(DataFolderError) -> DataFolderSnapshot {
        parse(
            try DataFolderScanner.scanWorkspace(dataFolder, workspace: workspace), in: dataFolder,
            parallelism: parallelism)
    }

    /// Parses the listed files and merges the results in listing order; a hash active in two files
    /// is left out and reported.
    static func parse(_ listing: DataFolderListing, in dataFolder: String, parallelism: Int) -> DataFolderSnapshot {
        var snapshot = DataFolderSnapshot(records: [], problems: listing.problems)
        snapshot.records.reserveCapacity(listing.files.count)
        for result in read(listing.files, parallelism: parallelism) {
            switch result {
            case .success(let record): snapshot.records.append(record)
            case .failure(let problem): snapshot.problems.append(problem)
            }
        }
        return snapshot.refusingAmbiguousHashes(in: dataFolder)
    }

    /// Files read and parsed by one thread, straight into a table builder of its own.
    struct ParsedChunk {
        var builder = TokenTableBuilder()
        /// Per file, in order: the stamp of what was read (`nil` when it could not be opened or no
        /// stamps were taken), and the outcome: the file's entry number in `builder`, or `-1 - n`
        /// for `problems[n]`.
        var files: [(stamp: FileStamp?, outcome: Int32)] = []
        var problems: [LoadProblem] = []
    }

    /// Reads and parses files in contiguous chunks on up to `parallelism` threads, each chunk into
    /// its own table builder; the chunks come back in the files' order.
    ///
    /// - Parameter takesStamps: Whether each file's stamp is taken (see ``TokenFileReader/init(takesStamps:)``).
    static func readIntoTables(_ files: [TokenFileLocation], parallelism: Int, takesStamps: Bool) -> [ParsedChunk] {
        let ranges = ParallelChunks.ranges(count: files.count, parallelism: parallelism, minimumChunk: 16)
        return ParallelChunks.map(count: ranges.count, parallelism: parallelism, minimumChunk: 1) { chunks in
            chunks.lazy.map { chunk in
                let reader = TokenFileReader(takesStamps: takesStamps)
                var parsed = ParsedChunk(builder: TokenTableBuilder(expectedCount: ranges[chunk].count))
                parsed.files.reserveCapacity(ranges[chunk].count)
                for file in files[ranges[chunk]] {
                    var stamp: FileStamp?
                    do throws(LoadProblem) {
                        let entry = try reader.read(file, stamp: &stamp, into: &parsed.builder)
                        parsed.files.append((stamp, Int32(entry)))
                    } catch {
                        parsed.problems.append(error)
                        parsed.files.append((stamp, Int32(-parsed.problems.count)))
                    }
                }
                return parsed
            }
        }
    }

    /// Reads and parses files in contiguous chunks, one reader per chunk, on up to `parallelism`
    /// threads; the results come back in the files' order. No file is stamped: nothing is cached.
    static func read(_ files: [TokenFileLocation], parallelism: Int) -> [Result<TokenRecord, LoadProblem>] {
        ParallelChunks.map(count: files.count, parallelism: parallelism, minimumChunk: 16) { range in
            let reader = TokenFileReader(takesStamps: false)
            return files[range].lazy.map { file in
                Result { () throws(LoadProblem) in try reader.read(file) }
            }
        }
    }
}
