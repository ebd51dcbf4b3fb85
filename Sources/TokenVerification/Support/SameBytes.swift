import Glibc

extension UnsafeRawBufferPointer {
    /// Whether `other` holds the same bytes, compared with `memcmp` (a generic element-by-element
    /// comparison costs several times more on the load's hot path).
    func holdsSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard let base = baseAddress, let otherBase = other.baseAddress else { return true }  // both empty
        return memcmp(base, otherBase, count) == 0
    }
}
