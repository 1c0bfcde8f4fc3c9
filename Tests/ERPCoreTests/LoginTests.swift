import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

@Suite("Login")
struct LoginTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func correctPasswordGivesAUsableTokenCaseInsensitiveLogin() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, principal) = try AccessFixtures.owner(connection, login: "Olga", password: "correct horse")
        let result = try Login.attempt(login: "olga", password: "correct horse", time: .fixed(start), on: connection)
        #expect(result.user == owner)
        #expect(try Tokens.authenticate(token: result.token, channel: .api, time: .fixed(start), in: connection) == principal)
        // Login tokens expire after 30 days.
        let expiry = try connection.query("SELECT expires_at FROM tokens").single().decode(0, as: Date.self)
        #expect(expiry == start.addingTimeInterval(Login.tokenLifetime))
        let audit = try connection.query("SELECT action, actor_id, channel FROM audit_log ORDER BY id DESC LIMIT 1").single()
        #expect(try audit.decode(0, as: String.self) == "token.issue")
        #expect(try audit.decode(1, as: UserID?.self) == owner.id)
        #expect(try audit.decode(2, as: String.self) == "api")
    }

    @Test func everyKindOfFailureGetsTheSameAnswer() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection, password: "owner-password")
        _ = try AccessFixtures.user("nopass", role: .manager, by: owner, on: connection)
        _ = try AccessFixtures.user("gone", role: .manager, password: "gone-password", by: owner, on: connection)
        _ = try Users.disable(login: "gone", by: owner, on: connection)
        var answers: [String] = []
        for (login, password) in [
            ("nobody", "owner-password"), ("owner", "wrong-password"), ("nopass", "anything-at-all"),
            ("gone", "gone-password"),
        ] {
            do {
                _ = try Login.attempt(login: login, password: password, on: connection)
                Issue.record("\(login) logged in")
            } catch {
                #expect(error == Login.rejection)
                answers.append(error.message)
            }
        }
        #expect(Set(answers) == ["Authentication failed: wrong login or password."])
        // Each failure is a durable row, whether or not the login exists.
        #expect(try AccessFixtures.count("login_failures", connection) == 4)
        #expect(try AccessFixtures.count("tokens", connection) == 0)
    }

    @Test func unknownLoginsCostTheSameBcryptWork() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        _ = try AccessFixtures.owner(connection, password: "owner-password")
        func elapsed(_ login: String) -> Duration {
            ContinuousClock().measure {
                #expect(throws: Login.rejection) { try Login.attempt(login: login, password: "wrong-password", on: connection) }
            }
        }
        _ = elapsed("warm-up")
        // Alternating, and the fastest of five each: a loaded machine slows both paths alike.
        var known: [Duration] = [], unknown: [Duration] = []
        for _ in 0..<5 {
            known.append(elapsed("owner"))
            unknown.append(elapsed("nobody"))
        }
        let (fastestKnown, fastestUnknown) = (known.min() ?? .zero, unknown.min() ?? .zero)
        // bcrypt at cost 10 takes tens of milliseconds; both paths must pay it (skipping it would
        // make one path a hundred times faster, not three).
        #expect(fastestUnknown > .milliseconds(10))
        #expect(fastestUnknown > fastestKnown / 3 && fastestKnown > fastestUnknown / 3, "known \(known), unknown \(unknown)")
    }

    @Test func moreThanFiveFailuresAMinuteAreRateLimited() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        _ = try AccessFixtures.owner(connection, password: "owner-password")
        // Failures older than the window do not count.
        try connection.query("""
            INSERT INTO login_failures (login_key, at)
            SELECT 'owner', \(start.addingTimeInterval(-61)) FROM generate_series(1, 10)
            """)
        for second in 0..<5 {
            let time = TimeSource.fixed(start.addingTimeInterval(Double(second)))
            #expect(throws: Login.rejection) {
                try Login.attempt(login: "OWNER", password: "wrong-password", time: time, on: connection)
            }
        }
        // The sixth attempt within the minute is refused before the password is even checked.
        let later = TimeSource.fixed(start.addingTimeInterval(10))
        #expect(throws: ERPError.rateLimited(retryAfterSeconds: 50)) {
            try Login.attempt(login: "owner", password: "owner-password", time: later, on: connection)
        }
        // Other logins are not affected.
        #expect(throws: Login.rejection) {
            try Login.attempt(login: "someone", password: "owner-password", time: later, on: connection)
        }
        // A minute after the first failure one slot is free again, and success clears the count.
        let afterWindow = TimeSource.fixed(start.addingTimeInterval(60))
        #expect(try Login.attempt(login: "owner", password: "owner-password", time: afterWindow, on: connection).user.login == "owner")
        #expect(try connection.query("SELECT count(*) FROM login_failures WHERE login_key = 'owner'")
            .single().decode(0, as: Int64.self) == 0)
    }

    @Test(arguments: ["kİrİll", "kırıll", "KIRILL", "ｋｉｒｉｌｌ", "kirill\u{0307}"])
    func aLockedOutLoginStaysLockedOutUnderEverySpelling(spelling: String) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection, password: "owner-password")
        _ = try AccessFixtures.user("kirill", role: .manager, password: "kirill-password", by: owner, on: connection)
        for _ in 0..<Login.maximumFailures {
            #expect(throws: Login.rejection) { try Login.attempt(login: "kirill", password: "wrong-password", time: .fixed(start), on: connection) }
        }
        let tokens = try AccessFixtures.count("tokens", connection)
        do {
            _ = try Login.attempt(login: spelling, password: "kirill-password", time: .fixed(start), on: connection)
            Issue.record("\(spelling) logged in while kirill is locked out")
        } catch {
            // The ASCII case variant is kirill itself (rate limited); look-alikes are nobody.
            #expect(error.code == (LoginName.fold(spelling) == "kirill" ? .rateLimited : .unauthorized))
        }
        #expect(try AccessFixtures.count("tokens", connection) == tokens)
    }

    @Test func loginsFoldOnlyASCIILetters() {
        #expect(LoginName.fold("Kirill.O@Shop-1") == "kirill.o@shop-1")
        #expect(LoginName.fold("kİrİll") == "kİrİll")
        #expect(LoginName.fold("KIRILL") == LoginName.fold("kirill"))
    }

    @Test func passwordsPastByte72NeverMatchByTruncation() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let longest = String(repeating: "p", count: 72)
        _ = try AccessFixtures.owner(connection, password: longest)
        // bcrypt ignores bytes after 72, so this would match if it ever reached crypt().
        #expect(throws: Login.rejection) {
            try Login.attempt(login: "owner", password: longest + "extra", on: connection)
        }
        #expect(throws: Login.rejection) {
            try Login.attempt(login: "owner", password: String(repeating: "p", count: 8) + "\u{0}tail", on: connection)
        }
        #expect(try Login.attempt(login: "owner", password: longest, on: connection).user.login == "owner")
    }

    @Test func malformedRequestsAreValidationErrors() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        #expect(throws: ERPError.validationFailed(fields: ["login": "must be 1 to 64 characters", "password": "is required"])) {
            try Login.attempt(login: "", password: "", on: connection)
        }
        #expect(try AccessFixtures.count("login_failures", connection) == 0)
    }

    @Test func purgeRemovesFailuresOutsideTheWindow() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        try connection.query("""
            INSERT INTO login_failures (login_key, at) VALUES ('a', \(start.addingTimeInterval(-120))),
                ('b', \(start.addingTimeInterval(-30)))
            """)
        #expect(try Login.purgeFailures(time: .fixed(start), on: connection) == 1)
        #expect(try AccessFixtures.count("login_failures", connection) == 1)
    }
}
