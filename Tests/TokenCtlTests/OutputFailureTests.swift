import Foundation
import TestSupport
import Testing

/// A result that could not be written is a failure: `tokenctl list > /dev/full` must not exit 0 as
/// if the list had been delivered.
@Suite("Commands whose output cannot be written fail, with one line")
struct OutputFailureTests {
    @Test(
        "list, list --json and verify exit 1 when stdout is full or closed",
        arguments: [SecretDeliveryTests.Stream.full, .closed])
    func unwritableResults(_ stdout: SecretDeliveryTests.Stream) throws {
        let (repository, secret) = try SecretDeliveryTests.repository(withToken: "Live")
        let token = try #require(secret)
        let reason = stdout == .full ? "no space left on device" : "bad file descriptor"
        for (arguments, input) in [(["list"], ""), (["list", "--json"], ""), (["verify"], token)] {
            let result = try SecretDeliveryTests.run(arguments, in: repository, stdout: stdout, stdin: input)
            #expect(!result.killedBySignal && result.status == 1, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderrLines == ["tokenctl: error: cannot write to stdout: \(reason)"], "\(arguments)")
        }
    }
}
