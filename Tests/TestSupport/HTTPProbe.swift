import Foundation

/// Requests with curl as a real client; a token goes in a header file, never on the command line.
public enum HTTPProbe {
    /// The status code of `GET url`, sending `Authorization: Bearer <token>` when a token is given.
    public static func status(_ url: String, bearer token: String? = nil) throws -> Int {
        try request(url, bearer: token).status
    }

    /// The status and body of a request, with `headers` (whole lines, such as `Token-Id: x`) added.
    public static func request(
        _ url: String, bearer token: String? = nil, headers: [String] = [], method: String = "GET",
        body: String? = nil
    ) throws -> (status: Int, body: String) {
        let scratch = try TemporaryDirectory()
        var arguments = ["-s", "-o", "\(scratch.path)/body", "-w", "%{http_code}", "-X", method, "--max-time", "5"]
        let lines = (token.map { ["Authorization: Bearer \($0)"] } ?? []) + headers
        if !lines.isEmpty {
            try scratch.write("headers", lines.map { $0 + "\n" }.joined())
            arguments += ["-H", "@\(scratch.path)/headers"]
        }
        if let body {
            try scratch.write("request", body)
            arguments += ["--data-binary", "@\(scratch.path)/request"]
        }
        let result = try CommandRunner.run("curl", arguments + [url], in: scratch.path)
        let responseBody = (try? String(contentsOfFile: "\(scratch.path)/body", encoding: .utf8)) ?? ""
        return (Int(result.stdout) ?? 0, responseBody)
    }

    /// Polls `status` until it equals `expected` or `seconds` pass; returns how long it took.
    public static func waitFor(
        _ expected: Int, within seconds: Double, _ status: () throws -> Int
    ) throws -> Double? {
        let started = Date()
        while Date().timeIntervalSince(started) < seconds {
            if try status() == expected {
                return Date().timeIntervalSince(started)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length)
                return getsockname(descriptor, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
