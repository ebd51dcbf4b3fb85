import Foundation

/// A data folder written by `gen_corpus.py`, with its sample of presented tokens and their classes.
///
/// `scripts/bench-performance` writes the corpora into `$TOKENCTL_BENCH_CORPORA` before the
/// benchmarks run: `10k`, `100k` and `1m`, and `1m-scoped` (the same million tokens, half of them
/// with scopes), each with `<name>.secrets` and `<name>.secrets.expected`.
public struct Corpus: Sendable {
    /// The corpus's name: `10k`, `100k` or `1m`.
    public let name: String
    /// The data folder.
    public let dataFolder: String
    /// How many token files it holds.
    public let tokenCount: Int

    /// The corpora the benchmarks use, smallest first.
    public static let all = [
        Corpus(name: "10k", tokenCount: 10_000),
        Corpus(name: "100k", tokenCount: 100_000),
        Corpus(name: "1m", tokenCount: 1_000_000),
    ]

    /// The million tokens of `1m`, half of them with 1 to 4 scopes.
    public static let scoped = Corpus(name: "1m-scoped", tokenCount: 1_000_000)

    /// The corpus called `name`.
    public static func named(_ name: String) -> Corpus {
        (all + [scoped]).first { $0.name == name } ?? Corpus(name: name, tokenCount: 0)
    }

    private init(name: String, tokenCount: Int) {
        self.name = name
        self.tokenCount = tokenCount
        self.dataFolder = "\(Self.root)/\(name)"
    }

    /// Where the corpora are: `$TOKENCTL_BENCH_CORPORA`, or `.build/bench-corpora` of the main package.
    public static var root: String {
        if let root = ProcessInfo.processInfo.environment["TOKENCTL_BENCH_CORPORA"], !root.isEmpty { return root }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/bench-corpora").path
    }

    /// The presented tokens of the sample whose expected class is `label` (`valid`, `expired`,
    /// `revoked`, `unknown` or `malformed`), in the sample's shuffled order.
    public func presentedTokens(_ label: String) -> [String] {
        sample().filter { $0.columns.first.map(String.init) == label }.map(\.token)
    }

    /// The valid presented tokens that have scopes, each with its first scope.
    public func presentedScopedTokens() -> [(token: String, scope: String)] {
        sample().compactMap { token, columns in
            guard columns.first == "valid", columns.count > 3, columns[3] != "-",
                let scope = columns[3].split(separator: " ").first
            else { return nil }
            return (token, String(scope))
        }
    }

    /// Each presented token with its line of the `.expected` sidecar, split at tabs.
    private func sample() -> [(token: String, columns: [Substring])] {
        guard let secrets = try? String(contentsOfFile: "\(Self.root)/\(name).secrets", encoding: .utf8),
            let expected = try? String(contentsOfFile: "\(Self.root)/\(name).secrets.expected", encoding: .utf8)
        else { fatalError("no token sample for corpus \(name) in \(Self.root): run scripts/bench-performance") }
        let rows = expected.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        return zip(secrets.split(separator: "\n"), rows).map { (String($0.0), $0.1) }
    }

    /// The ids (file names without `.yaml`) of the tokens in one workspace folder, sorted.
    public func tokenIDs(inWorkspace workspace: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "\(dataFolder)/\(workspace)")) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The workspace folders, sorted.
    public var workspaces: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dataFolder)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted()
    }
}
