import Foundation

/// A fresh folder under the system's temporary directory, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder's absolute path.
    public let path: String

    /// Creates an empty folder.
    public init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/tokenctl-test-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `relativePath`, creating folders on the way.
    @discardableResult
    public func write(_ relativePath: String, _ contents: [UInt8]) throws -> String {
        let full = "\(path)/\(relativePath)"
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes UTF-8 `text` to `relativePath`.
    @discardableResult
    public func write(_ relativePath: String, _ text: String) throws -> String {
        try write(relativePath, Array(text.utf8))
    }

    /// Every regular file below the folder, as paths relative to it, sorted; `.git/` only when asked for.
    public func allFiles(includingGit: Bool = false) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var files: [String] = []
        while let next = enumerator?.nextObject() as? String {
            if !includingGit && (next == ".git" || next.hasPrefix(".git/")) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(path)/\(next)", isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(next)
            }
        }
        return files.sorted()
    }

    /// Every file's bytes, by relative path: a picture of the tree to compare before and after.
    public func snapshot(includingGit: Bool = false) -> [String: Data] {
        var contents: [String: Data] = [:]
        for file in allFiles(includingGit: includingGit) {
            contents[file] = FileManager.default.contents(atPath: "\(path)/\(file)")
        }
        return contents
    }
}
