/// A failure a command reports as one line on stderr, with its exit status.
struct CommandFailure: Error {
    /// The message, lowercase, naming the problem; never a secret.
    var message: String
    /// The process's exit status.
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Wraps any error from the libraries, whose descriptions are one line and hold no secret.
    init(_ error: any Error, exitCode: Int32 = 1) {
        self.init(String(describing: error), exitCode: exitCode)
    }
}
