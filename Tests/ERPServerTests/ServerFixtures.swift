import ERPCore
import Foundation
import HTTP1
import Postgres
import TestSupport

@testable import ERPServer

/// Test tokens: `owner-token`, `keeper-token` (storekeeper), anything else is refused. The
/// lookup runs a query on the request's connection, as the real token service will.
let testAuthenticator: Authenticator = { token, connection throws(ERPError) in
    let login: String
    do {
        login = try connection.query("SELECT split_part(\(token), '-', 1)").single().decode(0, as: String.self)
    } catch {
        throw ERPError.from(error, reference: "auth")
    }
    switch login {
    case "owner": return Principal(userID: UserID(rawValue: 7), login: "owner", role: .owner, channel: .api)
    case "keeper": return Principal(userID: UserID(rawValue: 8), login: "keeper", role: .storekeeper, channel: .api)
    default: throw .unauthorized(reason: "unknown token")
    }
}

/// A test-only id type for typed path parameters.
struct ThingID: EntityID {
    let rawValue: Int64
}

/// A body with exact values: decoding failures must name `unit_cost`, `lines[0].qty`.
struct NewThing: Codable, Equatable {
    struct Line: Codable, Equatable {
        var productID: ThingID
        var qty: Quantity
    }
    var name: String
    var unitCost: Money
    var lines: [Line]
    var note: String?

    /// Its declaration: amounts left to the decoder (so its own refusals are seen too).
    static let body = BodySchema("NewThing", BodySchema.object([
        "name": BodySchema.line(100), "unit_cost": .object(["type": .string("string")]), "note": BodySchema.text(1000),
        "lines": BodySchema.array(BodySchema.object(["product_id": BodySchema.id, "qty": .object(["type": .string("string")])],
                                                    required: ["product_id", "qty"])),
    ], required: ["name", "unit_cost", "lines"]))
}

struct UnexpectedFailure: Error, CustomStringConvertible {
    var description: String { "secret internal detail: SELECT * FROM users" }
}

/// Routes exercising the router, decoding and error mapping.
struct TestRoutes: RouteGroup {
    var routes: [Route] {
        [
            Route(.get, "/api/v1/things/{id}", summary: "One thing", access: .public) { ctx in
                let id = try ctx.parameter("id", as: ThingID.self)
                return .json(.object(["id": .number(id.rawValue)]))
            },
            Route(.get, "/api/v1/things/special", summary: "A literal beside a parameter", access: .public) { _ in
                .json(.object(["special": .bool(true)]))
            },
            Route(.post, "/api/v1/things", summary: "Echo a thing", access: .public, request: NewThing.body,
                  response: "NewThing", status: 201) { ctx in
                try .json(encoding: ctx.decode(NewThing.self), status: 201)
            },
            Route(.get, "/api/v1/search", summary: "Echo the query", access: .public,
                  query: [.text("q", "Search text"), .text("tag", maxLength: 10, "A tag"), .limit]) { ctx in
                var query = QueryFilterReader(ctx)
                let echo = JSONValue.object([
                    "q": query.text("q").map { .string($0) } ?? .null,
                    "tag": query.text("tag").map { .string($0) } ?? .null,
                    "limit": query.value("limit", as: Int.self).map { .number($0) } ?? .null,
                ])
                try query.finish()
                return .json(echo)
            },
            Route(.get, "/api/v1/misread", summary: "Reads a parameter it does not declare", access: .public) { ctx in
                var query = QueryFilterReader(ctx)
                _ = query.text("limit")
                try query.finish()
                return .json(.null)
            },
            Route(.get, "/api/v1/boom", summary: "Fails unexpectedly", access: .public) { _ in
                throw UnexpectedFailure()
            },
            Route(.get, "/api/v1/db", summary: "Runs a query", access: .public) { ctx in
                let pid = try ctx.withConnection { try $0.query("SELECT pg_backend_pid()").single().decode(0, as: Int.self) }
                return .json(.object(["pid": .number(pid)]))
            },
            Route(.get, "/api/v1/sql-error", summary: "Runs bad SQL", access: .public) { ctx in
                try ctx.withConnection { _ = try $0.query("SELECT * FROM no_such_table") }
                return .noContent
            },
            Route(.post, "/api/v1/undeclared-body", summary: "Decodes a body it does not declare", access: .public) { ctx in
                try .json(encoding: ctx.decode(NewThing.self), status: 201)
            },
            Route(.post, "/api/v1/service-failure", summary: "A service that writes, then fails unexpectedly", access: .public) { ctx in
                try ctx.withConnection { connection in
                    try connection.serviceTransaction { tx in
                        try tx.query("INSERT INTO warehouses (code, name) VALUES ('ZZ', 'Never kept')")
                        try tx.query("SELECT * FROM no_such_table")
                    }
                }
                return .noContent
            },
            Route(.get, "/api/v1/me", summary: "Who am I", access: .permission(.readSelf),
                  query: [.text("secret", "A value the access log must leave out")]) { ctx in
                let principal = try ctx.requirePrincipal()
                return .json(.object(["login": .string(principal.login)]))
            },
            Route(.get, "/api/v1/users", summary: "Owner only", access: .permission(.manageUsers)) { _ in
                .json(.object(["items": .array([])]))
            },
            Route(.post, "/api/v1/imports", summary: "Large body", access: .public, bodyLimit: 20 << 20) { ctx in
                .json(.object(["bytes": .number(ctx.request.body.count)]))
            },
        ]
    }

    var schemas: [String: JSONValue] {
        ["NewThing": .object(["type": .string("object")])]
    }
}

/// A server over a fresh test database (or any URL), with the test routes and a captured log.
func makeServer(
    databaseURL: String? = nil, log: LogCapture = LogCapture(), workers: Int = 2,
    configure: (inout APIServer.Configuration) -> Void = { _ in }
) throws -> APIServer {
    let url = try databaseURL ?? TestDatabase.make().url
    var configuration = APIServer.Configuration(databaseURL: url, authenticate: testAuthenticator)
    configuration.http.workers = workers
    configuration.logger = Logger(level: .debug, sink: log.sink)
    configure(&configuration)
    let server = APIServer(configuration: configuration)
    try server.register(TestRoutes())
    return server
}

/// A database URL that can never connect: a socket directory that does not exist.
let unreachableDatabaseURL = "postgresql://x@/nodb?host=/nonexistent"

/// Builds an in-process request.
func request(
    _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: String? = nil
) -> HTTPRequest {
    var fields = HTTPHeaders([("Host", "test")] + headers)
    if body != nil, !fields.contains("Content-Type") { fields.add(name: "Content-Type", value: "application/json") }
    return HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: fields),
                       body: Array((body ?? "").utf8), remoteAddress: "127.0.0.1:5555")
}

extension HTTPResponse {
    /// The body parsed as JSON (`.null` when it is not JSON).
    var jsonBody: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .null
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// `error.code` of an envelope.
    var errorCode: String? {
        if case .string(let code)? = jsonBody["error"]?["code"] { code } else { nil }
    }
}
