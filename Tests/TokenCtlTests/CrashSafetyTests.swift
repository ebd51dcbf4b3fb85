import Foundation
import TestSupport
import Testing
import TokenVerification

@Suite("Crash safety: writers killed with SIGKILL at random moments", .serialized)
struct CrashSafetyTests {
    static let workspaceSize = 5_000
    /// 210, or 70 under AddressSanitizer: a kill is SIGKILL, which no sanitizer reports on, and
    /// each writer starts about four times slower there, so the full count made this one test the
    /// whole length of CI's AddressSanitizer pass (11 minutes) for what the plain run already shows.
    static let kills = Sanitizers.addressSanitizerIsOn ? 70 : 210

    /// A started `tokenctl` writer whose stdout goes to a file.
    final class Writer {
        let process = Process()
        let output: String

        init(_ arguments: [String], dataFolder: String, output: String) throws {
            self.output = output
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.executableURL = URL(fileURLWithPath: CommandRunner.tokenctl)
            process.arguments = arguments + ["--dir", dataFolder]
            process.environment = ["TOKENCTL_USER": "crash-test", "PATH": "/usr/bin:/bin"]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle(forWritingAtPath: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Kills the process (if still running) and waits; `true` when it had exited 0 by itself.
        func kill() -> Bool {
            if process.isRunning {
                Foundation.kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            return process.terminationReason == .exit && process.terminationStatus == 0
        }

        /// The secret it printed, if it got that far.
        var printedSecret: String? {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").first.map(String.init).flatMap {
                TokenFormat.isWellFormed($0) ? $0 : nil
            }
        }
    }

    @Test("After every kill: all files parse, no temporary file counts, printed secrets verify, finished deletes hold")
    func killWriters() throws {
        let directory = try TemporaryDirectory()
        let data = "\(directory.path)/workspace"
        var ids: [String] = []
        for number in 0..<Self.workspaceSize {
            let (secret, _) = try TestTokens.secret()
            ids.append(try TestTokens.plant(TestTokens.record(name: "seed \(number)", hash: secret.hash), in: data))
        }
        ids = ids.map { ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "") }

        // How long one writer takes here, to spread the kills over its whole run, fsync and rename
        // included: the median of a run timed now and every 30 rounds. Other suites running at the
        // same moment once made a single timed run 3.7 s instead of 1.0 s (under AddressSanitizer),
        // and every delay below scales with it.
        var probes: [Double] = []
        var duration: Double { probes.sorted()[probes.count / 2] }
        var printed: [String] = []
        var revoked: [String] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<Self.kills {
            if round % 30 == 0 {
                let started = Date()
                let probe = try Writer(
                    ["generate", "--workspace", "acme", "--name", "probe \(round)"], dataFolder: data,
                    output: "\(directory.path)/probe")
                probe.process.waitUntilExit()
                probes.append(Date().timeIntervalSince(started))
            }
            let target = ids[round]
            let arguments: [String] =
                switch round % 3 {
                case 0: ["generate", "--workspace", "acme", "--name", "crash \(round)"]
                case 1: ["delete", "--workspace", "acme", target]
                default: ["rotate", "--workspace", "acme", target]
                }
            let writer = try Writer(arguments, dataFolder: data, output: "\(directory.path)/out-\(round)")
            // Half the kills land anywhere in the run, half in its last tenth, where the file is written.
            let delay =
                round % 2 == 0
                ? Double.random(in: 0...(duration * 1.1), using: &generator)
                : Double.random(in: (duration * 0.85)...(duration * 1.05), using: &generator)
            Thread.sleep(forTimeInterval: delay)
            let finished = writer.kill()
            if let secret = writer.printedSecret {
                printed.append(secret)
            }
            if finished && round % 3 == 1 {
                revoked.append(target)
            }

            let index = try TokenIndex(loading: data)
            #expect(index.problems.isEmpty, "round \(round): \(index.problems)")
            let tokenFiles = try FileManager.default.contentsOfDirectory(atPath: "\(data)/acme")
                .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
            #expect(index.count == tokenFiles.count, "round \(round)")
            if let secret = writer.printedSecret {
                #expect(index.verify(secret).isValid, "round \(round): a printed secret must work")
            }
            if finished && round % 3 == 1 {
                let token = index.tokens().first { $0.id == target }
                #expect(token?.isRevoked == true, "round \(round): a finished delete holds")
            }
        }
        let finalIndex = try TokenIndex(loading: data)
        #expect(printed.allSatisfy { finalIndex.verify($0).isValid })
        let revokedNow = Set(finalIndex.tokens().filter(\.isRevoked).map(\.id))
        #expect(revoked.allSatisfy { revokedNow.contains($0) })
        #expect(printed.count > 10 && printed.count < Self.kills, "kills landed both before and after printing")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(data)/acme").filter { $0.hasPrefix(".") }
        print(
            "crash safety: \(Self.kills) kills over \(String(format: "%.0f", duration * 1_000)) ms runs "
                + "(timed: \(probes.map { String(format: "%.0f", $0 * 1_000) }.joined(separator: ", ")) ms); "
                + "\(printed.count) secrets printed, \(revoked.count) deletes finished, "
                + "\(leftovers.count) temporary files left behind (never loaded)")
    }
}
