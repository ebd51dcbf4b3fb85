internal import CMemory
import TokenVerification

extension TokenIndex {
    /// Readies a freshly loaded index for service, on the thread that loaded it rather than an
    /// event loop: the load's scratch memory goes back to the system (so the server keeps only its
    /// index resident), and the expiries that `/healthz` counts are sorted before the first probe.
    func prepareForService() {
        cmemory_release_free_pages()
        _ = activeCount()
    }
}
