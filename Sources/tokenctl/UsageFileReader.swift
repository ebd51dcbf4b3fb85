import Foundation
import TokenVerification

/// Reading a usage file named on the command line, with the C library's words for what went wrong.
enum UsageFileReader {
    /// The bytes of the file at `path`.
    ///
    /// - Returns: The bytes, or the lowercase reason they could not be read (`no such file or
    ///   directory`, `is a directory`).
    static func read(_ path: String) -> Result<Data, UsageDocumentError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(failure(errno)) }
        defer { close(descriptor) }
        var bytes = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return .success(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(failure(errno))
            }
            bytes.append(contentsOf: buffer[..<count])
        }
    }

    private static func failure(_ code: Int32) -> UsageDocumentError {
        UsageDocumentError(reason: "cannot read: \(SystemError.describe(code))")
    }
}
