import Foundation
import Hummingbird
import NIOCore
import TokenVerification

/// `GET /metrics`: every series of ``ServerMetrics`` in the Prometheus text format, never cached.
struct MetricsController {
    let verifier: TokenVerifier
    let metrics: ServerMetrics

    /// The path.
    static let path = "/metrics"

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in
            let text = metrics.exposition(of: verifier.index, dataFolder: verifier.dataFolder)
            return Response(
                status: .ok, headers: [.contentType: ServerMetrics.contentType, .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
