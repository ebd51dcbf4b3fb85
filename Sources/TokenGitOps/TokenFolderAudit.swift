import Foundation
import TokenVerification

/// The checks that span files: what no single token file can show by itself.
public enum TokenFolderAudit {
    /// Duplicate hashes across workspaces, and duplicate names among a workspace's active tokens.
    ///
    /// A token and its `rotated_from` predecessor may share a name while both are active: that is
    /// a rotation's overlap.
    /// - Parameters:
    ///   - snapshot: The loaded data folder.
    ///   - dataFolder: The data folder's path, for the reported paths.
    ///   - now: The time that decides which tokens are active.
    /// - Returns: One problem per offending file, after the first of its group.
    public static func problems(in snapshot: DataFolderSnapshot, dataFolder: String, at now: Date) -> [LoadProblem] {
        var problems: [LoadProblem] = []
        var firstByHash: [TokenDigest: TokenRecord] = [:]
        for record in snapshot.records {
            if let first = firstByHash[record.hash] {
                problems.append(
                    LoadProblem(
                        path: path(of: record, in: dataFolder),
                        message: "duplicate hash: the same token is also in \(path(of: first, in: dataFolder))"))
            } else {
                firstByHash[record.hash] = record
            }
        }
        var activeByName: [String: [TokenRecord]] = [:]
        for record in snapshot.records where record.isActive(at: now) {
            let key = "\(record.workspace)/\(record.name)"
            let clash = activeByName[key, default: []].first { other in
                other.rotatedFrom != record.id && record.rotatedFrom != other.id
            }
            if let clash {
                problems.append(
                    LoadProblem(
                        path: path(of: record, in: dataFolder),
                        message:
                            "duplicate name: active token \(clash.id) in workspace \(record.workspace) has the same name"
                    ))
            }
            activeByName[key, default: []].append(record)
        }
        return problems
    }

    /// Warnings for active tokens that expire within `window` of `now`, or never expire.
    public static func expiryWarnings(
        in snapshot: DataFolderSnapshot, dataFolder: String, within window: TimeInterval, at now: Date
    ) -> [LoadProblem] {
        snapshot.records.compactMap { record in
            guard record.isActive(at: now) else { return nil }
            let path = path(of: record, in: dataFolder)
            guard let expiresAt = record.expiresAt else {
                return LoadProblem(path: path, message: "warning: token \(record.id) never expires")
            }
            guard expiresAt.timeIntervalSince(now) <= window else { return nil }
            let hours = Int(expiresAt.timeIntervalSince(now) / 3_600)
            let left = hours >= 48 ? "\(hours / 24) days" : "\(hours) hours"
            return LoadProblem(
                path: path,
                message: "warning: token \(record.id) expires in \(left), at \(UTCTimestamp.format(expiresAt))")
        }
    }

    /// Where a valid record's file is: `<data folder>/<workspace>/<id>.yaml`.
    public static func path(of record: TokenRecord, in dataFolder: String) -> String {
        "\(dataFolder)/\(record.workspace)/\(record.id).yaml"
    }
}
