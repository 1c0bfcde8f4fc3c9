// The access endpoints (docs/http.md): password login, the acting user, users (owner only; disable),
// tokens for a user (issue, list, revoke), and the audit log. Thin adapters: decode, call AccessService, encode.
//
// Idempotency: `POST /api/v1/users` honours `Idempotency-Key` (the fingerprint of the body leaves
// out the password, so no unsalted digest of a password is ever stored). `POST /auth/login` and
// `POST /users/{id}/tokens` do not: their responses carry a new secret token, which would have
// to be stored in clear to be replayed; a retried request simply issues another token (the
// unseen one is harmless, expires or can be revoked).

import ERPCore
import Foundation
import HTTP1
import Postgres

/// `/api/v1/auth/login`, `/api/v1/users…`, `/api/v1/tokens…`, `/api/v1/audit`.
package struct AccessRoutes: RouteGroup {
    /// The facade the routes call; its clock is where "now" comes from (fixed in tests).
    package var service: AccessService

    /// The access routes, reading time from `time`.
    package init(time: TimeSource = .system) {
        service = AccessService(time: time)
    }

    /// The server's `authenticate` hook: bearer tokens checked by `AccessService.authenticate`,
    /// acting through the `api` channel.
    package static let authenticator: Authenticator = { token, connection throws(ERPError) in
        try AccessService().authenticate(token: token, channel: .api, on: connection)
    }

    /// `POST /api/v1/auth/login` body.
    struct LoginRequest: Decodable {
        var login: String
        var password: String
    }

    /// `POST /api/v1/users/{id}/tokens` body (optional): at most one of the three; none means
    /// `TokenExpiry.standardDays`.
    struct TokenRequest: Decodable {
        var expiresAt: Date?
        var expiresInDays: Int?
        /// `"never"`: a token that does not expire.
        var expires: String?
    }

    /// The access routes; see the file comment for which honour `Idempotency-Key`.
    package var routes: [Route] {
        let service = self.service, time = service.time
        return [
            Route(.post, "/api/v1/auth/login", summary: "Password login: a new token and the user (429 after 5 failures a minute)",
                  access: .public, bodyLimit: 4096, request: .loginRequest, response: "LoginResult") { ctx in
                let body = try ctx.decode(LoginRequest.self)
                let result = try ctx.withConnection { connection in
                    try service.login(body.login, password: body.password, channel: .api, on: connection)
                }
                return try .json(encoding: result)
            },
            Route(.get, "/api/v1/users/me", summary: "The acting user", access: .permission(.readSelf),
                  response: "User") { ctx in
                let principal = try ctx.requirePrincipal()
                return try .json(encoding: try ctx.withConnection { try service.me(principal, on: $0) })
            },
            Route(.get, "/api/v1/users", summary: "Users in id order (limit ≤ 500, cursor)",
                  access: .permission(.manageUsers), response: "UserPage", query: [.limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                let page = try ctx.withConnection { try service.users(limit: limit, cursor: cursor, by: principal, on: $0) }
                return try .json(encoding: page)
            },
            Route(.post, "/api/v1/users", summary: "Create a user (Idempotency-Key honoured)",
                  access: .permission(.manageUsers), bodyLimit: 16 << 10, request: .newUser, response: "User",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewUser.self)
                let fingerprint = try Self.fingerprint(ctx.request.body, omitting: "password")
                return try ctx.createIdempotently(by: principal, time: time, fingerprint: fingerprint) { tx in
                    try ERPJSON.encode(service.add(command, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/users/{id}/tokens", summary: "Issue a token for a user (shown once; no Idempotency-Key)",
                  access: .permission(.manageUsers), bodyLimit: 4096, request: .tokenRequest, response: "IssuedToken",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let userID = try ctx.parameter("id", as: UserID.self, entity: "user")
                let body = ctx.request.body.isEmpty ? nil : try ctx.decode(TokenRequest.self)
                let expiry = try TokenExpiry(expiresAt: body?.expiresAt, expiresInDays: body?.expiresInDays, expires: body?.expires)
                let issued = try ctx.withConnection { connection in
                    try service.issueToken(for: userID, expiry: expiry, by: principal, on: connection)
                }
                return try .json(encoding: issued, status: 201)
            },
            Route(.get, "/api/v1/users/{id}/tokens", summary: "A user's tokens, newest first (one's own, or anyone's for the owner)",
                  access: .permission(.manageOwnAccess), response: "TokenList") { ctx in
                let principal = try ctx.requirePrincipal()
                let userID = try ctx.parameter("id", as: UserID.self, entity: "user")
                let tokens = try ctx.withConnection { try service.tokens(of: userID, by: principal, on: $0) }
                return try .json(encoding: Page(items: tokens, nextCursor: nil))
            },
            Route(.post, "/api/v1/tokens/{prefix}/revoke", summary: "Revoke a token by its prefix, at once (one's own, or anyone's for the owner)",
                  access: .permission(.manageOwnAccess), bodyLimit: 1024, response: "Token") { ctx in
                let principal = try ctx.requirePrincipal()
                let prefix = try ctx.parameter("prefix", as: String.self, entity: "token")
                return try .json(encoding: try ctx.withConnection { try service.revokeToken(prefix: prefix, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/users/{id}/disable", summary: "Disable a user; their tokens stop working at once",
                  access: .permission(.manageUsers), bodyLimit: 1024, response: "User") { ctx in
                let principal = try ctx.requirePrincipal()
                let userID = try ctx.parameter("id", as: UserID.self, entity: "user")
                return try .json(encoding: try ctx.withConnection { try service.disable(userID, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/audit", summary: "The audit log, newest first: entity, entity_id, actor_id, action, from, to, limit, cursor",
                  access: .permission(.readAudit), response: "AuditPage", query: Self.auditQuery) { ctx in
                let principal = try ctx.requirePrincipal()
                let (filter, from, to) = try Self.auditFilter(ctx)
                let page = try ctx.withConnection { connection in
                    var filter = filter
                    (filter.from, filter.to) = try CompanyCalendar.instants(from: from, to: to, on: connection)
                    return try service.auditEntries(matching: filter, by: principal, on: connection)
                }
                return try .json(encoding: page)
            },
        ]
    }

    /// The audit log's filters.
    static let auditQuery: [QueryParameter] = [
        .text("entity", maxLength: 64, "Entity type, e.g. product"), .id("entity_id", "One entity's entries (with entity)"),
        .id("actor_id", "One user's actions"), .text("action", maxLength: 64, "Action, e.g. create"),
        .timestamp("from", "From this time (RFC 3339, or from the company's day)"),
        .timestamp("to", "Until this time (RFC 3339, or up to the end of the company's day)"),
        .enumeration("channel", Channel.self, "Only entries that came through this door"), .limit, .cursor,
    ]

    /// The audit filter of the query string (checked against `auditQuery` before the handler), with
    /// its time bounds still to resolve in the company's calendar.
    /// - Throws: `RouteParameterError` when the filter reads an undeclared parameter (a bug).
    static func auditFilter(_ ctx: RequestContext) throws -> (filter: AuditFilter, from: TimeBound?, to: TimeBound?) {
        var query = QueryFilterReader(ctx)
        let filter = AuditFilter(
            entityType: query.text("entity"),
            entityID: query.id("entity_id"),
            actorID: query.value("actor_id", as: UserID.self),
            action: query.text("action"),
            channel: query.value("channel", as: Channel.self),
            limit: query.limit(),
            cursor: query.text("cursor")
        )
        let (from, to) = (query.timestamp("from"), query.timestamp("to"))
        try query.finish()
        return (filter, from, to)
    }

    /// What identifies a request body for `Idempotency-Key`: the JSON with `field` removed, in
    /// canonical form (sorted keys, compact), so a secret never enters the stored digest.
    /// - Throws: `ERPError.badRequest` when the body is not a JSON object.
    static func fingerprint(_ body: [UInt8], omitting field: String) throws(ERPError) -> [UInt8] {
        guard case .object(var members) = try ERPJSON.decode(JSONValue.self, from: body) else {
            throw .badRequest(reason: "the body must be a JSON object")
        }
        members[field] = nil
        return Array(JSONValue.object(members).description.utf8)
    }

    /// Request and response schemas for `/openapi.json` (field names and JSON types).
    package var schemas: [String: JSONValue] {
        let object = JSONValue.objectSchema
        let user: [String: String] = [
            "id": "integer", "login": "string", "name": "string", "role": "string", "all_clients": "boolean",
            "warehouse_scope": "array", "active": "boolean", "has_password": "boolean", "created_at": "string",
            "version": "integer",
        ]
        let token: [String: String] = [
            "id": "integer", "user_id": "integer", "prefix": "string", "created_at": "string", "expires_at": "string",
            "revoked_at": "string", "last_used_at": "string",
        ]
        return [
            "LoginResult": object(["token": "string", "user": "object"], []),
            "User": object(user, []),
            "UserPage": object(["items": "array", "next_cursor": "string"], []),
            "Token": object(token, []),
            "TokenList": object(["items": "array", "next_cursor": "string"], []),
            "IssuedToken": object(token.merging(["token": "string"]) { $1 }, []),
            "AuditPage": object(["items": "array", "next_cursor": "string"], []),
        ]
    }
}
