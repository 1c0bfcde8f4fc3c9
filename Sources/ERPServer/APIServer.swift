// The JSON API server: HTTP1 underneath, a route table on top, one database connection per
// handler thread. It keeps no state between requests beyond counters, so several processes can
// serve one database behind a load balancer (docs/architecture.md).

import ERPCore
import HTTP1
import Postgres
import Synchronization

/// The ERP's HTTP API: routes, authentication hook, error envelope, health, metrics, OpenAPI.
///
/// ```swift
/// let server = APIServer(configuration: configuration)
/// try server.register(CatalogRoutes(service: catalog))
/// let port = try server.start()
/// server.stopOnSignals()
/// server.wait()
/// ```
package final class APIServer: Sendable {
    /// Everything tunable: the HTTP layer's settings pass through unchanged, except `bodyLimit`
    /// and `errorResponder`, which the API sets from its routes and its envelope.
    package struct Configuration: Sendable {
        /// Listen address, workers, queue, limits and timeouts of HTTP1.
        package var http = HTTPServer.Configuration()
        /// The database (`ERP_DATABASE_URL`, or the embedded cluster's URL).
        package var databaseURL: String
        /// Where reports read (`ERP_REPORTS_DATABASE_URL`, a streaming replica); nil: the main database.
        package var reportsDatabaseURL: String?
        /// Session settings of the pooled connections (statement and lock timeouts bound handlers).
        package var connectionSettings = ConnectionSettings(applicationName: "erp-server", connectTimeoutSeconds: 2)
        /// The bound on each SQL statement of a GET (lists, searches, cards), so no single read
        /// holds a handler thread for long; writes keep `connectionSettings`' bound, and a route
        /// may declare its own (reports). A statement cut off answers 503 with `Retry-After`.
        package var readStatementTimeout: Duration = .seconds(2)
        /// How a bearer token becomes a `Principal` (ERPCore's token service).
        package var authenticate: Authenticator
        /// Access log and internal errors.
        package var logger = Logger()
        /// Requests a bearer token or a signed-in page session may make (`ERP_RATE_LIMIT`); nil: unlimited.
        package var rateLimit: RateLimit? = .standard
        /// Hosts webhooks may be subscribed to besides loopback (`ERP_WEBHOOK_HOSTS`).
        package var webhookHosts: [String] = []
        /// `info.title` of the OpenAPI document.
        package var title = "ERP API"
        /// `info.version` of the OpenAPI document.
        package var version = "1"

        /// Defaults: `127.0.0.1`, an ephemeral port, HTTP1's limits.
        package init(databaseURL: String, authenticate: @escaping Authenticator) {
            self.databaseURL = databaseURL
            self.authenticate = authenticate
        }

        /// Listening on `listen` (`ERP_LISTEN`: `host:port`, `[v6]:port`).
        /// - Throws: `ERPError.validationFailed` for `listen` when it is not `host:port`.
        package init(listen: String, databaseURL: String, authenticate: @escaping Authenticator) throws(ERPError) {
            self.init(databaseURL: databaseURL, authenticate: authenticate)
            (http.host, http.port) = try Self.parse(listen: listen)
        }

        /// What `erp serve` runs with: `ERP_LISTEN`, `ERP_WORKERS` (handler threads = database
        /// connections) and `ERP_LOG` from `settings`; `databaseURL` as resolved by
        /// `DatabaseLocation.resolve(settings)` (external or embedded).
        /// - Throws: `ERPError.validationFailed` for a malformed `ERP_LISTEN` or `ERP_RATE_LIMIT`.
        package init(settings: ERPSettings, databaseURL: String, authenticate: @escaping Authenticator) throws(ERPError) {
            try self.init(listen: settings.listen, databaseURL: databaseURL, authenticate: authenticate)
            http.workers = settings.workers
            reportsDatabaseURL = settings.reportsDatabaseURL
            webhookHosts = settings.webhookHosts
            logger = Logger(settings: settings)
            // Many access-log lines a write(2), not one each under a lock; `shutdown` flushes.
            logger.sink = .bufferedStandardError
            if let text = settings.rateLimit { rateLimit = try RateLimit.parse(text) }
        }

        /// `127.0.0.1:8080` → (`127.0.0.1`, 8080); `[::1]:8080` → (`::1`, 8080); `:8080` → all interfaces.
        /// - Throws: `ERPError.validationFailed` for `listen`.
        package static func parse(listen: String) throws(ERPError) -> (host: String, port: Int) {
            let invalid = ERPError.validationFailed(fields: ["listen": "'\(listen)' is not host:port (e.g. 127.0.0.1:8080)"])
            guard let colon = listen.lastIndex(of: ":") else { throw invalid }
            var host = String(listen[..<colon])
            let portText = listen[listen.index(after: colon)...]
            guard !portText.isEmpty, portText.utf8.allSatisfy({ (48...57).contains($0) }),
                let port = Int(portText), port <= 65535
            else { throw invalid }
            if host.hasPrefix("[") {
                guard host.hasSuffix("]"), host.count > 2 else { throw invalid }
                host = String(host.dropFirst().dropLast())
            } else if host.contains(":") {
                throw invalid  // an IPv6 address needs brackets
            }
            return (host.isEmpty ? "0.0.0.0" : host, port)
        }
    }

    private struct Table: Sendable {
        var router: Router
        var schemas: [String: JSONValue]
    }

    /// The configuration given at creation.
    package let configuration: Configuration
    /// The connection pool: as many connections as handler threads.
    package let pool: ConnectionPool
    /// The reports' pool on `reportsDatabaseURL`, when one is configured.
    package let reportsPool: ConnectionPool?
    /// The buckets of `configuration.rateLimit`, per bearer token and per page session.
    let rateLimiter: RateLimiter?
    /// Request counters and latency histograms.
    package let metrics = HTTPMetrics()
    /// Outcomes of `erp serve`'s daily jobs (DailySchedule), also on `/metrics`.
    package let jobMetrics = JobMetrics(jobs: ["backup", "maintenance"])
    private let table: Mutex<Table>
    private let http = Mutex<HTTPServer?>(nil)
    /// Set by `shutdown`: requests still arriving in-process are answered 503, not with a closed pool.
    let isStopped = Atomic<Bool>(false)

    /// A server with the system routes (`/health`, `/ready`, `/metrics`, `/openapi.json`).
    /// Nothing connects until the first request: a database that is down at start is only
    /// `503` on the routes that need it, and the pool reconnects once it is back.
    package init(configuration: Configuration) {
        self.configuration = configuration
        pool = ConnectionPool(.init(
            url: configuration.databaseURL, settings: configuration.connectionSettings,
            maxConnections: configuration.http.workers, checkoutTimeout: .seconds(1)))
        reportsPool = configuration.reportsDatabaseURL.map { url in
            ConnectionPool(.init(url: url, settings: configuration.connectionSettings,
                                 maxConnections: max(1, configuration.http.workers / 2), checkoutTimeout: .seconds(1)))
        }
        rateLimiter = configuration.rateLimit.map(RateLimiter.init(limit:))
        table = Mutex(Table(router: .empty, schemas: [:]))
        do {
            try register(SystemRoutes(server: self))
        } catch {
            // The built-in patterns are literals checked by the tests: unreachable.
            preconditionFailure("system routes: \(error)")
        }
    }

    /// Adds a module's routes and schemas.
    /// - Throws: `RouteTableError` for a malformed pattern or a method and pattern already taken.
    package func register(_ group: some RouteGroup) throws(RouteTableError) {
        try register(routes: group.routes, schemas: group.schemas)
    }

    /// Adds routes (and the schemas they name). Safe at any time; requests see the new table.
    /// - Throws: `RouteTableError` for a malformed pattern or a method and pattern already taken.
    package func register(routes: [Route], schemas: [String: JSONValue] = [:]) throws(RouteTableError) {
        try table.withLock { (table: inout Table) throws(RouteTableError) in
            table.router = try Router(routes: table.router.routes + routes)
            table.schemas.merge(schemas) { _, new in new }
        }
    }

    /// The current route table.
    package var router: Router { table.withLock { $0.router } }

    /// Every registered route, system routes first.
    package var routes: [Route] { router.routes }

    /// The OpenAPI 3.1 document of the registered routes.
    package var openAPIDocument: JSONValue {
        let (router, schemas) = table.withLock { ($0.router, $0.schemas) }
        return OpenAPIDocument.build(routes: router.routes, schemas: schemas,
                                     title: configuration.title, version: configuration.version)
    }

    /// The HTTP layer's gauges; nil before `start()`.
    package var httpStats: HTTPServerStats? { http.withLock { $0 }?.stats }

    /// Binds and starts serving.
    /// - Returns: the bound port.
    /// - Throws: `HTTPServerError` (address in use, already started, …).
    @discardableResult
    package func start() throws(HTTPServerError) -> Int {
        var httpConfiguration = configuration.http
        let logger = configuration.logger
        let maxHeaderBytes = httpConfiguration.maxHeaderBytes
        httpConfiguration.bodyLimit = { [weak self] head in
            self?.router.bodyLimit(for: head) ?? Route.defaultBodyLimit
        }
        httpConfiguration.headCheck = { [weak self] request in self?.checkHead(request) }
        httpConfiguration.errorResponder = { status, reason in
            let requestID = RequestID.generate()
            logger.log(status >= 500 ? .warn : .info, "request refused",
                       ["request_id": .string(requestID), "status": .number(status), "reason": .string(reason)])
            var response = HTTPResponse.framingError(
                status: status, reason: reason, maxHeaderBytes: maxHeaderBytes, requestID: requestID)
            response.headers.add(name: RequestID.header, value: requestID)
            return response
        }
        let server = HTTPServer(configuration: httpConfiguration) { [weak self] request in
            self?.handle(request) ?? HTTPResponse.framingError(
                status: 503, reason: "the server is stopping", maxHeaderBytes: maxHeaderBytes, requestID: RequestID.generate())
        }
        let port = try server.start()
        http.withLock { $0 = server }
        logger.info("listening", ["host": .string(httpConfiguration.host), "port": .number(port),
                                  "workers": .number(httpConfiguration.workers)])
        return port
    }

    /// The bound port once started.
    package var port: Int? { http.withLock { $0 }?.port }

    /// Blocks until the server has stopped (at once if it never started).
    package func wait() { http.withLock { $0 }?.wait() }

    /// Stops accepting, lets in-flight requests finish within `grace`, closes the pool's idle
    /// connections, writes out the log lines still buffered, and returns when everything has stopped.
    package func shutdown(grace: Duration = .seconds(10)) {
        http.withLock { $0 }?.shutdown(grace: grace)
        isStopped.store(true, ordering: .relaxed)
        pool.close()
        reportsPool?.close()
        configuration.logger.flush()
    }

    /// SIGTERM and SIGINT start a graceful shutdown; `wait()` returns once it is done.
    /// - Returns: false when the server is not running.
    @discardableResult
    package func stopOnSignals(grace: Duration = .seconds(10)) -> Bool {
        http.withLock { $0 }?.stopOnSignals(grace: grace) ?? false
    }
}
