// libFuzzer target: a policy file's bytes, through the libyaml event reader and the policy checks.
// Built by fuzz/run together with the TokenVerification sources (one module, so internals are visible).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if case .success(let policy) = Result(catching: {
        try PolicyFileParser.parse(bytes, path: "fuzz/acme/policy.yaml", workspace: "acme")
    }) {
        // Whatever parses keeps the rules a policy's readers rely on.
        if let expiry = policy.defaultExpiry, let limit = policy.maxLifetime {
            precondition(expiry <= limit, "default_expiry within max_lifetime")
        }
        for duration in [policy.maxLifetime, policy.defaultExpiry].compactMap({ $0 }) {
            precondition(duration.seconds > 0, "a duration is longer than zero")
        }
        if let names = policy.allowedScopes {
            precondition(names.allSatisfy { TokenScope.isValid($0) }, "every allowed scope is a valid name")
            precondition(
                zip(names, names.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                "allowed scopes sorted, no repeats")
        }
    }
    return 0
}
