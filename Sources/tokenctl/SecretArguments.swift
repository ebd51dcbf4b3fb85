import TokenVerification

/// Refusing a token on the command line, where shell history, `ps` and CI logs keep it, and from
/// where a command could copy it into a file or a message.
enum SecretArguments {
    /// The failure for a command line with a token (prefix and valid checksum) in any argument, whole
    /// or within one (`--name=…`).
    ///
    /// - Parameter arguments: The command line after the program name.
    /// - Returns: nil when no argument holds a token.
    static func refusal(in arguments: [String]) -> CommandFailure? {
        guard arguments.contains(where: { TokenFormat.maskingTokens(in: $0) != $0 }) else { return nil }
        return arguments.first == "verify" ? .argumentsToVerify : .tokenInArguments
    }
}
