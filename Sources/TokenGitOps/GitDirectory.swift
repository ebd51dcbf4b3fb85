import Foundation

/// Where a work tree's git data lives, found by reading files as git does, without running git.
///
/// A work tree's own git folder holds its `HEAD`, `FETCH_HEAD`, index and `HEAD` reflog; the common
/// folder holds the branches' refs. They are one folder for an ordinary clone, and differ for a linked
/// worktree (`git worktree add`), whose `.git` is a gitfile (`gitdir: PATH`) pointing at a folder
/// with a `commondir` file.
public struct GitDirectory: Hashable, Sendable {
    /// The work tree's own git folder.
    public var own: String
    /// The folder that every work tree of the repository shares.
    public var common: String

    /// The largest gitfile or `commondir` file read: each holds one path.
    static let pathFileLimit = 4_096

    /// The git folders of the work tree whose top level is `topLevel`.
    ///
    /// - Returns: `nil` when `topLevel/.git` is neither a folder nor a readable gitfile.
    public init?(topLevel: String) {
        let entry = (topLevel as NSString).appendingPathComponent(".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: entry, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            own = entry
        } else {
            guard let line = Self.firstLine(of: entry), line.hasPrefix("gitdir:") else { return nil }
            own = Self.resolve(line.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces), from: topLevel)
        }
        let ownFolder = own
        let commonFile = (ownFolder as NSString).appendingPathComponent("commondir")
        common = Self.firstLine(of: commonFile).map { Self.resolve($0, from: ownFolder) } ?? ownFolder
    }

    /// `path` made absolute against `base` when relative, and standardized.
    private static func resolve(_ path: String, from base: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return (absolute as NSString).standardizingPath
    }

    /// The first line of a small file, without its line ending; `nil` when it cannot be read, is
    /// empty or is over ``pathFileLimit`` bytes.
    static func firstLine(of path: String) -> String? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        guard let data = try? file.read(upToCount: pathFileLimit + 1), data.count <= pathFileLimit,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first
        else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
