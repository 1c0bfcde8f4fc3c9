// Password login: login + password → a new token and the user. A failure looks the same whether
// the login exists or not (same error, and the same bcrypt work against a decoy hash), and more
// than five failures for one login within a minute are refused with 429 before any password is
// checked. Failures are rows in `login_failures`, so every server process sees them.

import Foundation
import Postgres

/// What a successful login returns: `{"token": "…", "user": {…}}` (docs/http.md).
package struct LoginResult: Codable, Sendable, Equatable {
    /// The new bearer token, shown this once.
    package var token: String
    /// The user who logged in.
    package var user: User
}

/// The login service (`POST /api/v1/auth/login`).
package enum Login {
    /// Failures per login within `window` after which attempts are refused.
    package static let maximumFailures = 5
    /// The rate-limit window.
    package static let window: TimeInterval = 60
    /// How long a token issued by a password login stays valid.
    package static let tokenLifetime: TimeInterval = 30 * 24 * 3600
    /// The one answer for a wrong login, wrong password, disabled user or user without password.
    package static let rejection = ERPError.unauthorized(reason: "wrong login or password")

    private enum Outcome<Granted> {
        case succeeded(Granted)
        case failed
        case limited(retryAfterSeconds: Int)
    }

    /// Checks a password and issues a token (expiring after `tokenLifetime`), auditing
    /// `token.issue` with the user as actor.
    /// - Throws: as `verify(login:password:channel:time:on:grant:)`.
    package static func attempt(
        login: String, password: String, channel: Channel = .api, time: TimeSource = .system,
        on connection: Connection
    ) throws(ERPError) -> LoginResult {
        try verify(login: login, password: password, channel: channel, time: time, on: connection) { user, principal, tx in
            let issued = try Tokens.issue(
                for: user.id, expiry: .at(time.now.addingTimeInterval(tokenLifetime)), by: principal, time: time, in: tx)
            return LoginResult(token: issued.token, user: user)
        }
    }

    /// Checks a password and, when it matches an active user, runs `grant` (issue a token, start a
    /// web session) in the same transaction, acting as that user through `channel`.
    ///
    /// Attempts for one login are serialised by an advisory lock, so a burst of parallel guesses
    /// cannot slip past the limit; a success clears the login's failures.
    /// - Throws: `ERPError.unauthorized` (`Login.rejection`); `.rateLimited` after 5 failures in a
    ///   minute; `.validationFailed` for an empty or over-long login or an empty password (public
    ///   rules that tell nothing about any user); what `grant` throws; `.unavailable` when the
    ///   database is down.
    package static func verify<Granted>(
        login: String, password: String, channel: Channel, time: TimeSource, on connection: Connection,
        grant: (User, Principal, Transaction) throws -> Granted
    ) throws(ERPError) -> Granted {
        var problems = FieldErrors()
        if !(1...64).contains(login.count) { problems.add("login", "must be 1 to 64 characters") }
        if password.isEmpty { problems.add("password", "is required") }
        try problems.throwIfAny()
        // One fold for the lookup and the rate limit (`LoginName`); login_failures.login_key holds
        // at most 64 code points, and no stored login is longer.
        let folded = LoginName.fold(login)
        let key = String(String.UnicodeScalarView(folded.unicodeScalars.prefix(64)))
        let now = time.now
        let outcome = try connection.serviceTransaction { tx -> Outcome<Granted> in
            try tx.query("SELECT pg_advisory_xact_lock(hashtextextended('erp login ' || \(key), 0))")
            let recent = try tx.query("""
                SELECT count(*), min(at) FROM login_failures
                WHERE login_key = \(key) AND at > \(now.addingTimeInterval(-window)) AND at <= \(now)
                """).single()
            if try recent.decode(0, as: Int64.self) >= maximumFailures {
                let oldest = try recent.decode(1, as: Date?.self) ?? now
                let wait = oldest.addingTimeInterval(window).timeIntervalSince(now)
                return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            // The same single lookup whether or not the login exists.
            let found = try tx.query("SELECT id, password_hash FROM users WHERE login_folded = \(folded)").firstRow
            let userID = try found?.decode(0, as: UserID.self)
            let hash = try found?.decode(1, as: String?.self) ?? nil
            // Always exactly one bcrypt computation, whatever is missing.
            let matches = try Passwords.verify(password, against: hash, in: tx)
            let user = matches ? try userID.map { (id) throws in try Users.fetch(id, in: tx) } : nil
            guard let user, user.active else {
                try tx.query("INSERT INTO login_failures (login_key, at) VALUES (\(key), \(now))")
                return .failed
            }
            try tx.query("DELETE FROM login_failures WHERE login_key = \(key)")
            return .succeeded(try grant(user, user.principal(channel: channel), tx))
        }
        switch outcome {
        case .succeeded(let granted): return granted
        case .failed: throw rejection
        case .limited(let seconds): throw ERPError.rateLimited(retryAfterSeconds: seconds)
        }
    }

    /// Deletes failures older than the window (they no longer count); for `erp maintenance`.
    /// Returns how many rows were removed.
    /// - Throws: translated database errors.
    @discardableResult
    package static func purgeFailures(time: TimeSource = .system, on connection: Connection) throws(ERPError) -> Int {
        let cutoff = time.now.addingTimeInterval(-window)
        return try connection.serviceQuery("DELETE FROM login_failures WHERE at <= \(cutoff)").affectedRows
    }
}
