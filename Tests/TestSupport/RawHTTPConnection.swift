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

    /// Takes one whole response off the front of `bytes`.
    ///
    /// - Returns: The response, or `nil` (with `bytes` untouched) when it has not all arrived yet.
    /// - Throws: When the bytes are not an HTTP/1.1 response.
    static func parse(_ bytes: inout ArraySlice<UInt8>) throws -> RawHTTPResponse? {
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
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
        guard bytes.distance(from: bodyStart, to: bytes.endIndex) >= length else { return nil }
        let bodyEnd = bytes.index(bodyStart, offsetBy: length)
        let body = String(decoding: bytes[bodyStart..<bodyEnd], as: UTF8.self)
        bytes = bytes[bodyEnd...]
        return RawHTTPResponse(status: status, fields: fields, body: body)
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
        let connection = try LoopbackSocket(port: port)
        try connection.send(requests)
        var rest = try connection.readToEnd()[...]
        var responses: [RawHTTPResponse] = []
        while !rest.isEmpty {
            guard let response = try RawHTTPResponse.parse(&rest) else {
                throw ServerProcess.ServerFailure(
                    message: "an unterminated response: \(String(decoding: rest, as: UTF8.self))")
            }
            responses.append(response)
        }
        return responses
    }
}
