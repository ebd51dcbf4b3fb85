/// The rules for the free-text fields a person chooses: a token's name and who made or revoked it.
public enum TokenLabel {
    /// The most Unicode scalars a name or actor may have.
    public static let maximumLength = 200

    /// ``problem(with:field:)`` for a label's UTF-8 bytes, making a string only when they are not
    /// printable ASCII.
    package static func problem(withUTF8 bytes: UnsafeRawBufferPointer, field: String) -> String? {
        isPrintableASCII(bytes) ? nil : problem(with: String(decoding: bytes, as: UTF8.self), field: field)
    }

    /// Whether `bytes` are 1–200 printable ASCII characters or tabs: one scalar per byte, none of
    /// them a control character, so an acceptable label.
    private static func isPrintableASCII(_ bytes: some Collection<UInt8>) -> Bool {
        (1...maximumLength).contains(bytes.count)
            && bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == UInt8(ascii: "\t") }
    }

    /// Why `text` is not an acceptable label, or `nil` when it is.
    ///
    /// A label has 1–200 Unicode scalars and no control characters except tab.
    /// - Parameters:
    ///   - text: The candidate name or actor.
    ///   - field: What it is, for the message (`"name"`, `"created_by"`).
    /// - Returns: A lowercase problem description that never repeats `text`.
    public static func problem(with text: String, field: String) -> String? {
        if isPrintableASCII(text.utf8) {
            return nil
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
