internal import CMemory
import TokenVerification

extension TokenIndex {
    /// Readies a freshly loaded index for service, on the thread that loaded it rather than an
    /// event loop: the expiries that `/healthz` counts are sorted before the first probe, and, when
    /// `releasingMemory`, the load's scratch memory goes back to the system (so the server keeps
    /// only its index resident).
    func prepareForService(releasingMemory: Bool = true) {
        if releasingMemory {
            Self.releaseFreeMemory()
        }
        _ = activeCount()
    }

    /// Hands the heap's free pages back to the system (glibc's `malloc_trim`).
    static func releaseFreeMemory() {
        cmemory_release_free_pages()
    }
}
