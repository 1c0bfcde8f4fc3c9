// One endpoint of the API: method, path pattern, who may call it, and the handler. Everything the
// OpenAPI document and the metrics know about an endpoint is declared here, beside the handler.

import ERPCore
import HTTP1

/// One API endpoint: `GET /api/v1/products/{id}` → handler, with its access rule and docs.
/// A class, not a struct: every request passes its route along several times (match, context,
/// access log), and a class is one retain where the struct's dozen fields were a dozen.
///
/// ```swift
/// Route(.get, "/api/v1/products/{id}", summary: "One product", access: .permission(.readCatalog),
///       response: "Product") { ctx in
///     let id = try ctx.parameter("id", as: ProductID.self)
///     let product = try ctx.withConnection { try catalog.product(id, by: ctx.requirePrincipal(), on: $0) }
///     return try .json(encoding: product)
/// }
/// ```
package final class Route: Sendable {
    /// Who may call a route. Every route says so explicitly (the role × route matrix
    /// is complete by construction).
    package enum Access: Sendable, Equatable {
        /// No token needed and none is looked at: health, ready, metrics, openapi, login.
        case `public`
        /// A valid bearer token whose role holds the permission (401 without, 403 without the
        /// permission). Services check again: the CLI door does not pass through here.
        case permission(Permission)
        /// A page for people (the `Web` target): its handler authenticates by the session cookie
        /// and answers HTML itself. Pages are not part of the API's documents (OpenAPI, reference).
        case page
    }

    /// Turns a request into a response. May block (database); any error becomes the envelope:
    /// `ERPError` as is, database errors translated, anything else `500 internal`.
    package typealias Handler = @Sendable (RequestContext) throws -> HTTPResponse

    /// `application/json`, what most routes answer.
    package static let json = "application/json"

    /// The body limit unless a route says otherwise: 1 MiB.
    package static let defaultBodyLimit = 1 << 20

    /// The method; a `GET` route also answers `HEAD` (RFC 9110 §9.3.2).
    package let method: HTTPMethod
    /// The pattern as written, e.g. `/api/v1/products/{id}`; parsed when registered.
    package let path: String
    /// A one-line summary for the OpenAPI document.
    package let summary: String
    /// Who may call it.
    package let access: Access
    /// Largest accepted body in bytes (413 beyond), checked against Content-Length before reading.
    package let bodyLimit: Int
    /// The request body it takes: published in the OpenAPI document and enforced by
    /// `RequestContext.decode` (a route that decodes a body must declare it).
    package let request: BodySchema?
    /// Name of the success response schema in `components.schemas`, when documented.
    package let responseSchema: String?
    /// The success status for the OpenAPI document (201 for creations).
    package let successStatus: Int
    /// The bound on each of its SQL statements when it should not be the server's default
    /// (`readStatementTimeout` for GET, the connection's for writes): reports take longer.
    package let statementTimeout: Duration?
    /// The media types of a successful answer (JSON unless the route serves CSV, HTML or text).
    package let produces: [String]
    /// The query parameters it takes; any other is refused before the handler runs (400), and a
    /// value outside its declaration too (422).
    package let query: [QueryParameter]
    /// The handler.
    package let handler: Handler

    /// Whether the API's documents (OpenAPI, the HTTP reference) describe it: every route but pages.
    package var isDocumented: Bool { access != .page }

    /// Declares a route.
    package init(
        _ method: HTTPMethod, _ path: String, summary: String, access: Access,
        bodyLimit: Int = Route.defaultBodyLimit, request: BodySchema? = nil, response: String? = nil,
        status: Int = 200, query: [QueryParameter] = [], produces: [String] = [Route.json], statementTimeout: Duration? = nil,
        handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.access = access
        self.bodyLimit = bodyLimit
        self.request = request
        self.responseSchema = response
        self.successStatus = status
        self.statementTimeout = statementTimeout
        self.produces = produces
        self.query = query
        self.handler = { ctx in
            try ctx.query.check(against: query)
            return try handler(ctx)
        }
    }
}

/// A module's routes, registered together: `try server.register(CatalogRoutes(service: catalog))`.
package protocol RouteGroup: Sendable {
    /// The group's routes.
    var routes: [Route] { get }
    /// JSON Schemas the routes name (`request:`/`response:`), merged into `components.schemas`.
    var schemas: [String: JSONValue] { get }
}

extension RouteGroup {
    /// No schemas of its own.
    package var schemas: [String: JSONValue] { [:] }
}
