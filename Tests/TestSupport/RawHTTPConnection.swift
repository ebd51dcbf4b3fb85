import Foundation

/// One response read off a raw HTTP/1.1 connection.
public struct RawHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields in order, names lowercased.
    public var fields: [(name: String, value: String)]
    /// The body (by `Content-Length`).
    public var body: String

    /// The value of the first field called `name` (any case).
    public func field(_ name: String) -> String? {
        fields.first { $0.name == name.lowercased() }?.value
    }
}

/// A plain TCP connection to a loopback server, for what curl cannot send: several requests in one
/// write (pipelining), exact header lines, a body on a GET.
public enum RawHTTPConnection {
    /// Writes `requests` (raw HTTP/1.1 text) in one go, reads until the server closes the connection
    /// (the last request should say `Connection: close`), and parses the responses in order.
    ///
    /// - Throws: When the connection fails or the server sends something that is not HTTP/1.1.
    public static func exchange(port: Int, _ requests: String) throws -> [RawHTTPResponse] {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerProcess.ServerFailure(message: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ServerProcess.ServerFailure(message: "connect: errno \(errno)") }
        let bytes = Array(requests.utf8)
        guard bytes.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw ServerProcess.ServerFailure(message: "send: errno \(errno)")
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                guard count == 0 else {
                    throw ServerProcess.ServerFailure(message: "recv: errno \(errno) after \(received.count) bytes")
                }
                break
            }
            received += chunk[..<count]
        }
        return try parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> [RawHTTPResponse] {
        var responses: [RawHTTPResponse] = []
        var rest = bytes[...]
        let separator = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let end = rest.firstRange(of: separator) else {
                throw ServerProcess.ServerFailure(
                    message: "an unterminated response head: \(String(decoding: rest, as: UTF8.self))")
            }
            let lines = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let statusLine = lines[0].split(separator: " ")
            guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
                throw ServerProcess.ServerFailure(message: "not an HTTP/1.1 status line: \(lines[0])")
            }
            let fields = lines.dropFirst().map { line in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (
                    name: parts[0].lowercased(),
                    value: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
                )
            }
            let length = Int(fields.first { $0.name == "content-length" }?.value ?? "0") ?? 0
            let bodyStart = end.upperBound
            guard rest.distance(from: bodyStart, to: rest.endIndex) >= length else {
                throw ServerProcess.ServerFailure(message: "a body shorter than its Content-Length")
            }
            let bodyEnd = rest.index(bodyStart, offsetBy: length)
            responses.append(
                RawHTTPResponse(
                    status: status, fields: fields, body: String(decoding: rest[bodyStart..<bodyEnd], as: UTF8.self)))
            rest = rest[bodyEnd...]
        }
        return responses
    }
}
