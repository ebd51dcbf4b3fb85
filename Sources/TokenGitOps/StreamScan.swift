import Foundation
import TokenVerification

/// Finds the distinct real tokens in one stream of any size, such as a leaked log or a paste on
/// stdin, as `check` finds them in a repository's files: as plain text, in base64 and in UTF-16,
/// each confirmed by its checksum.
///
/// The stream is read in chunks, so its size costs no memory; what is kept is one finding per
/// distinct token.
public enum StreamScan {
    /// How many bytes are read at a time.
    static let chunkSize = 1 << 20

    /// Where the stream comes from.
    public enum Input: Hashable, Sendable {
        /// Standard input.
        case standardInput
        /// The file (or FIFO, or device) at a path, as given on the command line.
        case file(String)

        /// How messages name it: the path, or `stdin`.
        public var name: String {
            switch self {
            case .standardInput: "stdin"
            case .file(let path): path
            }
        }
    }

    /// The first finding of each distinct token in `input`, in the order the tokens first appear;
    /// a token seen again, in any encoding, adds nothing.
    ///
    /// The whole stream is read before anything is returned, so a caller that acts on the tokens
    /// acts on none when the stream cannot be read to its end.
    /// - Parameter input: What to read; a file is opened for reading only, following symbolic links.
    /// - Returns: The findings, each with the input's ``Input/name`` as its path.
    /// - Throws: ``StreamReadError`` when the input cannot be opened or read to its end.
    public static func distinctTokens(in input: Input) throws(StreamReadError) -> [PlaintextFinding] {
        let descriptor: Int32
        switch input {
        case .standardInput:
            descriptor = STDIN_FILENO
        case .file(let path):
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw StreamReadError(input: input, code: errno) }
        }
        defer {
            if descriptor != STDIN_FILENO { close(descriptor) }
        }
        var seen = Set<TokenDigest>()
        var findings: [PlaintextFinding] = []
        func keep(_ finding: PlaintextFinding) {
            if seen.insert(finding.hash).inserted {
                findings.append(finding)
            }
        }
        var scanner = PlaintextTokenScanner(path: input.name)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                guard errno == EINTR else { throw StreamReadError(input: input, code: errno) }
                continue
            }
            guard count > 0 else { break }
            scanner.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), report: keep)
        }
        scanner.finish(report: keep)
        return findings
    }
}
