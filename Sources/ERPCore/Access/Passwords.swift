// Password rules and hashing. Hashing happens in PostgreSQL with pgcrypto's bcrypt
// (`crypt(password, gen_salt('bf', 10))`, cost 10), so no hashing code of our own exists and
// the hash format is whatever `crypt()` verifies.

import Postgres

/// Password policy and the bcrypt calls that hash and verify passwords.
package enum Passwords {
    /// Shortest password accepted, in bytes of UTF-8.
    package static let minimumBytes = 8
    /// Longest password accepted, in bytes of UTF-8: bcrypt ignores everything after byte 72, so a
    /// longer one is refused rather than silently truncated (it would match any suffix).
    package static let maximumBytes = 72
    /// bcrypt cost factor: 2^10 rounds, about 50–100 ms per hash.
    package static let cost: Int32 = 10

    /// A valid bcrypt hash (cost 10) of a random string nobody knows. Logins for unknown users or
    /// users without a password are checked against it, so they cost the same bcrypt work as a
    /// real check and their timing does not tell whether the login exists.
    static let decoyHash = "$2a$10$CwTycUXWue0Thq9StjUM0uJ8lz6Vg/8E0.L8zD1JdQ0x2Qb5s1gZe"

    /// Checks the policy: 8…72 bytes of UTF-8, no NUL character (libpq passes parameters as C
    /// strings, so anything after a NUL would be lost).
    /// - Throws: `ERPError.validationFailed` under `field`.
    package static func validate(_ password: String, field: String = "password") throws(ERPError) {
        let bytes = password.utf8.count
        if bytes < minimumBytes {
            throw .validationFailed(fields: [field: "must be at least \(minimumBytes) bytes long"])
        }
        if bytes > maximumBytes {
            throw .validationFailed(fields: [field: "must be at most \(maximumBytes) bytes long (UTF-8)"])
        }
        if password.utf8.contains(0) {
            throw .validationFailed(fields: [field: "must not contain a NUL character"])
        }
    }

    /// Whether a password could ever have been accepted by `validate`; anything else cannot match
    /// a stored hash and must fail a login (after the same bcrypt work).
    static func isAcceptable(_ password: String) -> Bool {
        let bytes = password.utf8.count
        return bytes >= minimumBytes && bytes <= maximumBytes && !password.utf8.contains(0)
    }

    /// Hashes a validated password with a fresh salt, in SQL.
    /// - Throws: `PostgresError`.
    static func hash(_ password: String, in tx: Transaction) throws(PostgresError) -> String {
        let rows = try tx.query("SELECT crypt(\(password), gen_salt('bf', \(cost)))")
        return try rows.single().decode(0, as: String.self)
    }

    /// Whether `password` matches `storedHash`, always doing one bcrypt computation: against the
    /// decoy when there is no stored hash, and with a decoy input when the password breaks the
    /// policy (such a password is never sent to crypt(): past byte 72 it could match by truncation).
    /// - Throws: `PostgresError`.
    static func verify(_ password: String, against storedHash: String?, in tx: Transaction) throws(PostgresError) -> Bool {
        let acceptable = isAcceptable(password)
        let input = acceptable ? password : "decoy input: never a valid match"
        let rows = try tx.query("SELECT crypt(\(input), \(storedHash ?? decoyHash))")
        let computed = try rows.single().decode(0, as: String.self)
        guard let storedHash else { return false }
        return constantTimeEqual(computed, storedHash) && acceptable
    }

    /// Compares two hashes in time independent of where they first differ.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
