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
        var roundTrips = 0
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
            let context = makeContext(request, requestID: requestID, route: route, pattern: pattern)
            response = run(route, pattern: pattern, segments: segments, in: context)
            if let decision = context.rateLimit { decision.addHeaders(to: &response) }
            userID = context.principal?.userID
            roundTrips = context.databaseRoundTrips
            context.release()
        }
        finish(&response, request: request, requestID: requestID, route: routeLabel, userID: userID, roundTrips: roundTrips,
               started: started)
        return response
    }

    /// HTTP1's head check for a large body: the route's access rule, enforced before the body
    /// is read, so an anonymous or forbidden upload is refused (and closed) without buffering
    /// it. Admitted requests are authenticated again with their body (the token may have been
    /// revoked meanwhile, and the handler needs its principal).
    /// - Returns: the refusal (401, 403, 404, 405, 503), or nil to read the body.
    func checkHead(_ request: HTTPRequest) -> HTTPResponse? {
        let started = ContinuousClock.now
        guard case .found(let route, let pattern, _) = router.match(method: request.method, path: request.path) else {
            return handle(request)  // 404/405 (or stopping): the answer needs no body
        }
        guard case .permission = route.access else { return nil }
        let requestID = RequestID.resolve(request.headers[RequestID.header])
        let context = makeContext(request, requestID: requestID, route: route, pattern: pattern)
        defer { context.release() }
        do {
            try context.failureScope.bind { () throws(ERPError) in try admit(route, context: context) }
            return nil
        } catch {
            var response = HTTPResponse.error(error)
            finish(&response, request: request, requestID: requestID, route: route.path,
                   userID: context.principal?.userID, roundTrips: context.databaseRoundTrips, started: started)
            return response
        }
    }

    /// The request's context, with the statement timeout its route runs under.
    private func makeContext(_ request: HTTPRequest, requestID: String, route: Route, pattern: RoutePattern) -> RequestContext {
        RequestContext(request: request, requestID: requestID, route: route, pattern: pattern, pool: pool,
                       reportsPool: reportsPool, rateLimiter: rateLimiter, logger: configuration.logger,
                       statementTimeoutMilliseconds: statementTimeoutMilliseconds(for: route))
    }

    /// A route's own bound, else `readStatementTimeout` for reads and the connection's for writes.
    func statementTimeoutMilliseconds(for route: Route) -> Int {
        let timeout = route.statementTimeout ?? (route.method == .get ? configuration.readStatementTimeout : nil)
        guard let timeout else { return configuration.connectionSettings.statementTimeoutMilliseconds }
        let (seconds, attoseconds) = timeout.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// Request id header, metrics and access log of an answered request.
    private func finish(
        _ response: inout HTTPResponse, request: HTTPRequest, requestID: String, route routeLabel: String,
        userID: UserID?, roundTrips: Int, started: ContinuousClock.Instant
    ) {
        response.headers.replaceOrAdd(name: RequestID.header, value: requestID)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(route: routeLabel, method: request.method.rawValue, status: response.status, seconds: seconds)
        logAccess(request, response: response, requestID: requestID, route: routeLabel, userID: userID, roundTrips: roundTrips,
                  elapsed: elapsed)
    }

    /// Authentication, permission, parameters, query, handler; any failure becomes the envelope.
    /// The request's `FailureScope` is bound throughout, so a service failing deep below reports
    /// under the request id the response carries.
    private func run(_ route: Route, pattern: RoutePattern, segments: [Substring], in context: RequestContext) -> HTTPResponse {
        context.failureScope.bind {
            do {
                try admit(route, context: context)
                try limitRate(context)
                context.parameters = try NumberedPaths.resolve(try pattern.parameters(of: segments), by: context.principal, in: context)
                context.query = try QueryParameters(parsing: context.request.query)
                return try route.handler(context)
            } catch {
                return .error(context.translate(error))
            }
        }
    }

    /// The route's access rule: a `.permission` route needs a valid token whose role holds it.
    /// - Throws: `ERPError.unauthorized`, `.forbidden`, or `.unavailable` (database down).
    private func admit(_ route: Route, context: RequestContext) throws(ERPError) {
        guard case .permission(let permission) = route.access else { return }
        let principal = try authenticate(context)
        context.principal = principal
        try principal.require(permission)
    }

    /// Takes the request from its token's bucket (routes that need a token only; pages limit
    /// their sessions themselves, the public routes have their own protections). Only here, not
    /// in `checkHead`, so a large upload counts once.
    /// - Throws: `ERPError.rateLimited` when the bucket is empty.
    private func limitRate(_ context: RequestContext) throws(ERPError) {
        guard context.principal != nil, let token = try BearerToken.parse(context.request.headers) else { return }
        try context.limitRate(key: token)
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

    /// One JSON line per request (docs/architecture.md, "How a request flows"), with the
    /// database round trips it cost (`db_trips`).
    private func logAccess(
        _ request: HTTPRequest, response: HTTPResponse, requestID: String, route: String, userID: UserID?,
        roundTrips: Int, elapsed: Duration
    ) {
        let logger = configuration.logger
        guard logger.isEnabled(.info) else { return }
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let bodyless = request.method == .head || response.status == 204 || response.status == 304
        // Keys in ascending order (LogLine merges level, msg and time in): the same line as the
        // sorted JSON object, without a dictionary or intermediate strings per request.
        logger.log(.info, "request") { line in
            line.field("bytes", number: bodyless ? 0 : response.body.count)
            line.field("db_trips", number: roundTrips)
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
