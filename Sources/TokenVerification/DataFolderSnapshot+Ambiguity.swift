/// The rule that spans files, applied to a snapshot: an active hash in two files grants nothing.
extension DataFolderSnapshot {
    /// This snapshot without the records whose hash stands active in another file too (with no
    /// revoked copy anywhere, which would win), each such file reported as a problem.
    ///
    /// - Parameter dataFolder: The data folder's path, for the reported paths.
    package func refusingAmbiguousHashes(in dataFolder: String) -> DataFolderSnapshot {
        let table = TokenTableBuilder(records: records).build()
        guard !table.ambiguousEntries.isEmpty else { return self }
        let refused = Set(table.ambiguousEntries)
        return DataFolderSnapshot(
            records: records.indices.filter { !refused.contains($0) }.map { records[$0] },
            problems: problems + table.ambiguityProblems(in: dataFolder))
    }
}
