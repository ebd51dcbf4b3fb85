import Foundation
import TestSupport
import Testing

@Suite("serve that cannot listen says so in one line, before anything else")
struct ServeStartErrorTests {
    @Test("A busy port names host:port and what to do, and nothing is loaded or logged first")
    func busyPort() throws {
        let repository = try GitRepository()
        _ = try repository.generate(workspace: "acme", name: "CRM")
        let first = try ServerProcess(dataFolder: "workspace", in: repository.path)
        defer { _ = first.stop() }
        let second = try repository.tokenctl("serve", "--dir", "workspace", "--port", "\(first.port)")
        #expect(second.status == 1)
        #expect(second.stdout.isEmpty)
        #expect(
            second.stderr
                == "tokenctl: error: 127.0.0.1:\(first.port) is already in use: stop the other server or pick another "
                + "--port\n")
    }

    @Test("A host that does not resolve, or is not this machine's, is one line naming it")
    func unusableHost() throws {
        let repository = try GitRepository()
        _ = try repository.generate(workspace: "acme", name: "CRM")
        let unknown = try repository.tokenctl("serve", "--host", "no-such-host.invalid", "--port", "0")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("tokenctl: error: cannot listen on no-such-host.invalid:0: unknown host ("))
        // 192.0.2.0/24 is reserved for documentation: no interface of this machine has it.
        let foreign = try repository.tokenctl("serve", "--host", "192.0.2.1", "--port", "0")
        #expect(foreign.status == 1)
        #expect(foreign.stderr == "tokenctl: error: cannot listen on 192.0.2.1:0: cannot assign requested address\n")
        for result in [unknown, foreign] {
            #expect(result.stdout.isEmpty)
            #expect(result.stderrLines.count == 1, "\(result.stderr)")
        }
    }
}
