// API tokens: 32 bytes from the system CSPRNG, shown once as `erp_` + base64url, stored only as
// their SHA-256 digest (pgcrypto `digest()`), with the first 8 characters kept visible as the
// prefix that `erp token revoke PREFIX` names.

import Foundation
import Glibc
import Postgres

/// A token's id.
package struct TokenID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// What is known about a token besides its secret.
package struct TokenInfo: Codable, Sendable, Equatable {
    /// The token's id.
    package var id: TokenID
    /// Whose token it is.
    package var userID: UserID
    /// The visible identifier: the 8 characters after `erp_`.
    package var prefix: String
    /// When it was issued.
    package var createdAt: Date
    /// When it stops working; nil for never.
    package var expiresAt: Date?
    /// When it was revoked; nil while valid.
    package var revokedAt: Date?
    /// Last successful authentication, to within a minute.
    package var lastUsedAt: Date?

    private enum CodingKeys: String, CodingKey {
        case id, userID, prefix, createdAt, expiresAt, revokedAt, lastUsedAt
    }

    /// Encodes every field, absent dates as `null`.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userID, forKey: .userID)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
    }


    static let columns: PostgresQuery = "SELECT id, user_id, prefix, created_at, expires_at, revoked_at, last_used_at FROM tokens"

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode(0, as: TokenID.self)
        userID = try row.decode(1, as: UserID.self)
        prefix = try row.decode(2, as: String.self)
        createdAt = try row.decode(3, as: Date.self)
        expiresAt = try row.decode(4, as: Date?.self)
        revokedAt = try row.decode(5, as: Date?.self)
        lastUsedAt = try row.decode(6, as: Date?.self)
    }
}

/// A token just issued: the secret (shown once, never stored) and its record.
/// JSON: the record's fields plus `"token"`.
package struct IssuedToken: Codable, Sendable, Equatable {
    /// The bearer token, `erp_` + 43 base64url characters.
    package var token: String
    /// The stored record.
    package var info: TokenInfo

    private enum CodingKeys: String, CodingKey { case token }

    /// Decodes the flat form written by `encode(to:)`.
    /// - Throws: `DecodingError`.
    package init(from decoder: any Decoder) throws {
        token = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .token)
        info = try TokenInfo(from: decoder)
    }

    /// Encodes `{"token": …, "id": …, "prefix": …, …}`.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        try info.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
    }

    init(token: String, info: TokenInfo) {
        self.token = token
        self.info = info
    }
}

/// The tokens service: issue, list, revoke, and authenticate (in `Tokens+Authenticate.swift`).
package enum Tokens {
    /// What every token starts with, so leaked tokens are recognisable (secret scanners).
    package static let scheme = "erp_"
    /// Length of the visible prefix after `erp_`.
    package static let prefixLength = 8

    /// Issues a token for `userID` that expires as `expiry` says (by default after
    /// `TokenExpiry.standardDays`), inside `tx`, and audits `token.issue`.
    /// - Throws: `ERPError.forbidden` (own token needs `manageOwnAccess`, another's
    ///   `manageUsers`); `.notFound`; `.invalidState` for a disabled user; `.validationFailed`
    ///   when the expiry is not in the future; `.unavailable` if the CSPRNG fails; `PostgresError`.
    package static func issue(
        for userID: UserID, expiry: TokenExpiry = .standard, by principal: Principal, time: TimeSource = .system,
        in tx: Transaction
    ) throws -> IssuedToken {
        try principal.require(userID == principal.userID && !principal.isSystem ? .manageOwnAccess : .manageUsers)
        let now = time.now
        let expiresAt = try expiry.date(issuedAt: now)
        // FOR SHARE: a concurrent disable waits for us, or we see its result.
        guard let row = try tx.query("SELECT active FROM users WHERE id = \(userID) FOR SHARE").firstRow else {
            throw ERPError.notFound(entity: "user", id: String(userID.rawValue))
        }
        guard try row.decode(0, as: Bool.self) else {
            throw ERPError.invalidState(entity: "user", current: "disabled", action: "issue a token for")
        }
        // A prefix collision (48 random bits) is astronomically rare; draw again rather than fail.
        for _ in 0..<3 {
            let token = try generate()
            let prefix = String(token.dropFirst(scheme.count).prefix(prefixLength))
            let rows = try tx.query("""
                INSERT INTO tokens (user_id, prefix, digest, created_at, expires_at)
                VALUES (\(userID), \(prefix), digest(\(token), 'sha256'), \(now), \(expiresAt))
                ON CONFLICT DO NOTHING
                RETURNING id, user_id, prefix, created_at, expires_at, revoked_at, last_used_at
                """)
            guard let inserted = rows.firstRow else { continue }
            let info = try TokenInfo(row: inserted)
            try Audit.record(in: tx, by: principal, action: "token.issue", entityType: "token", entityID: info.id,
                             change: .object([
                                 "user_id": .number(userID.rawValue), "prefix": .string(prefix),
                                 "expires_at": .timestamp(expiresAt),
                             ]))
            return IssuedToken(token: token, info: info)
        }
        throw ERPError.unavailable(reason: "could not draw a unique token; retry")
    }

    /// Issues a token in a transaction of its own; see `issue(for:expiry:by:time:in:)`.
    /// - Throws: `ERPError` as `issue(for:expiry:by:time:in:)`.
    package static func issue(
        for userID: UserID, expiry: TokenExpiry = .standard, by principal: Principal, time: TimeSource = .system,
        on connection: Connection
    ) throws(ERPError) -> IssuedToken {
        try connection.serviceTransaction { tx in
            try issue(for: userID, expiry: expiry, by: principal, time: time, in: tx)
        }
    }

    /// Revokes the token with this prefix (`AbCd1234` or `erp_AbCd1234…`), effective at once, and
    /// audits `token.revoke`. Revoking a revoked token changes and records nothing.
    /// - Throws: `ERPError.notFound` for an unknown prefix or another user's token without
    ///   `manageUsers` (other users' tokens are not visible); `.forbidden` without
    ///   `manageOwnAccess`; `.validationFailed` for a malformed prefix; translated database errors.
    package static func revoke(
        prefix text: String, by principal: Principal, time: TimeSource = .system, on connection: Connection
    ) throws(ERPError) -> TokenInfo {
        let prefix = try parsePrefix(text)
        return try connection.serviceTransaction { tx in
            guard let row = try tx.query(TokenInfo.columns + " WHERE prefix = \(prefix) FOR UPDATE").firstRow else {
                throw ERPError.notFound(entity: "token", id: prefix)
            }
            let info = try TokenInfo(row: row)
            if info.userID == principal.userID && !principal.isSystem {
                try principal.require(.manageOwnAccess)
            } else if !principal.may(.manageUsers) {
                throw ERPError.notFound(entity: "token", id: prefix)
            }
            guard info.revokedAt == nil else { return info }
            let now = time.now
            let updated = try tx.query("""
                UPDATE tokens SET revoked_at = \(now) WHERE id = \(info.id)
                RETURNING id, user_id, prefix, created_at, expires_at, revoked_at, last_used_at
                """)
            try Audit.record(in: tx, by: principal, action: "token.revoke", entityType: "token", entityID: info.id,
                             change: .object(["prefix": .string(prefix), "user_id": .number(info.userID.rawValue)]))
            return try TokenInfo(row: try updated.single())
        }
    }

    /// The tokens of a user, newest first (revoked and expired ones included).
    /// - Throws: `ERPError.forbidden` without `manageOwnAccess`; `.notFound` for another user's
    ///   tokens without `manageUsers` (as for `revoke`: other users' tokens are not visible).
    package static func list(for userID: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> [TokenInfo] {
        if userID == principal.userID && !principal.isSystem {
            try principal.require(.manageOwnAccess)
        } else if !principal.may(.manageUsers) {
            throw .notFound(entity: "user", id: String(userID.rawValue))
        }
        let rows = try connection.serviceQuery(TokenInfo.columns + " WHERE user_id = \(userID) ORDER BY id DESC")
        do {
            return try rows.map { (row) throws(PostgresError) in try TokenInfo(row: row) }
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// Accepts `AbCd1234` or a longer string starting `erp_AbCd1234` and returns the 8 characters.
    static func parsePrefix(_ text: String) throws(ERPError) -> String {
        let bare = text.hasPrefix(scheme) ? String(text.dropFirst(scheme.count)) : text
        let prefix = String(bare.prefix(prefixLength))
        guard prefix.utf8.count == prefixLength, prefix.utf8.allSatisfy(isBase64URL) else {
            throw ERPError.validationFailed(fields: ["prefix": "must be the 8 characters after erp_ of a token"])
        }
        return prefix
    }

    static func isBase64URL(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// A new token: `erp_` + a `randomSecret()`.
    /// - Throws: `ERPError.unavailable` if the kernel's CSPRNG fails.
    static func generate() throws(ERPError) -> String {
        scheme + (try randomSecret())
    }

    /// 43 base64url characters (no padding) of 32 bytes from the kernel CSPRNG: the secret part
    /// of tokens, web session ids and CSRF tokens.
    ///
    /// `getentropy(3)` is glibc's wrapper of `getrandom(2)` (which Swift's Glibc module does not
    /// import): it blocks until the pool is seeded and never returns short for ≤ 256 bytes.
    /// - Throws: `ERPError.unavailable` if the kernel's CSPRNG fails.
    package static func randomSecret() throws(ERPError) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        let status = bytes.withUnsafeMutableBytes { buffer in getentropy(buffer.baseAddress, buffer.count) }
        guard status == 0 else {
            throw ERPError.unavailable(reason: "the system random number generator failed")
        }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return base64
    }
}
