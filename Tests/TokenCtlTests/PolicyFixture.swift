import Foundation
import TestSupport
import TokenVerification

/// A repository with token files that may name scopes, and policy files, written as a hand edit (or
/// any tokenctl) would leave them.
struct PolicyFixture {
    let repository: GitRepository
    var data: String { "\(repository.path)/workspace" }

    init() throws {
        repository = try GitRepository()
    }

    /// Writes `workspace/policy.yaml`, or `workspace/<workspace>/policy.yaml`, holding `version: 1`
    /// and `lines`; returns its path in the repository.
    @discardableResult
    func policy(_ workspace: String? = nil, _ lines: String...) throws -> String {
        let path = "workspace/\(workspace.map { "\($0)/" } ?? "")policy.yaml"
        try repository.directory.write(path, (["version: 1"] + lines).map { $0 + "\n" }.joined())
        return path
    }

    /// Plants a token file for `record`, with a `scopes` line when `scopes` is given; returns the record.
    @discardableResult
    func token(_ record: TokenRecord, scopes: [String]? = nil) throws -> TokenRecord {
        var unscoped = record
        unscoped.scopes = nil
        let path = try TestTokens.plant(unscoped, in: data)
        guard let scopes else { return unscoped }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\nhash: ", with: "\nscopes: \(scopes.joined(separator: " "))\nhash: ")
            .write(toFile: path, atomically: true, encoding: .utf8)
        var scoped = unscoped
        scoped.scopes = scopes.sorted()
        return scoped
    }

    /// A new token's record: created `age` ago, expiring `lifetime` after that (never when `nil`).
    func record(
        _ name: String, workspace: String = "acme", age: TimeInterval = 86_400,
        lifetime: TimeInterval? = 30 * 86_400
    ) throws -> TokenRecord {
        let (secret, _) = try TestTokens.secret()
        let created = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - age).rounded(.down))
        return TestTokens.record(
            workspace: workspace, name: name, hash: secret.hash, createdAt: created,
            expiresAt: lifetime.map { created.addingTimeInterval($0) })
    }

    /// Commits everything as the commit tagged `base`.
    func commitBase() throws {
        try repository.commitAll("base")
        _ = try repository.git("tag", "base")
    }

    /// Commits everything without the hook and returns `diff base HEAD --format json`.
    func diff() throws -> DiffJSONReport {
        _ = try repository.git("add", "-A")
        _ = try repository.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "head")
        return try DiffJSONReport.run(repository.path, "base", "HEAD")
    }

    /// The path of a token's file in the repository.
    func path(of record: TokenRecord) -> String {
        "workspace/\(record.workspace)/\(record.id).yaml"
    }
}
