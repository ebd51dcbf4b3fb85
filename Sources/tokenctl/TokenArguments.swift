import ArgumentParser

/// `--workspace WS ID|NAME`: the one existing token a command acts on.
struct TokenArguments: ParsableArguments {
    @Option(help: "The workspace slug.")
    var workspace: String

    // Collected unparsed, so a name such as "-legacy hook" is not read as short flags (-l -e … -h).
    @Argument(parsing: .allUnrecognized, help: "The token's id (12 hex digits) or its name.")
    var token: [String] = []

    func validate() throws {
        guard token.count == 1 else {
            throw ValidationError(Self.oneTokenNeeded)
        }
    }

    /// What a command that acts on one token says when it is given none, or more than one.
    static let oneTokenNeeded = "name exactly one token: its id or its name (quoted if it has spaces)"

    /// The id or name given.
    var reference: String { token.first ?? "" }
}
