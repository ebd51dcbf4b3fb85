import NIOCore
import NIOHTTP1

/// Guards one connection against clients that hold it without using it, or send without reading:
/// registers it with the server's ``ConnectionRegistry`` (which may close another, or
/// this one, at the cap); closes it when it stays idle past the idle timeout, and when a request
/// that has begun to arrive is not all read within the header timeout (slowloris); and stops
/// reading while answers wait to be sent (the channel is not writable), so a client that pipelines
/// requests without reading the answers costs the server at most one read's worth of answers
/// beyond NIO's 64 KiB high-water mark. A read takes at most ``readSize`` bytes.
///
/// It sits right after HTTP decoding, ahead of ``AuthFastPathHandler`` and the router, so it sees
/// every request part read and every answer written. A read that yields no request part while the
/// connection is idle is the first bytes of a request head: the header timeout starts there.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: ConnectionRegistry
    private let idleTimeout: TimeAmount
    private let headerTimeout: TimeAmount
    private var record: ConnectionRecord?
    /// Requests whose head was read and whose answer is not all written yet.
    private var unanswered = 0
    /// When the request being read began to arrive; `nil` when none is being read.
    private var requestStartedAt: NIODeadline?
    private var idleSince = NIODeadline.now()
    private var readAPart = false
    private var timer: (task: Scheduled<Void>, deadline: NIODeadline)?

    /// - Parameters:
    ///   - registry: The server's open connections.
    ///   - idleTimeout: How long a connection may wait between answering and the next request.
    ///   - headerTimeout: How long a request may take to arrive (head and body) once it has begun.
    init(registry: ConnectionRegistry, idleTimeout: TimeAmount, headerTimeout: TimeAmount) {
        self.registry = registry
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
    }

    /// The most bytes one socket read takes, and reads per wake-up: 16 KiB holds at most 630
    /// requests of 26 bytes, the smallest that get an answer.
    static let readSize = 16_384

    private var readHeld = false

    func handlerAdded(context: ChannelHandlerContext) {
        let options = context.channel.syncOptions
        try? options?.setOption(.maxMessagesPerRead, value: 1)
        try? options?.setOption(
            .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2_048, maximum: Self.readSize))
        if context.channel.isActive {
            register(context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        guard context.channel.isWritable else {
            readHeld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if readHeld && context.channel.isWritable {
            readHeld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        forget()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        forget()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readAPart = true
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            record?.answering()
            if requestStartedAt == nil {
                requestStartedAt = .now()
            }
        case .body:
            break
        case .end:
            requestStartedAt = nil
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !readAPart && unanswered == 0 && requestStartedAt == nil {
            requestStartedAt = .now()
        }
        // Only a request split across reads gets here with one still being read.
        if let requestStartedAt {
            schedule(at: requestStartedAt + headerTimeout, context: context)
        }
        readAPart = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 {
            unanswered -= 1
            if unanswered == 0 {
                idleSince = .now()
                record?.idle(since: idleSince.uptimeNanoseconds)
                schedule(at: idleSince + idleTimeout, context: context)
            }
        }
        context.write(data, promise: promise)
    }

    private func register(context: ChannelHandlerContext) {
        guard record == nil else { return }
        idleSince = .now()
        let record = ConnectionRecord(channel: context.channel, openedAt: idleSince.uptimeNanoseconds)
        self.record = record
        if let closing = registry.admit(record) {
            closing.channel.close(promise: nil)
        }
        schedule(at: idleSince + idleTimeout, context: context)
    }

    private func forget() {
        if let record {
            registry.remove(record)
        }
        record = nil
        timer?.task.cancel()
        timer = nil
    }

    /// The moment this connection is to be closed unless something happens first, if any.
    private var deadline: NIODeadline? {
        if let requestStartedAt {
            return requestStartedAt + headerTimeout
        }
        return unanswered == 0 ? idleSince + idleTimeout : nil
    }

    /// Makes sure the timer fires no later than `deadline`. A timer due earlier stays: when it
    /// fires it checks again and reschedules, so activity costs no timer churn.
    private func schedule(at deadline: NIODeadline, context: ChannelHandlerContext) {
        if let timer {
            guard deadline < timer.deadline else { return }
            timer.task.cancel()
        }
        let task = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: deadline) {
            self.timer = nil
            self.timerFired(context: context)
        }
        timer = (task, deadline)
    }

    private func timerFired(context: ChannelHandlerContext) {
        guard record != nil, let deadline else { return }
        if deadline <= .now() {
            context.close(promise: nil)
        } else {
            schedule(at: deadline, context: context)
        }
    }
}
