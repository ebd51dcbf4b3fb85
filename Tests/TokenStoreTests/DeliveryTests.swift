import Foundation
import TestSupport
import Testing
import TokenStore
import TokenVerification

@Suite("Token store: a token whose secret was not delivered is not kept")
struct DeliveryTests {
    static let refusal = TokenStoreError.secretNotWritten(destination: "stdout", errno: ENOSPC)

    @Test("A delivery that throws removes the new file, and the error says so")
    func generateDiscards() throws {
        let directory = try TemporaryDirectory()
        var delivered: [String] = []
        let error = #expect(throws: TokenStoreError.self) {
            try TokenStore(dataFolder: directory.path)
                .generate(workspace: "acme", name: "CRM", expiry: .days(30), createdBy: "alice@example.com") {
                    generated throws(TokenStoreError) in
                    delivered.append(generated.record.id)
                    #expect(FileManager.default.fileExists(atPath: generated.path), "delivered after the write")
                    throw Self.refusal
                }
        }
        let id = try #require(delivered.first)
        #expect(error == .notDelivered(Self.refusal, discard: .removed(id: id)))
        #expect(
            error?.description
                == "cannot write the token to stdout: no space left on device; the new token \(id) was not kept")
        #expect(directory.allFiles().isEmpty)
    }

    @Test(
        "rotate delivers before it touches the old file, which a failed delivery leaves byte for byte",
        arguments: [nil, 3_600.0])
    func rotateLeavesTheOldFile(overlap: TimeInterval?) throws {
        let directory = try TemporaryDirectory()
        let store = TokenStore(dataFolder: directory.path)
        let old = try store.generate(workspace: "acme", name: "CRM", expiry: .days(30), createdBy: "alice@example.com")
        let before = directory.snapshot()
        let error = #expect(throws: TokenStoreError.self) {
            try store.rotate(workspace: "acme", reference: "CRM", overlap: overlap, actor: "bob@example.com") {
                _ throws(TokenStoreError) in
                #expect(directory.snapshot()["acme/\(old.record.id).yaml"] == before["acme/\(old.record.id).yaml"])
                throw Self.refusal
            }
        }
        let discarded = if case .notDelivered(Self.refusal, discard: .removed) = error { true } else { false }
        #expect(discarded, "\(String(describing: error))")
        #expect(directory.snapshot() == before)
    }
}
