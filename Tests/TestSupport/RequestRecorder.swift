import Foundation
import TokenVerification

/// A stand-in HTTP server on 127.0.0.1 that records the head of every request it gets (request line
/// and every header line, duplicates and letter case as sent) and answers each with one fixed
/// response, closing the connection: what a gateway passed on, seen whole.
public final class RequestRecorder: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    private let listener: Int32
    private let recorded = Locked<[String]>([])
    /// Whether the listener is still open; its accepting thread closes it.
    private let listenerOpen = Locked(true)

    /// Starts listening on a free port.
    ///
    /// - Parameters:
    ///   - status: The response's status line after `HTTP/1.1`, such as `204 No Content`.
    ///   - headers: Header lines to answer with, such as `Token-Workspace: acme`.
    public init(status: String = "200 OK", headers: [String] = []) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard listening else {
            let failure = ServerProcess.ServerFailure(message: "cannot listen on 127.0.0.1: errno \(errno)")
            close(descriptor)
            throw failure
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let response = Array(
            (["HTTP/1.1 \(status)", "Content-Length: 0", "Connection: close"] + headers + ["", ""])
                .joined(separator: "\r\n").utf8)
        let recorded = recorded
        let listenerOpen = listenerOpen
        Thread.detachNewThread {
            while true {
                let connection = accept(descriptor, nil, nil)
                guard connection >= 0 else { break }  // the listener was shut down
                if let head = Self.readHead(connection) {
                    recorded.withLock { $0.append(head) }
                    _ = response.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
                close(connection)
            }
            // This thread closes the listener, so `accept` never runs on a number closed and reused.
            listenerOpen.withLock { open in
                open = false
                close(descriptor)
            }
        }
    }

    /// Wakes the accepting thread, which closes the listener.
    deinit {
        listenerOpen.withLock { open in
            if open {
                shutdown(listener, Int32(SHUT_RDWR))
            }
        }
    }

    /// Every request head received so far, in order, without the blank line that ends it.
    public var heads: [String] { recorded.withLock { $0 } }

    /// The header lines of every request received so far whose name starts with `prefix`, in any case.
    public func headerLines(named prefix: String) -> [String] {
        heads.flatMap { $0.components(separatedBy: "\r\n").dropFirst() }
            .filter { $0.lowercased().hasPrefix(prefix.lowercased()) }
    }

    private static func readHead(_ connection: Int32) -> String? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let end = Array("\r\n\r\n".utf8)
        while received.firstRange(of: end) == nil {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            received += chunk[..<count]
        }
        return received.firstRange(of: end).map { String(decoding: received[..<$0.lowerBound], as: UTF8.self) }
    }
}
