// What a handler sees of its request: parameters, query, body decoding, the acting user, and the
// database. One context per request, used by the one handler thread that runs it.

import ERPCore
import HTTP1
import Postgres

/// The request being handled and the means to answer it (one per request, one thread).
///
/// The database connection is borrowed lazily on first use and kept until the request ends, so
/// authentication and the handler share one connection and a handler thread holds at most one
/// (the pool has one per worker: no thread ever waits for a connection).
package final class RequestContext {
    /// The request as parsed by HTTP1.
    package let request: HTTPRequest
    /// The request id: the client's `X-Request-Id` if acceptable, else a random one.
    package let requestID: String
    /// The matched route.
    package let route: Route
    /// The path parameters (`{id}` → `"42"`), percent-decoded.
    package internal(set) var parameters: RouteParameters
    /// The query parameters, percent-decoded with `+` as space.
    package internal(set) var query: QueryParameters
    /// The authenticated user; always set on `.permission` routes, nil on public ones; pages set
    /// it from their session (so the access log names the user).
    package var principal: Principal?
    /// What the token's or session's rate limit allowed this request (nil: not limited), for its headers.
    var rateLimit: RateLimiter.Decision?
    /// The server's buckets (nil: no limit configured).
    private let rateLimiter: RateLimiter?

    /// Where this request's unexpected failures are reported: under its request id.
    package let failureScope: FailureScope

    private let pool: ConnectionPool
    private let reportsPool: ConnectionPool?
    private var connection: Connection?
    /// The connection's round-trip count when this request borrowed it.
    private var roundTripsBefore = 0
    /// `statement_timeout` for this request's statements (see `APIServer.statementTimeout(for:)`).
    private let statementTimeoutMilliseconds: Int
    private var parsed: JSONValue?

    init(request: HTTPRequest, requestID: String, route: Route, pattern: RoutePattern, pool: ConnectionPool,
         reportsPool: ConnectionPool? = nil, rateLimiter: RateLimiter? = nil, logger: Logger, statementTimeoutMilliseconds: Int) {
        self.request = request
        self.requestID = requestID
        self.route = route
        self.parameters = RouteParameters(values: [:], pattern: pattern)
        self.query = QueryParameters()
        self.pool = pool
        self.reportsPool = reportsPool
        self.rateLimiter = rateLimiter
        // The placing fields are built only if the request fails unexpectedly (rarely).
        self.failureScope = FailureScope(
            reference: requestID, idField: "request_id", logger: logger,
            placing: { [method = request.method.rawValue, path = request.path, route = route.path] in
                ["method": .string(method), "path": .string(path), "route": .string(route)]
            })
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
    }

    /// Takes this request from the bucket of `key` (a bearer token, or a page session's key), so
    /// the answer carries the `X-RateLimit-*` headers; nothing when no limit is configured.
    /// - Throws: `ERPError.rateLimited` when the bucket is empty.
    package func limitRate(key: String) throws(ERPError) {
        guard let rateLimiter else { return }
        let decision = rateLimiter.admit(key)
        rateLimit = decision
        guard decision.allowed else { throw .rateLimited(retryAfterSeconds: decision.retryAfterSeconds) }
    }

    /// The authenticated user.
    /// - Throws: `ERPError.unauthorized` when the request carries no (valid) token.
    package func requirePrincipal() throws(ERPError) -> Principal {
        guard let principal else { throw .unauthorized(reason: "this request needs a bearer token") }
        return principal
    }

    /// Path parameter `name` as `T`, e.g. `try ctx.parameter("id", as: ProductID.self)`.
    /// - Throws: `ERPError.notFound` when the segment is not a valid `T` (`/products/abc`);
    ///   `RouteParameterError` (→ 500) when the pattern has no such parameter.
    package func parameter<T: LosslessStringConvertible>(_ name: String, as type: T.Type, entity: String? = nil) throws -> T {
        try parameters.value(name, as: type, entity: entity)
    }

    /// The first value of query parameter `name`, or nil.
    package func query(_ name: String) -> String? { query.first(name) }

    /// A header value (the first, if repeated).
    package func header(_ name: String) -> String? { request.headers[name] }

    /// Decodes the JSON body into a command struct (snake_case keys, see `ERPJSON`) after
    /// checking it strictly: well-formed JSON without repeated keys, then the route's declared
    /// `BodySchema` (no unknown fields, no control characters, values within their declaration),
    /// then replacing the natural keys the schema allows (`client_inn`, `sku`…) by ids.
    /// - Throws: `ERPError.badRequest` for a missing body, a non-JSON `Content-Type`, malformed
    ///   JSON, a repeated key or wrong types; `.validationFailed` with `details.fields` for unknown
    ///   fields, refused values and keys that name nothing; `.internal` when the route declares no body (a bug).
    package func decode<T: Decodable>(_ type: T.Type) throws(ERPError) -> T {
        guard !request.body.isEmpty else { throw .badRequest(reason: "a JSON body is required") }
        let contentType = request.headers["Content-Type"] ?? ""
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        guard mediaType.trimmingSpaces.lowercased() == "application/json" else {
            throw .badRequest(reason: "the body must be sent with Content-Type: application/json")
        }
        guard let declared = route.request else {
            throw translate(UndeclaredBody(route: route.path))
        }
        try BodySchema.validate(try parsedBody(), against: declared.schema)
        guard !declared.keys.isEmpty else { return try ERPJSON.decode(type, from: request.body) }
        let principal = try requirePrincipal()
        let body = try withConnection { connection in try declared.keys.resolve(try parsedBody(), by: principal, on: connection) }
        return try ERPJSON.decode(type, from: Array(body.description.utf8))
    }

    /// The body as a JSON value (parsed once per request).
    /// - Throws: `ERPError.badRequest` when it is not well-formed JSON or repeats a key.
    package func parsedBody() throws(ERPError) -> JSONValue {
        if let parsed { return parsed }
        do {
            let value = try JSONValue.parse(request.body)
            parsed = value
            return value
        } catch {
            throw .badRequest(reason: error.reason)
        }
    }

    /// Runs `body` with this request's database connection (borrowed on first use).
    /// - Throws: what `body` throws as `ERPError`: database errors translated (connection down →
    ///   `unavailable`), anything unexpected `internal` (logged with the request id).
    package func withConnection<T>(_ body: (Connection) throws -> T) throws(ERPError) -> T {
        do {
            return try body(try borrowedConnection())
        } catch {
            throw translate(error)
        }
    }

    /// Runs `body` on a connection to the reports database (a replica) when one is configured,
    /// else on this request's connection: reports never load the primary when they need not.
    /// - Throws: like `withConnection`.
    package func withReportsConnection<T>(_ body: (Connection) throws -> T) throws(ERPError) -> T {
        guard let reportsPool else { return try withConnection(body) }
        do {
            let connection = try reportsPool.checkout()
            defer { reportsPool.checkin(connection) }
            try connection.setStatementTimeout(milliseconds: statementTimeoutMilliseconds)
            return try body(connection)
        } catch {
            throw translate(error)
        }
    }

    /// Turns any failure into the `ERPError` the client sees, logging what the client must not
    /// see under the request id (`ERPError.reporting`): the original of an `internal` error, an outage.
    package func translate(_ error: any Error) -> ERPError {
        ERPError.reporting(error, in: failureScope)
    }

    /// The round trips this request made to the database so far (0 when it needed none).
    var databaseRoundTrips: Int {
        guard let connection else { return 0 }
        return connection.roundTrips - roundTripsBefore
    }

    /// Gives the connection back to the pool (closed there if the request broke it).
    func release() {
        if let connection { pool.checkin(connection) }
        connection = nil
    }

    private func borrowedConnection() throws(PostgresError) -> Connection {
        if let connection { return connection }
        let borrowed = try pool.checkout()
        connection = borrowed
        roundTripsBefore = borrowed.roundTrips
        try borrowed.setStatementTimeout(milliseconds: statementTimeoutMilliseconds)
        return borrowed
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return text[first...last]
    }
}

/// A handler decoded a body its route declares no schema for: a bug, reported as `internal`.
private struct UndeclaredBody: Error, CustomStringConvertible {
    let route: String
    var description: String { "route \(route) decodes a body it does not declare" }
}
