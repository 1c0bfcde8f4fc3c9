// The request pipeline: request id → route → authentication and permission → handler → error
// envelope → access log and metrics. `handle` is what HTTP1 calls on a handler thread, and what
// in-process tests call directly with a constructed request.

import ERPCore
import HTTP1

extension APIServer {
    /// Answers one request; never throws and never leaks internal text into the response.
    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = ContinuousClock.now
        let requestID = RequestID.resolve(request.headers[RequestID.header])
        var routeLabel = "unmatched"
        var userID: UserID?
        var response: HTTPResponse
        let match = isStopped.load(ordering: .relaxed) ? nil : router.match(method: request.method, path: request.path)
        switch match {
        case nil:
            response = .error(.unavailable(reason: "the server is stopping"))
        case .notFound?:
            response = .error(.notFound(entity: "path", id: request.path))
        case .methodNotAllowed(let allowed)?:
            response = .methodNotAllowed(request.method, path: request.path, allowed: allowed)
        case .found(let route, let pattern, let segments)?:
            routeLabel = route.path
            let context = RequestContext(request: request, requestID: requestID, route: route, pattern: pattern,
                                         pool: pool, reportsPool: reportsPool, logger: configuration.logger)
            response = run(route, pattern: pattern, segments: segments, in: context)
            userID = context.principal?.userID
            context.release()
        }
        response.headers.replaceOrAdd(name: RequestID.header, value: requestID)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(route: routeLabel, method: request.method.rawValue, status: response.status, seconds: seconds)
        logAccess(request, response: response, requestID: requestID, route: routeLabel, userID: userID, elapsed: elapsed)
        return response
    }

    /// Authentication, permission, parameters, query, handler; any failure becomes the envelope.
    private func run(_ route: Route, pattern: RoutePattern, segments: [Substring], in context: RequestContext) -> HTTPResponse {
        do {
            if case .permission(let permission) = route.access {
                let principal = try authenticate(context)
                context.principal = principal
                try principal.require(permission)
            }
            context.parameters = try pattern.parameters(of: segments)
            context.query = try QueryParameters(parsing: context.request.query)
            return try route.handler(context)
        } catch {
            return .error(context.translate(error))
        }
    }

    /// The principal of the request's bearer token.
    /// - Throws: `ERPError.unauthorized` without a (well-formed, valid) token; `.unavailable`
    ///   when the database is down.
    private func authenticate(_ context: RequestContext) throws(ERPError) -> Principal {
        guard let token = try BearerToken.parse(context.request.headers) else {
            throw .unauthorized(reason: "this request needs an Authorization: Bearer token")
        }
        let authenticate = configuration.authenticate
        return try context.withConnection { connection in try authenticate(token, connection) }
    }

    /// One JSON line per request (DESIGN.md: JSON lines access log with request ids).
    private func logAccess(
        _ request: HTTPRequest, response: HTTPResponse, requestID: String, route: String, userID: UserID?,
        elapsed: Duration
    ) {
        let logger = configuration.logger
        guard logger.isEnabled(.info) else { return }
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let bodyless = request.method == .head || response.status == 204 || response.status == 304
        // Keys in ascending order (LogLine merges level, msg and time in): the same line as the
        // sorted JSON object, without a dictionary or intermediate strings per request.
        logger.log(.info, "request") { line in
            line.field("bytes", number: bodyless ? 0 : response.body.count)
            line.field("duration_ms", thousandths: micros)
            line.field("method", string: request.method.rawValue)
            line.field("path", string: request.path)
            line.field("remote", string: request.remoteAddress)
            line.field("request_id", string: requestID)
            line.field("route", string: route)
            line.field("status", number: response.status)
            if let userID { line.field("user_id", number: userID.rawValue) }
        }
    }
}
