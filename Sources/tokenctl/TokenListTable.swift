import Foundation
import TextEscaping
import TokenVerification

/// The aligned text table `list` prints.
struct TokenListTable {
    var includesWorkspace: Bool

    /// The header and one row per token, columns padded to their widest cell; a last SCOPES column
    /// when any token has scopes.
    ///
    /// - Parameter tokens: Each token's record, the scopes it is granted (`nil` when unscoped), and
    ///   where it stands under its workspace's policy.
    func render(_ tokens: [(record: TokenRecord, granted: [String]?, status: TokenStatus)]) -> [String] {
        let hasScopes = tokens.contains { $0.record.scopes != nil }
        var rows = [
            (includesWorkspace ? ["WORKSPACE"] : []) + ["ID", "NAME", "CREATED BY", "EXPIRES AT", "CREATED AT"]
                + (hasScopes ? ["SCOPES"] : [])
        ]
        for (record, granted, status) in tokens {
            let expiry = UTCTimestamp.formatExpiry(record.expiresAt)
            let marked = status == .active ? expiry : "\(expiry) (\(status.rawValue))"
            rows.append(
                ((includesWorkspace ? [record.workspace] : [])
                    + [record.id, record.name, record.createdBy, marked, UTCTimestamp.format(record.createdAt)]
                    + (hasScopes ? [Self.scopesCell(record.scopes, granted: granted)] : []))
                    .map(TerminalText.escaped))
        }
        let cellWidths = rows.map { $0.map(TerminalText.width) }
        let widths = rows[0].indices.map { column in cellWidths.map { $0[column] }.max() ?? 0 }
        return zip(rows, cellWidths).map { row, rowWidths in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell
                if column < row.count - 1 {
                    line += String(repeating: " ", count: widths[column] - rowWidths[column] + 2)
                }
            }
            return line
        }
    }

    /// `contacts:read deals:read`, then `(not granted: deals:write)` for the file's scopes that the
    /// policy leaves out; `(unscoped)` for a token without scopes.
    static func scopesCell(_ scopes: [String]?, granted: [String]?) -> String {
        guard let scopes else { return "(unscoped)" }
        let kept = granted ?? []
        let left = scopes.filter { !kept.contains($0) }
        return (kept + (left.isEmpty ? [] : ["(not granted: \(left.joined(separator: " ")))"])).joined(separator: " ")
    }
}
