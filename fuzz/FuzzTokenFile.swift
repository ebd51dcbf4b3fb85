// libFuzzer target: a token file's bytes, through the libyaml event reader and the schema checks.
// Built by fuzz/run together with the TokenVerification sources (one module, so internals are visible).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if case .success(let record) = Result(catching: {
        try TokenFileParser.record(
            parsing: bytes, location: TokenFileLocation(folder: "fuzz/acme", workspace: "acme", fileID: "input"))
    }) {
        // Whatever parses must name itself consistently.
        precondition(record.id.utf8.count == 12, "a parsed record has a 12-digit id")
    }
    return 0
}
