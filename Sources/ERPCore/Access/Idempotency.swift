// Idempotency keys for POSTs that create or post something (docs/architecture.md, "Invariants").
//
// The key row is inserted in the same transaction as the effect, so either both exist or
// neither does. A repeat with the same body replays the stored response byte for byte without
// running anything; with another body it is `422 idempotency_key_reused`. A repeat that arrives
// while the first attempt is still running blocks on the first one's uncommitted key row (that
// is what INSERT … ON CONFLICT does) and replays its response once it commits — or, if it rolled
// back, finds no row and runs itself.
//
// Decided: only outcomes that `body` *returns* are stored. Refusals (`ERPError` thrown by the
// service: validation, conflicts, forbidden) roll the transaction back, key row included, so the
// client can fix the request and retry with the same key. Keys expire after 24 hours: an expired
// key is treated as new (lazily, on its next use) and `purgeExpired` deletes them in bulk.

import Foundation
import Postgres

/// An outcome as stored for replay: exactly what was answered the first time. The kernel does not
/// interpret it: `code` is the door's to define (the API stores its HTTP status there and renders
/// the content type itself), and `body` is bytes.
package struct StoredOutcome: Sendable, Equatable {
    /// What kind of answer this was, in the door's terms (the API: 201 or 200).
    package var code: Int
    /// The answer's bytes.
    package var body: [UInt8]

    package init(code: Int, body: [UInt8]) {
        self.code = code
        self.body = body
    }
}

/// Runs POST effects at most once per `Idempotency-Key`.
package enum Idempotency {
    /// How long a key is remembered.
    package static let lifetime: TimeInterval = 24 * 3600
    /// The longest key accepted, in characters (visible ASCII only).
    package static let maximumKeyLength = 255

    /// Checks a key: 1–255 visible ASCII characters (`!` through `~`).
    /// - Throws: `ERPError.validationFailed` under `Idempotency-Key`.
    package static func validate(key: String) throws(ERPError) {
        let bytes = key.utf8
        guard (1...maximumKeyLength).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ERPError.validationFailed(fields: [
                "Idempotency-Key": "must be 1 to \(maximumKeyLength) visible ASCII characters",
            ])
        }
    }

    /// Runs `body` in a transaction at most once for (`principal`, `method`, `path`, `key`) and
    /// the same `requestBody`, returning its response now and on every repeat within 24 hours.
    ///
    /// With `key` nil, `body` simply runs in a transaction. `path` is the route's path without
    /// the query string. `body` returns the success response to store; it throws to refuse, which
    /// stores nothing. It may run more than once within one call if the transaction is retried
    /// after a serialization failure, so it must do all its work through `tx`.
    /// - Throws: `ERPError.validationFailed` for a malformed key; `.idempotencyKeyReused` when the
    ///   key was used with another body; whatever `body` throws (translated); database failures.
    package static func run(
        key: String?, principal: Principal, method: String, path: String, requestBody: [UInt8],
        time: TimeSource = .system, on connection: Connection,
        body: (Transaction) throws -> StoredOutcome
    ) throws(ERPError) -> StoredOutcome {
        guard let key else { return try connection.serviceTransaction(body) }
        try validate(key: key)
        return try connection.serviceTransaction { tx in
            let now = time.now
            let expiredBefore = now.addingTimeInterval(-lifetime)
            // Claims the key — or, when it exists, takes it over only if it expired. A live
            // conflicting row (committed or not) makes this wait for its transaction and then
            // return nothing; the row stays locked until we finish, so replays are consistent.
            let claimed = try tx.query("""
                INSERT INTO idempotency_keys (user_id, method, path, key, request_hash, created_at)
                VALUES (\(principal.userID), \(method), \(path), \(key), digest(\(Data(requestBody)), 'sha256'), \(now))
                ON CONFLICT (user_id, method, path, key) DO UPDATE
                    SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
                        outcome_code = NULL, response_body = NULL
                    WHERE idempotency_keys.created_at <= \(expiredBefore)
                RETURNING 1
                """)
            if claimed.isEmpty {
                return try replay(key: key, principal: principal, method: method, path: path,
                                  requestBody: requestBody, in: tx)
            }
            let response = try body(tx)
            // Nothing reads it back before the commit: it goes out with COMMIT (a tail write).
            try tx.queueWrite("""
                UPDATE idempotency_keys
                SET outcome_code = \(response.code), response_body = \(Data(response.body))
                WHERE user_id = \(principal.userID) AND method = \(method) AND path = \(path) AND key = \(key)
                """)
            return response
        }
    }

    /// The stored response of a committed key, or `idempotencyKeyReused` for another body.
    private static func replay(
        key: String, principal: Principal, method: String, path: String, requestBody: [UInt8],
        in tx: Transaction
    ) throws -> StoredOutcome {
        let row = try tx.query("""
            SELECT request_hash = digest(\(Data(requestBody)), 'sha256'), outcome_code, response_body
            FROM idempotency_keys
            WHERE user_id = \(principal.userID) AND method = \(method) AND path = \(path) AND key = \(key)
            """).single()
        guard try row.decode(0, as: Bool.self) else { throw ERPError.idempotencyKeyReused }
        // Every committed key row has its response: it is written before the claiming commit.
        guard let code = try row.decode(1, as: Int?.self), let stored = try row.decode(2, as: Data?.self) else {
            throw PostgresError(.decoding, message: "idempotency key row without a stored outcome")
        }
        return StoredOutcome(code: code, body: Array(stored))
    }

    /// Deletes keys older than 24 hours; for `erp maintenance`. Returns how many were removed.
    /// - Throws: translated database errors.
    @discardableResult
    package static func purgeExpired(time: TimeSource = .system, on connection: Connection) throws(ERPError) -> Int {
        let cutoff = time.now.addingTimeInterval(-lifetime)
        return try connection.serviceQuery("DELETE FROM idempotency_keys WHERE created_at <= \(cutoff)").affectedRows
    }
}
