import TextEscaping
import TokenVerification

extension LoadProblem {
    /// The problem as a log line shows it: any token in a file name masked, controls escaped.
    var shownInLog: String {
        TerminalText.escaped(TokenFormat.maskingTokens(in: description))
    }
}
