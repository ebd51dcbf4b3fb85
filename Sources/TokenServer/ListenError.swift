import TokenVerification

/// Why the server cannot listen where it was told to.
public struct ListenError: Error, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// Another socket already listens on the address and port.
        case addressInUse
        /// The host name does not resolve, with the resolver's lowercase message.
        case unknownHost(String)
        /// `socket` or `bind` failed with this `errno`.
        case system(Int32)
    }

    /// The host as given.
    public var host: String
    /// The port as given.
    public var port: Int
    /// What went wrong.
    public var reason: Reason

    package init(host: String, port: Int, reason: Reason) {
        self.host = host
        self.port = port
        self.reason = reason
    }

    /// `host:port`, with an IPv6 address in brackets.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// One lowercase line naming the address and the problem.
    public var description: String {
        switch reason {
        case .addressInUse: "\(address) is already in use"
        case .unknownHost(let message): "cannot listen on \(address): unknown host (\(message))"
        case .system(let code): "cannot listen on \(address): \(SystemError.describe(code))"
        }
    }
}
