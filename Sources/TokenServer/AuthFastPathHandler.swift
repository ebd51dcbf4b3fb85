import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import TokenVerification

/// Answers `/v1/auth` on the connection's event loop, before the request reaches the router.
///
/// A routed request hops from the event loop into Swift concurrency and back; for the gateway's
/// hot path that hop costs more than verifying the token. This handler sits in each connection's
/// pipeline (Hummingbird's `additionalChannelHandlers`) and answers a plain `/v1/auth` request, with
/// or without required scopes, with ``AuthAnswer``, the same answer the router gives, plus the
/// `Date` and `Server` fields Hummingbird adds. Anything else goes on to the router: other paths, a request with a `Connection` or
/// `Expect` field, and every request that arrives while a routed one on this connection is still
/// unanswered (so pipelined answers keep their order).
final class AuthFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let verifier: TokenVerifier
    private let verifications: VerificationCounters
    private let serverName: String
    private let logger: Logger
    private var routedInFlight = 0
    private var answering: (answer: AuthAnswer, request: HTTPRequest, started: ContinuousClock.Instant?)?
    private var needsFlush = false
    private var date = HTTPDate()

    /// - Parameters:
    ///   - verifier: The index to answer from.
    ///   - verifications: Where each verification is counted.
    ///   - serverName: The `Server` field's value.
    ///   - logger: Where the per-request debug line goes.
    init(verifier: TokenVerifier, verifications: VerificationCounters, serverName: String, logger: Logger) {
        self.verifier = verifier
        self.verifications = verifications
        self.serverName = serverName
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if answering != nil {
            if case .end = part {
                answer(context: context)
            }
            return  // the body of a request answered here is read and dropped
        }
        if case .head(let request) = part {
            if routedInFlight == 0 && Self.isAnsweredHere(request) {
                let started = logger.logLevel <= .debug ? ContinuousClock.now : nil
                answering = (
                    AuthAnswer(request: request, verifier: verifier, verifications: verifications), request, started
                )
                return
            }
            routedInFlight += 1
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            routedInFlight = max(0, routedInFlight - 1)
        }
        context.write(data, promise: promise)
    }

    private func answer(context: ChannelHandlerContext) {
        guard let (answer, request, started) = answering else { return }
        answering = nil
        var head = HTTPResponse(status: answer.status, headerFields: answer.headers)
        if answer.status != .noContent {
            head.headerFields[.contentLength] = "0"
        }
        head.headerFields[.date] = date.now()
        head.headerFields[.server] = serverName
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
        if let started {
            let path = request.path.map { $0.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0] }
            RequestLogLine.log(
                to: logger, method: request.method.rawValue, path: path ?? "", status: answer.status.code,
                since: started)
        }
    }

    /// Whether `request` is a plain `/v1/auth` request (any query string, or a path under it; see
    /// ``AuthController/isAuthTarget(_:)``) that needs nothing from the router.
    private static func isAnsweredHere(_ request: HTTPRequest) -> Bool {
        guard AuthController.methods.contains(request.method), let path = request.path,
            request.headerFields[.connection] == nil, request.headerFields[.expect] == nil
        else { return false }
        return AuthController.isAuthTarget(path)
    }
}
