import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

@Suite("Tokens")
struct TokensTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func tokenLifeCycleIssueUseRevoke() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, ownerPrincipal) = try AccessFixtures.owner(connection)
        let issued = try Tokens.issue(for: owner.id, by: ownerPrincipal, on: connection)

        let principal = try Tokens.authenticate(token: issued.token, channel: .api, in: connection)
        #expect(principal == ownerPrincipal)
        #expect(try Tokens.authenticate(token: issued.token, channel: .cli, in: connection).channel == .cli)

        let revoked = try Tokens.revoke(prefix: issued.info.prefix, by: ownerPrincipal, on: connection)
        #expect(revoked.revokedAt != nil && revoked.id == issued.info.id)
        #expect(throws: Tokens.rejection) { try Tokens.authenticate(token: issued.token, channel: .api, in: connection) }
        // Revoking again is harmless and records nothing more.
        _ = try Tokens.revoke(prefix: "erp_" + issued.info.prefix, by: ownerPrincipal, on: connection)
        #expect(try AccessFixtures.actions(connection) == ["user.create", "token.issue", "token.revoke"])
    }

    @Test func tokensAreRandomShownOnceAndStoredAsDigests() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, principal) = try AccessFixtures.owner(connection)
        let tokens = try (0..<5).map { _ in try Tokens.issue(for: owner.id, by: principal, on: connection) }
        #expect(Set(tokens.map(\.token)).count == 5)
        for issued in tokens {
            #expect(issued.token.hasPrefix("erp_") && issued.token.utf8.count == 47)
            #expect(issued.token.dropFirst(4).hasPrefix(issued.info.prefix) && issued.info.prefix.count == 8)
            #expect(!issued.token.contains("=") && !issued.token.contains("+") && !issued.token.contains("/"))
        }
        let first = tokens[0]
        let row = try connection.query("""
            SELECT digest = digest(\(first.token), 'sha256'), prefix FROM tokens WHERE id = \(first.info.id)
            """).single()
        #expect(try row.decode(0, as: Bool.self))
        // No column anywhere holds the secret.
        let leaks = try connection.query("""
            SELECT count(*) FROM tokens t WHERE t::text LIKE '%' || \(String(first.token.dropFirst(12))) || '%'
            """).single().decode(0, as: Int64.self)
        #expect(leaks == 0)
        let audit = try connection.query("SELECT change::text FROM audit_log WHERE action = 'token.issue'")
        for entry in audit { #expect(!(try entry.decode(0, as: String.self)).contains(first.token)) }
    }

    @Test func expiredTokensAreRejected() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, principal) = try AccessFixtures.owner(connection)
        let issued = try Tokens.issue(
            for: owner.id, expiry: .at(start.addingTimeInterval(3600)), by: principal, time: .fixed(start), on: connection)
        let justBefore = TimeSource.fixed(start.addingTimeInterval(3599))
        #expect(try Tokens.authenticate(token: issued.token, channel: .api, time: justBefore, in: connection) == principal)
        let atExpiry = TimeSource.fixed(start.addingTimeInterval(3600))
        #expect(throws: Tokens.rejection) {
            try Tokens.authenticate(token: issued.token, channel: .api, time: atExpiry, in: connection)
        }
        #expect(throws: ERPError.validationFailed(fields: ["expires_at": "must be in the future"])) {
            try Tokens.issue(for: owner.id, expiry: .at(start), by: principal, time: .fixed(start), on: connection)
        }
    }

    @Test func tokensExpireAfterNinetyDaysUnlessNeverIsChosenExplicitly() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, principal) = try AccessFixtures.owner(connection)
        let standard = try Tokens.issue(for: owner.id, by: principal, time: .fixed(start), on: connection)
        #expect(standard.info.expiresAt == start.addingTimeInterval(90 * 86_400))
        let week = try Tokens.issue(for: owner.id, expiry: .inDays(7), by: principal, time: .fixed(start), on: connection)
        #expect(week.info.expiresAt == start.addingTimeInterval(7 * 86_400))
        let forever = try Tokens.issue(for: owner.id, expiry: .never, by: principal, time: .fixed(start), on: connection)
        #expect(forever.info.expiresAt == nil)
        let recorded = try connection.query("""
            SELECT change->>'expires_at' FROM audit_log WHERE action = 'token.issue' AND entity_id = \(forever.info.id)
            """).single().decode(0, as: String?.self)
        #expect(recorded == nil, "the audit log shows the token never expires")
        #expect(throws: Tokens.rejection) {
            try Tokens.authenticate(token: standard.token, channel: .api, time: .fixed(start.addingTimeInterval(90 * 86_400)), in: connection)
        }
        let tokens = try AccessFixtures.count("tokens", connection)
        for (at, days, expires) in [(start, 7, nil), (nil, 0, nil), (nil, 3651, nil), (nil, nil, "forever")] as [(Date?, Int?, String?)] {
            #expect(throws: ERPError.self) {
                try Tokens.issue(for: owner.id, expiry: try TokenExpiry(expiresAt: at, expiresInDays: days, expires: expires),
                                 by: principal, time: .fixed(start), on: connection)
            }
        }
        #expect(try AccessFixtures.count("tokens", connection) == tokens)
    }

    @Test func disablingAUserStopsTheirTokensAtOnce() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (keeper, keeperPrincipal) = try AccessFixtures.user("keeper", role: .storekeeper, by: owner, on: connection)
        let issued = try Tokens.issue(for: keeper.id, by: keeperPrincipal, on: connection)
        #expect(try Tokens.authenticate(token: issued.token, channel: .api, in: connection).login == "keeper")
        _ = try Users.disable(login: "keeper", by: owner, on: connection)
        #expect(throws: Tokens.rejection) { try Tokens.authenticate(token: issued.token, channel: .api, in: connection) }
        #expect(throws: ERPError.invalidState(entity: "user", current: "disabled", action: "issue a token for")) {
            try Tokens.issue(for: keeper.id, by: owner, on: connection)
        }
    }

    @Test(arguments: ["", "Bearer x", "erp_", "erp_" + String(repeating: "A", count: 43), "erp_" + String(repeating: "!", count: 43),
                      String(repeating: "x", count: 100_000)])
    func unknownAndMalformedTokensGetTheSameAnswer(token: String) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        _ = try AccessFixtures.owner(connection)
        #expect(throws: Tokens.rejection) { try Tokens.authenticate(token: token, channel: .api, in: connection) }
    }

    @Test func lastUsedIsWrittenAtMostOncePerMinute() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, principal) = try AccessFixtures.owner(connection)
        let issued = try Tokens.issue(for: owner.id, by: principal, time: .fixed(start), on: connection)
        func lastUsed() throws -> Date? {
            try connection.query("SELECT last_used_at FROM tokens WHERE id = \(issued.info.id)").single().decode(0, as: Date?.self)
        }
        #expect(try lastUsed() == nil)
        for (offset, expected) in [(0.0, 0.0), (30, 0), (60, 0), (61, 61), (100, 61), (122, 122)] {
            _ = try Tokens.authenticate(
                token: issued.token, channel: .api, time: .fixed(start.addingTimeInterval(offset)), in: connection)
            #expect(try lastUsed() == start.addingTimeInterval(expected), "after authenticating at +\(offset) s")
        }
    }

    @Test func usersManageTheirOwnTokensOnly() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, ownerPrincipal) = try AccessFixtures.owner(connection)
        let (keeper, keeperPrincipal) = try AccessFixtures.user("keeper", role: .storekeeper, by: ownerPrincipal, on: connection)
        let ownToken = try Tokens.issue(for: keeper.id, by: keeperPrincipal, on: connection)
        #expect(throws: ERPError.forbidden(action: "manage users")) {
            try Tokens.issue(for: owner.id, by: keeperPrincipal, on: connection)
        }
        let ownersToken = try Tokens.issue(for: owner.id, by: ownerPrincipal, on: connection)
        // Another user's token is not visible: 404, not 403.
        #expect(throws: ERPError.notFound(entity: "token", id: ownersToken.info.prefix)) {
            try Tokens.revoke(prefix: ownersToken.info.prefix, by: keeperPrincipal, on: connection)
        }
        #expect(try Tokens.list(for: keeper.id, by: keeperPrincipal, on: connection).map(\.id) == [ownToken.info.id])
        #expect(throws: ERPError.notFound(entity: "user", id: String(owner.id.rawValue))) {
            try Tokens.list(for: owner.id, by: keeperPrincipal, on: connection)
        }
        // The owner may revoke anyone's token.
        _ = try Tokens.revoke(prefix: ownToken.info.prefix, by: ownerPrincipal, on: connection)
        #expect(throws: Tokens.rejection) { try Tokens.authenticate(token: ownToken.token, channel: .api, in: connection) }
        #expect(throws: ERPError.validationFailed(fields: ["prefix": "must be the 8 characters after erp_ of a token"])) {
            try Tokens.revoke(prefix: "short", by: ownerPrincipal, on: connection)
        }
        #expect(throws: ERPError.notFound(entity: "token", id: "ZZZZZZZZ")) {
            try Tokens.revoke(prefix: "ZZZZZZZZ", by: ownerPrincipal, on: connection)
        }
    }

    @Test func addWithFirstTokenCreatesBothInOneTransaction() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let added = try Users.addWithFirstToken(NewUser(login: "first", role: .owner), by: nil, on: connection)
        let principal = try Tokens.authenticate(token: added.token, channel: .api, in: connection)
        #expect(principal.userID == added.user.id)
        #expect(try AccessFixtures.actions(connection) == ["user.create", "token.issue"])
        // A refused add leaves neither a user nor a token.
        #expect(throws: ERPError.duplicate(entity: "user", field: "login", existingID: added.user.id.rawValue)) {
            try Users.addWithFirstToken(NewUser(login: "FIRST", role: .manager), by: principal, on: connection)
        }
        #expect(try AccessFixtures.count("tokens", connection) == 1)
    }
}
