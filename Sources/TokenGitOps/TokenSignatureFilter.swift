/// The scan's first filter: whether any of 16 positions could be where a token's match is anchored,
/// tested for all 16 at once on the three bytes that each encoding fixes there.
///
/// Every match that ``EncodedTokenMatcher/match(at:in:isEven:)`` can make has one of these
/// signatures at its position: `tok` as plain text, `t␀o` and `␀t␀` in UTF-16, and the first three
/// characters the prefix fixes in each of base64's three alignments (`dG9`, `Rva`, `0b2`). A block
/// without any is skipped whole, its newlines counted, so ordinary text costs a few vector
/// instructions per 16 bytes.
struct TokenSignatureFilter {
    typealias Block = SIMD16<UInt8>

    /// How many positions one test covers.
    static let width = Block.scalarCount
    /// How many bytes one test reads from its first position: the block and the two after it.
    static let span = width + 2

    private let first: [Block]
    private let second: [Block]
    private let third: [Block]
    private let newline = Block(repeating: UInt8(ascii: "\n"))
    private let one = Block(repeating: 1)

    /// The filter for the matcher's signatures.
    static let shared = TokenSignatureFilter(signatures: EncodedTokenMatcher.signatures)

    private init(signatures: [[UInt8]]) {
        first = signatures.map { Block(repeating: $0[0]) }
        second = signatures.map { Block(repeating: $0[1]) }
        third = signatures.map { Block(repeating: $0[2]) }
    }

    /// Whether a signature starts at any of the ``width`` positions from `position`; `bytes` holds
    /// at least ``span`` bytes from there.
    @inline(__always)
    func mayMatch(in bytes: UnsafeRawBufferPointer, at position: Int) -> Bool {
        guard let base = bytes.baseAddress.map({ $0 + position }) else { return true }
        let at0 = base.loadUnaligned(as: Block.self)
        let at1 = base.loadUnaligned(fromByteOffset: 1, as: Block.self)
        let at2 = base.loadUnaligned(fromByteOffset: 2, as: Block.self)
        var found = SIMDMask<Block.MaskStorage>(repeating: false)
        for index in first.indices {
            found .|= (at0 .== first[index]) .& (at1 .== second[index]) .& (at2 .== third[index])
        }
        return any(found)
    }

    /// How many of the ``width`` bytes from `position` are newlines.
    @inline(__always)
    func newlines(in bytes: UnsafeRawBufferPointer, at position: Int) -> Int {
        guard let block = bytes.baseAddress?.loadUnaligned(fromByteOffset: position, as: Block.self) else { return 0 }
        return Int(one.replacing(with: 0, where: block .!= newline).wrappedSum())
    }
}
