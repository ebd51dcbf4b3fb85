import Foundation

/// A TCP connection to a loopback port that stays open: for keep-alive requests, and for the
/// clients an attacker would write (idle, slow, sending without reading).
public final class LoopbackSocket: @unchecked Sendable {
    /// The socket's file descriptor.
    public let descriptor: Int32
    private var unread: [UInt8] = []

    /// Connects to `127.0.0.1:port`; connecting, sending and each read wait at most `receiveTimeout` seconds.
    ///
    /// - Throws: When the socket cannot be made or the connection is refused.
    public init(port: Int, receiveTimeout: Double = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerProcess.ServerFailure(message: "socket: errno \(errno)") }
        var timeout = timeval(
            tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1e6))
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            setsockopt(descriptor, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // Not closed here: once `descriptor` is set a throwing init still runs `deinit`, which
        // closes it; a second close could close a descriptor another thread opened meanwhile.
        guard connected == 0 else { throw ServerProcess.ServerFailure(message: "connect: errno \(errno)") }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
        }
    }

    /// Sends all of `text`, waiting while the socket's buffer is full.
    ///
    /// - Throws: When the connection fails.
    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw ServerProcess.ServerFailure(message: "send: errno \(errno)") }
            sent += count
        }
    }

    /// Sends what of `bytes` fits in the socket's buffer now, without waiting.
    ///
    /// - Returns: How many bytes went out: 0 when the buffer is full, -1 when the connection failed.
    public func sendWithoutWaiting(_ bytes: [UInt8]) -> Int {
        let count = bytes.withUnsafeBytes {
            Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        guard count >= 0 else { return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1 }
        return count
    }

    /// Sends `request` and reads one response.
    ///
    /// - Throws: When the connection fails or closes before a whole response arrives.
    public func exchange(_ request: String) throws -> RawHTTPResponse {
        try send(request)
        return try readResponse()
    }

    /// Reads one whole response.
    ///
    /// - Throws: When the connection fails or closes before a whole response arrives.
    public func readResponse() throws -> RawHTTPResponse {
        while true {
            var rest = unread[...]
            if let response = try RawHTTPResponse.parse(&rest) {
                unread = Array(rest)
                return response
            }
            guard try receive() else {
                throw ServerProcess.ServerFailure(message: "the server closed the connection")
            }
        }
    }

    /// Reads until the server closes the connection.
    ///
    /// - Returns: Everything read.
    /// - Throws: When the connection fails or stays open past the receive timeout.
    public func readToEnd() throws -> [UInt8] {
        while try receive() {}
        defer { unread = [] }
        return unread
    }

    /// Whether the server closes the connection within `seconds` (anything it sends is dropped).
    public func isClosedByServer(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollDescriptor, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1_000)))
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                return true
            }
        }
        return false
    }

    /// Reads what is there into `unread`; `false` when the server closed the connection.
    private func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else {
            throw ServerProcess.ServerFailure(message: "recv: errno \(errno) after \(unread.count) bytes")
        }
        unread += chunk[..<count]
        return count > 0
    }
}
