import Foundation
import TestSupport
import Testing
import TokenVerification

/// Random edits of random small data folders in real git repositories: `diff` shows every one, and
/// flags every edit that can grant access as a warning.
@Suite("diff: random edits are never invisible")
struct DiffPropertyTests {
    /// The seed: `DIFF_PROPERTY_SEED` to replay a failure, else a fixed one.
    static let seed = UInt64(ProcessInfo.processInfo.environment["DIFF_PROPERTY_SEED"] ?? "") ?? 20_261_201

    @Test("40 random cases: every edit is shown, every edit that can grant access is a warning")
    func randomEdits() throws {
        var random = SplitMix64(seed: Self.seed)
        for number in 0..<40 {
            var folder = try RandomDataFolder(random: &random)
            let editCount = Int.random(in: 1...3, using: &random)
            var expectations: [RandomDataFolder.Expectation] = []
            for _ in 0..<(editCount * 10) where expectations.count < editCount {
                if let expectation = try folder.applyRandomEdit(random: &random) {
                    expectations.append(expectation)
                }
            }
            try #require(!expectations.isEmpty, "seed \(Self.seed) case \(number): no edit applied")
            try folder.commit()
            let report = try DiffJSONReport.run(folder.repository.path, "base", "HEAD")
            let context = "seed \(Self.seed) case \(number): \(expectations) -> \(report.changes)"
            #expect(!report.changes.isEmpty, "\(context)")
            for expectation in expectations {
                let matching = report.changes.filter { $0.id == expectation.target || $0.path == expectation.target }
                #expect(!matching.isEmpty, "not shown: \(expectation.edit); \(context)")
                if expectation.grantsAccess {
                    #expect(matching.contains { $0.warning }, "not a warning: \(expectation.edit); \(context)")
                }
            }
        }
    }
}
