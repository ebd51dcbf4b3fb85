/// Workspace names: `^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`, safe as a folder name and in a URL.
public enum WorkspaceSlug {
    /// Whether `name` is a valid workspace slug.
    ///
    /// - Parameter name: A workspace name or folder name.
    /// - Returns: `true` for 1–63 lowercase letters, digits and inner hyphens.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            isAlphanumeric(first), isAlphanumeric(last)
        else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
