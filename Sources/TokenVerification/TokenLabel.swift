/// The rules for the free-text fields a person chooses: a token's name and who made or revoked it.
public enum TokenLabel {
    /// The most Unicode scalars a name or actor may have.
    public static let maximumLength = 200

    /// Why `text` is not an acceptable label, or `nil` when it is.
    ///
    /// A label has 1–200 Unicode scalars and no control characters except tab.
    /// - Parameters:
    ///   - text: The candidate name or actor.
    ///   - field: What it is, for the message (`"name"`, `"created_by"`).
    /// - Returns: A lowercase problem description that never repeats `text`.
    public static func problem(with text: String, field: String) -> String? {
        let utf8 = text.utf8
        if (1...maximumLength).contains(utf8.count),
            utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == UInt8(ascii: "\t") })
        {
            return nil  // printable ASCII: one scalar per byte, none of them a control character
        }
        let scalars = text.unicodeScalars
        if scalars.isEmpty {
            return "\(field) is empty"
        }
        if scalars.count > maximumLength {
            return "\(field) is \(scalars.count) characters, over the \(maximumLength)-character limit"
        }
        if scalars.contains(where: { $0 != "\t" && $0.properties.generalCategory == .control }) {
            return "\(field) contains a control character"
        }
        return nil
    }
}
