import Foundation
import TestSupport
import Testing
import TokenVerification

@testable import TokenStore

@Suite("Revoke by hash")
struct RevokeByHashTests {
    @Test("The token with the hash is revoked, expired ones too; a revoked one is left as it was")
    func revokesByHash() throws {
        let folder = try TemporaryDirectory()
        let store = TokenStore(dataFolder: folder.path)
        let (secret, _) = try TestTokens.secret()
        let expired = TestTokens.record(
            name: "Expired", hash: secret.hash, expiresAt: Date(timeIntervalSince1970: 1_790_086_400))
        try TestTokens.plant(expired, in: folder.path)
        let now = Date(timeIntervalSince1970: 1_800_000_000.7)

        let revoked = try store.revoke(hash: secret.hash, workspace: "acme", revokedBy: "bob@example.com", now: now)
        #expect(!revoked.wasAlreadyRevoked)
        #expect(
            revoked.record.revocation
                == .init(revokedBy: "bob@example.com", revokedAt: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(try TokenIndex(loading: folder.path).record(for: secret.hash) == revoked.record)

        let again = try store.revoke(hash: secret.hash, workspace: "acme", revokedBy: "carol@example.com")
        #expect(again.wasAlreadyRevoked)
        #expect(again.record.revocation?.revokedBy == "bob@example.com")
    }

    @Test("A hash with no file in the workspace revokes nothing, even a token named like its id")
    func noFileForHash() throws {
        let folder = try TemporaryDirectory()
        let store = TokenStore(dataFolder: folder.path)
        let (absent, _) = try TestTokens.secret()
        let (other, _) = try TestTokens.secret()
        // Revoking by id falls back to a name: this token's name is the absent hash's id.
        try TestTokens.plant(TestTokens.record(name: absent.hash.id, hash: other.hash), in: folder.path)
        let before = folder.snapshot()

        #expect(throws: TokenStoreError.noSuchToken(reference: absent.hash.id, workspace: "acme")) {
            try store.revoke(hash: absent.hash, workspace: "acme", revokedBy: "bob@example.com")
        }
        #expect(folder.snapshot() == before)
        #expect(throws: TokenStoreError.noWorkspace("beta", dataFolder: folder.path)) {
            try store.revoke(hash: other.hash, workspace: "beta", revokedBy: "bob@example.com")
        }
    }
}
