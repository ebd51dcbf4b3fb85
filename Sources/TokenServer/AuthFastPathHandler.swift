import Logging
import NIOCore
import NIOHTTP1
import TokenVerification

/// Answers `/v1/auth` on the connection's event loop, before the request reaches the router.
///
/// A routed request hops from the event loop into Swift concurrency and back, and is converted to
/// and from Swift HTTP Types on the way; for the gateway's hot path those cost more than verifying
/// the token. This handler sits in each connection's pipeline right after NIO's HTTP/1 decoding
/// (``AuthHTTP1Channel``) and answers a plain HTTP/1.1 `/v1/auth` request, with or without
/// required scopes, with ``AuthAnswer``, the same answer the router gives, plus the `Date` and
/// `Server` fields Hummingbird adds. Anything else goes on to the router: other paths, other HTTP
/// versions, a request with a `Connection` or `Expect` field, and every request that arrives while
/// a routed one on this connection is still unanswered (so pipelined answers keep their order).
final class AuthFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let verifier: TokenVerifier
    private let verifications: VerificationCounters
    private let serverName: String
    private let logger: Logger
    private var routedInFlight = 0
    private var answering: (answer: AuthAnswer, request: HTTPRequestHead, started: ContinuousClock.Instant?)?
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
                    AuthAnswer(head: request, verifier: verifier, verifications: verifications), request, started
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
        var headers = answer.headers
        if answer.status != .noContent {
            headers.add(name: "Content-Length", value: "0")
        }
        headers.add(name: "Date", value: date.now())
        headers.add(name: "Server", value: serverName)
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status.code), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
        if let started {
            let path = request.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
            RequestLogLine.log(
                to: logger, method: request.method.rawValue, path: path, status: answer.status.code,
                since: started)
        }
    }

    /// The methods answered here: ``AuthController/methods``.
    private static let methods = AuthController.methods.map { HTTPMethod(rawValue: $0.rawValue) }

    /// Whether `request` is a plain HTTP/1.1 `/v1/auth` request (any query string, or a path under
    /// it; see ``AuthController/isAuthTarget(_:)``) that needs nothing from the router.
    private static func isAnsweredHere(_ request: HTTPRequestHead) -> Bool {
        request.version == .http1_1 && methods.contains(request.method)
            && !request.headers.contains(name: "Connection") && !request.headers.contains(name: "Expect")
            && AuthController.isAuthTarget(request.uri)
    }
}
