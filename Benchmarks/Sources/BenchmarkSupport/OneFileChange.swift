import Foundation

/// Changes one token file of a corpus the way tokenctl's writers and git do: a new file renamed over
/// the old one (new inode, and the workspace folder's times change). The bytes stay the same, so the
/// corpus stays valid.
public enum OneFileChange {
    nonisolated(unsafe) private static var turn = 0

    /// Rewrites the next file of the corpus's first workspace, in turn.
    ///
    /// - Returns: The workspace and id of the file rewritten, if the corpus has one.
    @discardableResult
    public static func rewriteOneFile(in corpus: Corpus) throws -> (workspace: String, id: String)? {
        guard let workspace = corpus.workspaces.first else { return nil }
        let ids = corpus.tokenIDs(inWorkspace: workspace)
        guard !ids.isEmpty else { return nil }
        turn += 1
        let path = "\(corpus.dataFolder)/\(workspace)/\(ids[turn % ids.count]).yaml"
        let contents = try Data(contentsOf: URL(fileURLWithPath: path))
        let temporary = "\(corpus.dataFolder)/\(workspace)/.rewrite.tmp"
        try contents.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return (workspace, ids[turn % ids.count])
    }
}
