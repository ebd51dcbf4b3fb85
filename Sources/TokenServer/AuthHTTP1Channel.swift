import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel (`HTTP1Channel`, same decoder limits, same handling), with
/// tokenctl's own handlers placed right after NIO's HTTP/1 decoding, before the conversion to
/// Swift HTTP Types that the router needs: ``ConnectionGuardHandler`` sees every request, and
/// ``AuthFastPathHandler`` answers `/v1/auth` without that conversion.
struct AuthHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    /// Answers what reaches the router.
    let responder: HTTPChannelHandler.Responder
    /// The handlers each connection gets after decoding, in pipeline order.
    let handlers: @Sendable () -> [any ChannelHandler]

    /// The server builder that makes this channel for each connection.
    static func builder(handlers: @escaping @Sendable () -> [any ChannelHandler]) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in AuthHTTP1Channel(responder: responder, handlers: handlers) }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let defaults = HTTP1Channel.Configuration.DecoderConfiguration()
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = defaults.maxHeaderFieldSize
            limits.maxHeaderListSize = defaults.maxHeaderListSize
            limits.maxHeaderFieldCount = defaults.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            try pipeline.addHandlers(handlers())
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(logger: logger))
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
