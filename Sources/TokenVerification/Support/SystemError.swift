import Glibc

/// Words for `errno` values, for one-line messages.
package enum SystemError {
    /// The C library's lowercase description of `code`, such as "no such file or directory".
    package static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }
}
