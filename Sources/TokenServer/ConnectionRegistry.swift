import NIOCore
import Synchronization
import TokenVerification

/// One open connection, as the registry sees it: its channel and where it stands in the order in
/// which connections are closed at the cap.
final class ConnectionRecord: Sendable {
    /// The connection.
    let channel: any Channel
    /// The lowest key is closed first: a connection that has not yet sent a whole request head, by
    /// when it opened; then an idle one, by how long it has been idle; never one being answered.
    private let closingOrder: Atomic<UInt64>

    private static let usedBase: UInt64 = 1 << 62
    private static let answering = UInt64.max

    /// A connection that opened at `uptimeNanoseconds` and has sent nothing yet.
    init(channel: any Channel, openedAt uptimeNanoseconds: UInt64) {
        self.channel = channel
        closingOrder = Atomic(min(uptimeNanoseconds, Self.usedBase - 1))
    }

    /// A request is being answered: the connection is not idle and is never closed at the cap.
    func answering() {
        closingOrder.store(Self.answering, ordering: .relaxed)
    }

    /// The last answer is out: the connection has served a request and is idle since `uptimeNanoseconds`.
    func idle(since uptimeNanoseconds: UInt64) {
        closingOrder.store(Self.usedBase + min(uptimeNanoseconds, Self.usedBase - 1), ordering: .relaxed)
    }

    /// The key the registry compares: `UInt64.max` for a connection it must not close.
    fileprivate var order: UInt64 { closingOrder.load(ordering: .relaxed) }
}

/// The open connections of a server, capped so that the process always keeps descriptors free for
/// reloads; at the cap the connection that is cheapest to lose is closed.
final class ConnectionRegistry: Sendable {
    /// The most connections kept open at once.
    let capacity: Int
    private let records = Locked<[ObjectIdentifier: ConnectionRecord]>([:])

    /// A registry that keeps at most `capacity` connections (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many connections are open.
    var count: Int { records.withLock { $0.count } }

    /// Adds a new connection; at the cap, picks the connection to close: the one that has not sent a
    /// whole request for longest, else the longest idle, else (every other one being answered) the
    /// new one itself. The caller closes it.
    ///
    /// - Returns: The connection to close, already removed from the registry, or `nil`.
    func admit(_ record: ConnectionRecord) -> ConnectionRecord? {
        records.withLock { records in
            records[ObjectIdentifier(record)] = record
            guard records.count > capacity else { return nil }
            var chosen = record
            var lowest = UInt64.max
            for candidate in records.values where candidate !== record {
                let order = candidate.order
                if order < lowest {
                    lowest = order
                    chosen = candidate
                }
            }
            records[ObjectIdentifier(chosen)] = nil
            return chosen
        }
    }

    /// Forgets a closed connection.
    func remove(_ record: ConnectionRecord) {
        records.withLock { $0[ObjectIdentifier(record)] = nil }
    }
}
