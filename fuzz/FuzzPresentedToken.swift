// libFuzzer target: a presented token string, through the shape check and a verification against
// a small index. Built by fuzz/run together with the TokenVerification sources.
import Foundation

private let index = TokenIndex.empty

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPresentedToken(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let viaBytes = index.verify(bytes, requiring: RequiredScopes(), at: Date(timeIntervalSince1970: 0))
    let viaString = index.verify(String(decoding: bytes, as: UTF8.self), at: Date(timeIntervalSince1970: 0))
    // A well-formed token is unknown to an empty index; anything else is malformed.
    precondition(viaBytes == .unknown || viaBytes == .malformed, "an empty index knows no token")
    if viaBytes == .unknown {
        precondition(TokenFormat.isWellFormed(bytes), "unknown only after the shape check passed")
        precondition(viaString == .unknown, "the string and byte paths agree")
    }
    return 0
}
