import Foundation
import TextEscaping
import TokenVerification

/// The aligned text table `list` prints.
struct TokenListTable {
    var includesWorkspace: Bool
    var now: Date

    /// The header and one row per token, columns padded to their widest cell.
    func render(_ records: [TokenRecord]) -> [String] {
        var rows = [
            (includesWorkspace ? ["WORKSPACE"] : []) + ["ID", "NAME", "CREATED BY", "EXPIRES AT", "CREATED AT"]
        ]
        for record in records {
            let expiry = UTCTimestamp.formatExpiry(record.expiresAt)
            let status = TokenStatus(record, at: now)
            let marked = status == .active ? expiry : "\(expiry) (\(status.rawValue))"
            rows.append(
                (includesWorkspace ? [record.workspace] : [])
                    + [record.id, record.name, record.createdBy, marked, UTCTimestamp.format(record.createdAt)]
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
}
