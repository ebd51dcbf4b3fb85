/// The problems of a hash that stands active in two files: each copy is reported, naming the others.
extension TokenTable {
    /// How many other files a problem names before it only counts the rest.
    private static let namedCopies = 3

    /// One problem per entry in ``ambiguousEntries``, at the file it came from under `dataFolder`
    /// (`<data folder>/<workspace>/<id>.yaml`), naming the other files that hold the same hash;
    /// sorted by path.
    func ambiguityProblems(in dataFolder: String) -> [LoadProblem] {
        guard !ambiguousEntries.isEmpty else { return [] }
        var copiesByHash: [TokenDigest: [TokenFileLocation]] = [:]
        for number in ambiguousEntries {
            let entry = entry(number)
            let location = TokenFileLocation(
                dataFolder: dataFolder, workspace: strings[Int(entry.workspace)], id: entry.hash.id)
            copiesByHash[entry.hash, default: []].append(location)
        }
        var problems: [LoadProblem] = []
        for copies in copiesByHash.values {
            for copy in copies {
                let others = copies.map(\.path).filter { $0 != copy.path }.sorted()
                let unnamed = others.count - Self.namedCopies
                let named = others.prefix(Self.namedCopies).joined(separator: ", ")
                problems.append(
                    LoadProblem(
                        copy,
                        message: "active hash also in \(named)\(unnamed > 0 ? " and \(unnamed) more files" : ""): "
                            + "no copy grants access until only one stays"))
            }
        }
        return problems.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
