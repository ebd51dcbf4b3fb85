import Logging
import TextEscaping
import TokenVerification

extension Logger {
    /// Logs a warning per problem of `index`: any token in a file name masked, controls escaped.
    func warnOfBadFiles(in index: TokenIndex) {
        for problem in index.problems {
            let shown = TerminalText.escaped(TokenFormat.maskingTokens(in: problem.description))
            warning("bad token file", metadata: ["problem": "\(shown)"])
        }
    }
}
