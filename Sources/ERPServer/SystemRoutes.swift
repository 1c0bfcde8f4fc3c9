// The operational endpoints every server has: liveness, readiness, metrics, API description.
// They are public (load balancers and Prometheus carry no tokens) and cheap.

import ERPCore
import HTTP1

/// `GET /health`, `/ready`, `/metrics`, `/openapi.json`.
struct SystemRoutes: RouteGroup {
    /// Held weakly: the server owns its route table, which holds these handlers.
    weak var server: APIServer?

    init(server: APIServer) {
        self.server = server
    }

    var routes: [Route] {
        [
            Route(.get, "/health", summary: "Liveness: the process is up (no database involved)",
                  access: .public, response: "Status") { _ in
                Self.healthy
            },
            Route(.get, "/ready", summary: "Readiness: the database answers SELECT 1",
                  access: .public, response: "Status") { context in
                try Self.ready(context)
            },
            Route(.get, "/metrics", summary: "Prometheus metrics, text format 0.0.4", access: .public,
                  produces: ["text/plain"]) { [weak server] _ in
                guard let server else { throw ERPError.unavailable(reason: "the server is stopping") }
                let text = server.metrics.render(server: server.httpStats, pool: server.pool.statistics) + server.jobMetrics.render()
                return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                    body: Array(text.utf8))
            },
            Route(.get, "/openapi.json", summary: "This API's OpenAPI 3.1 description", access: .public) { [weak server] _ in
                guard let server else { throw ERPError.unavailable(reason: "the server is stopping") }
                return .json(server.openAPIDocument)
            },
        ]
    }

    /// The liveness answer, encoded once: load balancers poll it often.
    private static let healthy = HTTPResponse.json(.object(["status": .string("ok")]))

    /// 200 when `SELECT 1` succeeds. The pool's `connect_timeout` (2 s, libpq's minimum) and
    /// its 1 s checkout timeout bound the wait; any failure is `503 unavailable`.
    private static func ready(_ context: RequestContext) throws -> HTTPResponse {
        do throws(ERPError) {
            let one = try context.withConnection { connection in
                try connection.query("SELECT 1").single().decode(0, as: Int.self)
            }
            guard one == 1 else { throw ERPError.unavailable(reason: "the database gave a wrong answer") }
        } catch .unavailable(let reason) {
            throw ERPError.unavailable(reason: reason)
        } catch {
            throw ERPError.unavailable(reason: "the database check failed (\(error.code.rawValue))")
        }
        return .json(.object(["status": .string("ready")]))
    }
}
