// Sessions of the web pages: a person signs in with the same login service as the API (bcrypt,
// rate limit, disabled users refused) and gets a random session id for a cookie. Like tokens, only
// the id's SHA-256 digest is stored. A session ends after 12 idle hours, 7 days after sign-in, at
// sign-out, or when its user is disabled; authentication checks all of that in one statement and
// writes `last_seen_at` only when it is more than a minute old (most page views write nothing).

import Foundation
import Postgres

/// A web session's id (the row, never the secret).
package struct WebSessionID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A signed-in browser: who it is, and the CSRF token its forms must carry.
package struct WebSession: Sendable, Equatable {
    /// The session row's id.
    package var id: WebSessionID
    /// The signed-in user (name and role for the top bar).
    package var user: User
    /// The principal the pages act as (channel `web`).
    package var principal: Principal
    /// The per-session token of every form (`csrf_secret`).
    package var csrfToken: String
}

/// A session just started: the secret for the cookie (never stored) and the session.
package struct StartedWebSession: Sendable, Equatable {
    /// The cookie value: 43 base64url characters.
    package var secret: String
    /// When the session ends at the latest (the cookie's `Expires`).
    package var expiresAt: Date
    /// The session.
    package var session: WebSession
}

/// Sign-in, authentication and sign-out of the pages' sessions.
package enum WebSessions {
    /// A session unused this long ends.
    package static let idleLifetime: TimeInterval = 12 * 3600
    /// A session ends this long after sign-in, however busy.
    package static let absoluteLifetime: TimeInterval = 7 * 24 * 3600
    /// How stale `last_seen_at` may get before authentication writes it (and the idle expiry) again.
    package static let lastSeenResolution: TimeInterval = 60
    /// The one answer for every unknown, expired or ended session.
    package static let rejection = ERPError.unauthorized(reason: "the session has ended; sign in again")

    /// Checks the password as `Login` does and starts a session; audits `session.start`.
    /// - Throws: as `Login.verify` (`unauthorized`, `rateLimited`, `validationFailed`, `unavailable`).
    package static func signIn(
        login: String, password: String, time: TimeSource = .system, on connection: Connection
    ) throws(ERPError) -> StartedWebSession {
        try Login.verify(login: login, password: password, channel: .web, time: time, on: connection) { user, principal, tx in
            let secret = try Tokens.randomSecret()
            let csrf = try Tokens.randomSecret()
            let now = time.now
            let expiresAt = now.addingTimeInterval(absoluteLifetime)
            let id = try tx.query("""
                INSERT INTO web_sessions (user_id, digest, csrf_secret, created_at, last_seen_at, idle_expires_at, expires_at)
                VALUES (\(user.id), digest(\(secret), 'sha256'), \(csrf), \(now), \(now),
                        \(now.addingTimeInterval(idleLifetime)), \(expiresAt))
                RETURNING id
                """).single().decode(0, as: WebSessionID.self)
            try Audit.record(in: tx, by: principal, action: "session.start", entityType: "web_session", entityID: id,
                             change: .object(["expires_at": .timestamp(expiresAt)]))
            let session = WebSession(id: id, user: user, principal: principal, csrfToken: csrf)
            return StartedWebSession(secret: secret, expiresAt: expiresAt, session: session)
        }
    }

    /// The session a cookie value stands for; unknown, expired and ended sessions and sessions of
    /// disabled users all get the same `401`. Runs outside any transaction.
    /// - Throws: `ERPError.unauthorized` (`WebSessions.rejection`); `.unavailable` when the database is down.
    package static func authenticate(
        secret: String, time: TimeSource = .system, on connection: Connection
    ) throws(ERPError) -> WebSession {
        // A value that cannot be one of our ids costs no round trip.
        guard secret.utf8.count == 43, secret.utf8.allSatisfy(Tokens.isBase64URL) else { throw rejection }
        let now = time.now
        let rows = try connection.serviceQuery("""
            WITH found AS (
                SELECT s.id, s.user_id, s.csrf_secret, s.last_seen_at, s.expires_at
                FROM web_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.digest = digest(\(secret), 'sha256') AND s.revoked_at IS NULL
                  AND s.expires_at > \(now) AND s.idle_expires_at > \(now) AND u.active
            ), touched AS (
                UPDATE web_sessions SET last_seen_at = \(now),
                    idle_expires_at = LEAST(\(now.addingTimeInterval(idleLifetime)), expires_at)
                WHERE id = (SELECT id FROM found) AND last_seen_at < \(now.addingTimeInterval(-lastSeenResolution))
            )
            SELECT id, user_id, csrf_secret FROM found
            """)
        guard let row = rows.firstRow else { throw rejection }
        do {
            let userID = try row.decode(1, as: UserID.self)
            let userRow = try connection.query(User.columns + " WHERE id = \(userID)").single()
            let user = try User(row: userRow)
            return WebSession(id: try row.decode(0, as: WebSessionID.self), user: user,
                              principal: user.principal(channel: .web), csrfToken: try row.decode(2, as: String.self))
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// Ends a session (sign-out), effective at once; audits `session.end`. Ending an ended
    /// session changes and records nothing.
    /// - Throws: translated database errors.
    package static func signOut(_ session: WebSession, time: TimeSource = .system, on connection: Connection) throws(ERPError) {
        try connection.serviceTransaction { tx in
            let ended = try tx.query("""
                UPDATE web_sessions SET revoked_at = \(time.now) WHERE id = \(session.id) AND revoked_at IS NULL
                """).affectedRows
            guard ended > 0 else { return }
            try Audit.record(in: tx, by: session.principal, action: "session.end", entityType: "web_session",
                             entityID: session.id, change: .object([:]))
        }
    }

    /// Deletes the sessions that can no longer be used: expired (absolutely or for being idle) or
    /// signed out more than a day ago. `erp maintenance` and the server's daily job run it.
    /// - Returns: how many went.
    /// - Throws: translated database errors.
    package static func purgeExpired(time: TimeSource = .system, on connection: Connection) throws(ERPError) -> Int {
        let now = time.now
        return try connection.serviceQuery("""
            DELETE FROM web_sessions
            WHERE expires_at <= \(now) OR idle_expires_at <= \(now) OR revoked_at <= \(now.addingTimeInterval(-86_400))
            """).affectedRows
    }

    /// Ends every session of a user (disabling the user), inside the caller's transaction.
    /// - Throws: `PostgresError`.
    static func endAll(of user: UserID, in tx: Transaction) throws {
        try tx.query("UPDATE web_sessions SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL")
    }
}
