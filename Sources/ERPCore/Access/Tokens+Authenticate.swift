// Authentication of a bearer token: one indexed statement per request. It finds the token by
// its digest, checks revocation, expiry and that the user is active, and — only when the stored
// value is more than a minute old — bumps `last_used_at`, so most requests write nothing.

import Foundation
import Postgres

extension Tokens {
    /// How stale `last_used_at` may get before authentication writes it again.
    package static let lastUsedResolution: TimeInterval = 60

    /// The one answer for every bad token, so a client cannot tell unknown from revoked,
    /// expired or disabled.
    package static let rejection = ERPError.unauthorized(reason: "the token is invalid, expired or revoked")

    /// The principal a bearer token stands for, acting through `channel`.
    ///
    /// This is the server's `authenticate` hook: unknown, malformed, expired and revoked tokens
    /// and tokens of disabled users all get the same `401`. It runs outside any transaction.
    /// - Throws: `ERPError.unauthorized` (`Tokens.rejection`); `.unavailable` when the database is down.
    package static func authenticate(
        token: String, channel: Channel, time: TimeSource = .system, in connection: Connection
    ) throws(ERPError) -> Principal {
        // A string that cannot be one of our tokens costs no round trip (nor a digest of megabytes).
        guard token.utf8.count == scheme.utf8.count + 43, token.hasPrefix(scheme),
              token.utf8.dropFirst(scheme.utf8.count).allSatisfy(isBase64URL)
        else { throw rejection }
        let now = time.now
        let staleBefore = now.addingTimeInterval(-lastUsedResolution)
        let rows = try connection.serviceQuery("""
            WITH found AS (
                SELECT t.id AS token_id, u.id, u.login, u.role, u.all_clients,
                       array_to_string(u.warehouse_scope, ',') AS scope
                FROM tokens t JOIN users u ON u.id = t.user_id
                WHERE t.digest = digest(\(token), 'sha256')
                  AND t.revoked_at IS NULL
                  AND (t.expires_at IS NULL OR t.expires_at > \(now))
                  AND u.active
            ), touched AS (
                UPDATE tokens SET last_used_at = \(now)
                WHERE id = (SELECT token_id FROM found)
                  AND (last_used_at IS NULL OR last_used_at < \(staleBefore))
            )
            SELECT id, login, role, all_clients, scope FROM found
            """)
        guard let row = rows.firstRow else { throw rejection }
        do {
            let roleText = try row.decode(2, as: String.self)
            guard let role = Role(rawValue: roleText) else {
                throw PostgresError(.decoding, message: "users.role \"\(roleText)\" is not a role")
            }
            var scope: Set<Int64>?
            if let text = try row.decode(4, as: String?.self) {
                scope = Set(text.split(separator: ",").compactMap { Int64($0) })
            }
            return Principal(
                userID: try row.decode(0, as: UserID.self), login: try row.decode(1, as: String.self),
                role: role, allClients: try row.decode(3, as: Bool.self), warehouseScope: scope, channel: channel
            )
        } catch {
            throw ServiceFailure.translate(error)
        }
    }
}
