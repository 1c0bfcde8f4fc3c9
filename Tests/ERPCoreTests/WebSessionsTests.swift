import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

/// Sessions of the web pages: sign-in through the login service, expiry, sign-out, disabling.
@Suite("Web sessions")
struct WebSessionsTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func signInStoresOnlyTheDigestAndTheCookieAuthenticatesAsTheUserOnTheWeb() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _) = try AccessFixtures.owner(connection, login: "olga", password: "correct horse")
        let started = try WebSessions.signIn(login: "Olga", password: "correct horse", time: .fixed(start), on: connection)
        #expect(started.secret.utf8.count == 43)
        #expect(started.expiresAt == start.addingTimeInterval(WebSessions.absoluteLifetime))
        let stored = try connection.query("SELECT count(*) FROM web_sessions WHERE digest = digest(\(started.secret), 'sha256')")
            .single().decode(0, as: Int64.self)
        #expect(stored == 1)
        #expect(try connection.query("SELECT count(*) FROM web_sessions WHERE encode(digest, 'escape') LIKE '%' || \(started.secret) || '%'")
            .single().decode(0, as: Int64.self) == 0)
        let session = try WebSessions.authenticate(secret: started.secret, time: .fixed(start.addingTimeInterval(60)), on: connection)
        #expect(session.user.id == owner.id)
        #expect(session.principal.channel == .web)
        #expect(session.csrfToken == started.session.csrfToken)
        let audit = try connection.query("SELECT action, channel FROM audit_log ORDER BY id DESC LIMIT 1").single()
        #expect(try audit.decode(0, as: String.self) == "session.start")
        #expect(try audit.decode(1, as: String.self) == "web")
    }

    @Test func aWrongPasswordStartsNoSessionAndCountsTowardsTheRateLimit() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        _ = try AccessFixtures.owner(connection, login: "olga", password: "correct horse")
        #expect(throws: Login.rejection) {
            try WebSessions.signIn(login: "olga", password: "wrong", time: .fixed(start), on: connection)
        }
        #expect(try AccessFixtures.count("web_sessions", connection) == 0)
        #expect(try AccessFixtures.count("login_failures", connection) == 1)
    }

    @Test func aSessionEndsWhenIdleTooLongOrTooOldWhateverTheActivity() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        _ = try AccessFixtures.owner(connection, login: "olga", password: "correct horse")
        let started = try WebSessions.signIn(login: "olga", password: "correct horse", time: .fixed(start), on: connection)
        let idle = start.addingTimeInterval(WebSessions.idleLifetime + 1)
        #expect(throws: WebSessions.rejection) { try WebSessions.authenticate(secret: started.secret, time: .fixed(idle), on: connection) }
        // Used every 11 hours, it lives until the absolute bound and not a second longer.
        let busy = try WebSessions.signIn(login: "olga", password: "correct horse", time: .fixed(start), on: connection)
        var now = start
        while now.addingTimeInterval(11 * 3600) < start.addingTimeInterval(WebSessions.absoluteLifetime) {
            now = now.addingTimeInterval(11 * 3600)
            _ = try WebSessions.authenticate(secret: busy.secret, time: .fixed(now), on: connection)
        }
        let tooOld = start.addingTimeInterval(WebSessions.absoluteLifetime)
        #expect(throws: WebSessions.rejection) { try WebSessions.authenticate(secret: busy.secret, time: .fixed(tooOld), on: connection) }
    }

    @Test func signOutEndsTheSessionForEveryCopyOfTheCookie() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        _ = try AccessFixtures.owner(connection, login: "olga", password: "correct horse")
        let started = try WebSessions.signIn(login: "olga", password: "correct horse", time: .fixed(start), on: connection)
        try WebSessions.signOut(started.session, time: .fixed(start), on: connection)
        #expect(throws: WebSessions.rejection) { try WebSessions.authenticate(secret: started.secret, time: .fixed(start), on: connection) }
        let audit = try connection.query("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").single()
        #expect(try audit.decode(0, as: String.self) == "session.end")
    }

    @Test func disablingAUserEndsTheirSessions() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection, password: "owner-password")
        _ = try AccessFixtures.user("kirill", role: .storekeeper, password: "kirill-password", by: owner, on: connection)
        let started = try WebSessions.signIn(login: "kirill", password: "kirill-password", time: .fixed(start), on: connection)
        _ = try Users.disable(login: "kirill", by: owner, on: connection)
        #expect(throws: WebSessions.rejection) { try WebSessions.authenticate(secret: started.secret, time: .fixed(start), on: connection) }
        #expect(try connection.query("SELECT count(*) FROM web_sessions WHERE revoked_at IS NULL").single().decode(0, as: Int64.self) == 0)
    }

    @Test(arguments: ["", "short", String(repeating: "a", count: 43), String(repeating: "é", count: 43)])
    func aCookieThatIsNoSessionIsRefused(secret: String) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        #expect(throws: WebSessions.rejection) { try WebSessions.authenticate(secret: secret, on: connection) }
    }
}
