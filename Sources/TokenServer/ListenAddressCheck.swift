import Foundation

/// Finding out, before anything is loaded or logged, whether the server can listen where it is
/// told to.
public enum ListenAddressCheck {
    /// Resolves `host` as the server does (the first address the resolver gives), binds a socket to
    /// it and `port` with address reuse on, as the server's socket is, and closes it.
    ///
    /// Another process may still take the port between this check and the server's own bind.
    /// - Parameters:
    ///   - host: A host name or an IPv4 or IPv6 address.
    ///   - port: The port; 0 binds any free one.
    /// - Throws: ``ListenError`` when the host does not resolve or the bind fails.
    public static func check(host: String, port: Int) throws(ListenError) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var results: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &results)
        defer { freeaddrinfo(results) }
        guard resolved == 0, let address = results?.pointee else {
            let message = resolved == 0 ? "no address" : String(cString: gai_strerror(resolved)).lowercased()
            throw ListenError(host: host, port: port, reason: .unknownHost(message))
        }
        let descriptor = socket(address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw ListenError(host: host, port: port, reason: .system(errno))
        }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, address.ai_addr, address.ai_addrlen) == 0 else {
            let code = errno
            throw ListenError(host: host, port: port, reason: code == EADDRINUSE ? .addressInUse : .system(code))
        }
    }
}
