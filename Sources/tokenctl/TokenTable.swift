import Foundation
import TokenVerification

/// The aligned text table `list` prints.
struct TokenTable {
    var includesWorkspace: Bool
    var now: Date

    /// The header and one row per token, columns padded to their widest cell.
    func render(_ records: [TokenRecord]) -> [String] {
        var rows = [
            (includesWorkspace ? ["WORKSPACE"] : []) + ["ID", "NAME", "CREATED BY", "EXPIRES AT", "CREATED AT"]
        ]
        for record in records {
            let expiry = record.expiresAt.map(UTCTimestamp.format) ?? "never"
            let status = TokenStatus(record, at: now)
            let marked = status == .active ? expiry : "\(expiry) (\(status.rawValue))"
            rows.append(
                (includesWorkspace ? [record.workspace] : [])
                    + [
                        record.id, TerminalText.escaped(record.name), TerminalText.escaped(record.createdBy), marked,
                        UTCTimestamp.format(record.createdAt),
                    ])
        }
        let widths = rows[0].indices.map { column in rows.map { TerminalText.width($0[column]) }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line +=
                    isLast ? cell : cell + String(repeating: " ", count: widths[column] - TerminalText.width(cell) + 2)
            }
            return line
        }
    }
}
