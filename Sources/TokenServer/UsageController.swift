import Hummingbird
import TokenVerification

/// `GET /v1/usage`: the last use of every token used since tracking began (``UsageDocument``);
/// 404 when `serve` runs with `--usage off`.
struct UsageController {
    let ledger: UsageLedger?

    /// The path.
    static let path = "/v1/usage"

    func addRoutes(to router: Router<some RequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in
            guard let ledger else {
                return JSONResponse.error(.notFound, "usage tracking is off (serve --usage off)")
            }
            return JSONResponse.make(.ok, ledger.document())
        }
    }
}
