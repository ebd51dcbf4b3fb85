import Foundation
import TokenVerification

extension TestTokens {
    /// Writes a token file for `record` with a `scopes: <line>` line (as written, so a test can
    /// plant a bad one too) and returns its path; without `line`, the file has no `scopes` key.
    @discardableResult
    public static func plant(_ record: TokenRecord, scopes line: String?, in dataFolder: String) throws -> String {
        let path = try plant(record, in: dataFolder)
        guard let line else { return path }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let hash = text.range(of: "\nhash: ") else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
        }
        let scoped = text.replacingCharacters(in: hash, with: "\nscopes: \(line)\nhash: ")
        try Data(scoped.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
