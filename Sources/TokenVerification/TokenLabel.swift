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
