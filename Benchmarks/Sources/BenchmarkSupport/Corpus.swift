import Foundation

/// A data folder written by `gen_corpus.py`, with its sample of presented tokens and their classes.
///
/// `scripts/bench-performance` writes the corpora into `$TOKENCTL_BENCH_CORPORA` before the
/// benchmarks run: `10k`, `100k` and `1m`, each with `<name>.secrets` and `<name>.secrets.expected`.
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

    /// The corpus called `name`.
    public static func named(_ name: String) -> Corpus {
        all.first { $0.name == name } ?? Corpus(name: name, tokenCount: 0)
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
        guard let secrets = try? String(contentsOfFile: "\(Self.root)/\(name).secrets", encoding: .utf8),
            let expected = try? String(contentsOfFile: "\(Self.root)/\(name).secrets.expected", encoding: .utf8)
        else { fatalError("no token sample for corpus \(name) in \(Self.root): run scripts/bench-performance") }
        let classes = expected.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "\t").first.map(String.init) ?? ""
        }
        return zip(secrets.split(separator: "\n"), classes).filter { $0.1 == label }.map { String($0.0) }
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
