import ArgumentParser
import Foundation

/// A command, option or shell name on the command line that `tokenctl` does not have, reported with
/// the closest real command or option.
enum MistypedArguments {
    /// The commands, in the order help lists them.
    static var commandNames: [String] { TokenCtl.configuration.subcommands.map { $0._commandName } }

    /// The failure for a first argument that names no command (`tokenctl lst`), or for `help`
    /// followed by one (`tokenctl help generat`).
    ///
    /// - Parameter arguments: The command line after the program name.
    /// - Returns: nil when the command named is real, or none is named.
    static func unknownCommand(in arguments: [String]) -> CommandFailure? {
        let words = arguments.first == "help" ? arguments.dropFirst() : arguments[...]
        guard let word = words.first, !word.hasPrefix("-"), !(commandNames + ["help"]).contains(word) else {
            return nil
        }
        return .unknownCommand(word, suggestion: Spelling.closest(to: word, among: commandNames))
    }

    /// The failure that explains why the command line did not parse better than the parser's own
    /// error: a long option the command does not have (which the parser may report only as another
    /// option missing), or a shell with no completion script.
    ///
    /// - Parameter arguments: The command line after the program name, which did not parse.
    /// - Returns: nil when neither is wrong.
    static func explanation(in arguments: [String]) -> CommandFailure? {
        unknownShell(in: arguments) ?? unknownOption(in: arguments)
    }

    private static func unknownOption(in arguments: [String]) -> CommandFailure? {
        guard let name = arguments.first,
            let command = TokenCtl.configuration.subcommands.first(where: { $0._commandName == name })
        else { return nil }
        let options = longOptions(of: command)
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst(), argument != "--" {
            guard argument.hasPrefix("--") else { continue }
            let given = String(argument.dropFirst(2).prefix { $0 != "=" })
            if let option = options.first(where: { $0.name == given }) {
                if option.takesValue && !argument.contains("=") {
                    _ = rest.popFirst()
                }
                continue
            }
            let suggestion = Spelling.closest(to: given, among: options.map(\.name))
            return .unknownOption("--" + given, command: name, suggestion: suggestion.map { "--" + $0 })
        }
        return nil
    }

    private static func unknownShell(in arguments: [String]) -> CommandFailure? {
        let flag = "--generate-completion-script"
        guard let position = arguments.firstIndex(where: { $0 == flag || $0.hasPrefix(flag + "=") }) else {
            return nil
        }
        let shell: String? =
            arguments[position] == flag
            ? arguments.dropFirst(position + 1).first.flatMap { $0.hasPrefix("-") ? nil : $0 }
            : String(arguments[position].dropFirst(flag.count + 1))
        guard let shell else { return .unsupportedShell(nil) }
        return CompletionShell.allCases.map(\.rawValue).contains(shell) ? nil : .unsupportedShell(shell)
    }

    /// The command's long options, without their dashes, and whether each takes a value; `help` and
    /// `version` too.
    private static func longOptions(of command: any ParsableCommand.Type) -> [(name: String, takesValue: Bool)] {
        let builtIn = [("help", false), ("version", false)]
        guard let root = try? JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8)) as? [String: Any],
            let arguments = (root["command"] as? [String: Any])?["arguments"] as? [[String: Any]]
        else { return builtIn }
        return builtIn
            + arguments.flatMap { argument in
                let takesValue = argument["kind"] as? String == "option"
                return (argument["names"] as? [[String: Any]] ?? []).compactMap { name in
                    name["kind"] as? String == "long" ? (name["name"] as? String).map { ($0, takesValue) } : nil
                }
            }
    }
}
