import Foundation
import TokenVerification

extension TokenStore {
    /// Hands a new token's secret to whoever will hold it, such as by printing it on stdout.
    ///
    /// It runs once the token file is written, under the workspace's lock. When it throws, the
    /// secret reached nobody, so the token file is removed: a token nobody holds is not kept.
    public typealias Delivery = (GeneratedToken) throws(TokenStoreError) -> Void

    /// Calls `deliver` with `generated`; when it throws, removes the token file and rethrows, saying so.
    func deliver(_ generated: GeneratedToken, in folder: String, with deliver: Delivery) throws(TokenStoreError) {
        do {
            try deliver(generated)
        } catch {
            throw .notDelivered(error, discard: discard(generated, in: folder))
        }
    }

    /// Removes the file of a token whose secret nobody got, and says what became of it.
    private func discard(_ generated: GeneratedToken, in folder: String) -> TokenStoreError.Discard {
        guard unlink(generated.path) == 0 else {
            return .notRemoved(path: generated.path, errno: errno)
        }
        do {
            try AtomicFileWriter.syncFolder(folder)
        } catch {
            return .removedNotSynced(path: generated.path, error)
        }
        return .removed(id: generated.record.id)
    }
}
