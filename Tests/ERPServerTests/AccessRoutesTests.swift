import ERPCore
import Foundation
import HTTP1
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// The access routes in-process, over a real database and the real token service.
@Suite("Access routes")
struct AccessRoutesTests {
    let api: APIFixture
    var server: APIServer { api.server }
    var connection: Connection { api.connection }
    var ownerID: UserID { api.users["owner"]! }

    init() throws {
        api = try APIFixture(users: Role.allCases.filter { $0 != .owner }.map { ($0.rawValue, $0) }, ownerPassword: "owner-password")
    }

    private func call(_ method: HTTPMethod, _ target: String, as role: Role? = nil, body: String? = nil,
                      headers: [(String, String)] = []) -> HTTPResponse {
        api.call(method, target, as: role?.rawValue, body: body, headers: headers)
    }

    /// Routes that need no token; every other route must declare a permission.
    private static let publicRoutes: Set<String> = [
        "GET /health", "GET /ready", "GET /metrics", "GET /openapi.json", "POST /api/v1/auth/login",
    ]

    @Test func everyRouteHasAnAccessRuleThatHoldsForEveryRole() throws {
        for route in server.routes {
            let name = "\(route.method.rawValue) \(route.path)"
            let path = route.path.replacingOccurrences(of: "{id}", with: String(ownerID.rawValue))
            let body: String? = route.method == .post ? "{}" : nil
            switch route.access {
            case .page:
                Issue.record("\(name): the API's route table holds no pages (WebTests cover them)")
            case .public:
                #expect(Self.publicRoutes.contains(name), "\(name) is public without being on the public list")
                #expect(call(route.method, path, body: body).status != 401, "\(name)")
            case .permission(let permission):
                #expect(call(route.method, path, body: body).status == 401, "\(name) without a token")
                #expect(call(route.method, path, as: nil, body: body, headers: [("Authorization", "Bearer erp_nonsense")])
                    .status == 401, "\(name) with a bad token")
                for role in Role.allCases {
                    let status = call(route.method, path, as: role, body: body).status
                    if permission.roles.contains(role) {
                        #expect(status != 401 && status != 403, "\(name) as \(role): \(status)")
                    } else {
                        #expect(status == 403, "\(name) as \(role): \(status)")
                    }
                }
            }
        }
    }

    @Test func loginReturnsATokenThatAuthenticatesAndFailuresLookAlike() {
        let ok = call(.post, "/api/v1/auth/login", body: #"{"login":"OWNER","password":"owner-password"}"#)
        #expect(ok.status == 200)
        guard case .string(let token)? = ok.jsonBody["token"] else {
            Issue.record("no token in \(ok.text)")
            return
        }
        #expect(ok.jsonBody["user"]?["login"] == .string("owner"))
        #expect(ok.jsonBody["user"]?["has_password"] == .bool(true))
        let me = server.handle(request(.get, "/api/v1/users/me", headers: [("Authorization", "Bearer \(token)")]))
        #expect(me.status == 200 && me.jsonBody["role"] == .string("owner"))

        let wrong = call(.post, "/api/v1/auth/login", body: #"{"login":"owner","password":"wrong-password"}"#)
        let unknown = call(.post, "/api/v1/auth/login", body: #"{"login":"ghost","password":"wrong-password"}"#)
        #expect(wrong.status == 401 && unknown.status == 401)
        #expect(wrong.body == unknown.body)
        #expect(wrong.headers["WWW-Authenticate"] == "Bearer")
    }

    @Test func loginIsRateLimitedWithRetryAfter() {
        for _ in 0..<5 {
            #expect(call(.post, "/api/v1/auth/login", body: #"{"login":"owner","password":"wrong-password"}"#).status == 401)
        }
        let limited = call(.post, "/api/v1/auth/login", body: #"{"login":"owner","password":"owner-password"}"#)
        #expect(limited.status == 429 && limited.errorCode == "rate_limited")
        #expect(limited.headers["Retry-After"].flatMap(Int.init).map { (1...60).contains($0) } == true)
    }

    @Test func creatingAUserHonoursTheIdempotencyKey() throws {
        let body = #"{"login":"newbie","role":"manager","all_clients":true,"password":"newbie-password"}"#
        let key = [("Idempotency-Key", "create-newbie")]
        let first = call(.post, "/api/v1/users", as: .owner, body: body, headers: key)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.jsonBody["all_clients"] == .bool(true) && first.jsonBody["login"] == .string("newbie"))
        let replay = call(.post, "/api/v1/users", as: .owner, body: body, headers: key)
        #expect(replay.status == 201 && replay.body == first.body)
        let other = call(.post, "/api/v1/users", as: .owner, body: #"{"login":"other","role":"manager"}"#, headers: key)
        #expect(other.status == 422 && other.errorCode == "idempotency_key_reused")
        let duplicate = call(.post, "/api/v1/users", as: .owner, body: #"{"login":"NEWBIE","role":"manager"}"#)
        #expect(duplicate.status == 409 && duplicate.errorCode == "duplicate")
        #expect(try connection.query("SELECT count(*) FROM users WHERE login = 'newbie'").single().decode(0, as: Int64.self) == 1)
        // The stored fingerprint is of the body without the password.
        let stored = try connection.query("""
            SELECT request_hash = digest(\(#"{"all_clients":true,"login":"newbie","role":"manager"}"#), 'sha256')
            FROM idempotency_keys
            """).single().decode(0, as: Bool.self)
        #expect(stored)
    }

    @Test func listsPaginateAndTheAuditLogFilters() throws {
        let firstPage = call(.get, "/api/v1/users?limit=3", as: .owner)
        #expect(firstPage.status == 200)
        guard case .array(let items)? = firstPage.jsonBody["items"], case .string(let cursor)? = firstPage.jsonBody["next_cursor"] else {
            Issue.record("unexpected page \(firstPage.text)")
            return
        }
        #expect(items.count == 3)
        let second = call(.get, "/api/v1/users?limit=3&cursor=\(cursor)", as: .owner)
        #expect(second.jsonBody["next_cursor"] == .null)
        #expect(call(.get, "/api/v1/users?limit=900", as: .owner).status == 422)

        let audit = call(.get, "/api/v1/audit?entity=user&action=user.create&actor_id=\(ownerID.rawValue)&limit=2", as: .owner)
        #expect(audit.status == 200, "\(audit.text)")
        guard case .array(let entries)? = audit.jsonBody["items"] else {
            Issue.record("no items in \(audit.text)")
            return
        }
        #expect(entries.count == 2 && entries.allSatisfy { $0["action"] == .string("user.create") })
        #expect(entries.first?["actor_login"] == .string("owner") && entries.first?["channel"] == .string("cli"))
        let bad = call(.get, "/api/v1/audit?from=yesterday&actor_id=-1", as: .owner)
        #expect(bad.status == 422)
        #expect(bad.jsonBody["error"]?["details"]?["fields"] == .object([
            "from": .string("'yesterday' is not an RFC 3339 timestamp or a date like 2026-12-01"), "actor_id": .string("'-1' is not an id"),
        ]))
    }

    @Test func tokensIssuedForAUserWorkAndExpire() {
        let issued = call(.post, "/api/v1/users/\(ownerID.rawValue)/tokens", as: .owner, body: #"{"expires_at":"2099-01-01T00:00:00Z"}"#)
        #expect(issued.status == 201, "\(issued.text)")
        #expect(issued.jsonBody["expires_at"] == .string("2099-01-01T00:00:00Z"))
        guard case .string(let token)? = issued.jsonBody["token"] else {
            Issue.record("no token in \(issued.text)")
            return
        }
        let me = server.handle(request(.get, "/api/v1/users/me", headers: [("Authorization", "Bearer \(token)")]))
        #expect(me.jsonBody["login"] == .string("owner"))
        let noBody = call(.post, "/api/v1/users/\(ownerID.rawValue)/tokens", as: .owner)
        #expect(noBody.status == 201 && noBody.jsonBody["expires_at"] != .null, "tokens expire by default")
        let never = call(.post, "/api/v1/users/\(ownerID.rawValue)/tokens", as: .owner, body: #"{"expires": "never"}"#)
        #expect(never.status == 201 && never.jsonBody["expires_at"] == .null)
        let week = call(.post, "/api/v1/users/\(ownerID.rawValue)/tokens", as: .owner, body: #"{"expires_in_days": 7}"#)
        #expect(week.status == 201 && week.jsonBody["expires_at"] != .null)
        let both = call(.post, "/api/v1/users/\(ownerID.rawValue)/tokens", as: .owner, body: #"{"expires": "never", "expires_in_days": 7}"#)
        #expect(both.status == 422)
        #expect(call(.post, "/api/v1/users/999/tokens", as: .owner).status == 404)
        #expect(call(.post, "/api/v1/users/abc/tokens", as: .owner).status == 404)
    }

    @Test func theOwnerRevokesTokensAndDisablesUsersOverTheAPI() throws {
        let me = call(.get, "/api/v1/users/me", as: .manager)
        guard case .number(let managerID)? = me.jsonBody["id"] else { Issue.record("\(me.text)"); return }
        let listed = call(.get, "/api/v1/users/\(managerID)/tokens", as: .owner)
        guard case .array(let items)? = listed.jsonBody["items"], case .string(let prefix)? = items.first?["prefix"] else {
            Issue.record("\(listed.text)"); return
        }
        // Others see neither the manager's tokens nor may revoke them; nothing changes.
        #expect(call(.get, "/api/v1/users/\(managerID)/tokens", as: .storekeeper).status == 404)
        #expect(call(.post, "/api/v1/tokens/\(prefix)/revoke", as: .storekeeper).status == 404)
        #expect(call(.post, "/api/v1/users/\(managerID)/disable", as: .accountant).status == 403)
        #expect(call(.get, "/api/v1/users/me", as: .manager).status == 200)
        let revoked = call(.post, "/api/v1/tokens/\(prefix)/revoke", as: .owner)
        #expect(revoked.status == 200 && revoked.jsonBody["revoked_at"] != .null, "\(revoked.text)")
        #expect(call(.get, "/api/v1/users/me", as: .manager).status == 401)
        // A storekeeper revokes their own token; disabling stops every token of a user.
        let keeper = call(.get, "/api/v1/users/me", as: .storekeeper)
        guard case .number(let keeperID)? = keeper.jsonBody["id"] else { Issue.record("\(keeper.text)"); return }
        let disabled = call(.post, "/api/v1/users/\(keeperID)/disable", as: .owner)
        #expect(disabled.status == 200 && disabled.jsonBody["active"] == .bool(false))
        #expect(call(.get, "/api/v1/users/me", as: .storekeeper).status == 401)
        #expect(call(.post, "/api/v1/users/\(ownerID.rawValue)/disable", as: .owner).errorCode == "invalid_state")
        #expect(call(.get, "/api/v1/users/me", as: .owner).status == 200)
        let actions = try connection.query("SELECT action FROM audit_log WHERE action IN ('token.revoke', 'user.disable') ORDER BY id")
            .map { (row) throws(PostgresError) in try row.decode(0, as: String.self) }
        #expect(actions == ["token.revoke", "user.disable"])
    }
}
