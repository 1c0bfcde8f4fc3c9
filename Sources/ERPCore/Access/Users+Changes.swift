// Changes to existing users: disable (their tokens and web sessions stop working at once, since
// authentication checks `users.active` on every request; the sessions are also ended) and set or clear a password.

import Foundation
import Postgres

extension Users {
    /// Disables a user, inside `tx`, and audits `user.disable`. Disabling a disabled user changes
    /// nothing and records nothing.
    /// - Throws: `ERPError.forbidden` without `manageUsers`; `.notFound`; `.invalidState` for the
    ///   last active owner (nobody could manage users any more) or the acting user themselves;
    ///   `PostgresError`.
    package static func disable(login: String, by principal: Principal, in tx: Transaction) throws -> User {
        try principal.require(.manageUsers)
        return try disable(try fetch(login: login, in: tx).id, by: principal, in: tx)
    }

    /// Disables the user with this id; see `disable(login:by:in:)`.
    /// - Throws: as `disable(login:by:in:)`.
    package static func disable(_ id: UserID, by principal: Principal, in tx: Transaction) throws -> User {
        try principal.require(.manageUsers)
        // Owners are locked in id order by everyone who disables one, so two owners disabling
        // each other at once cannot both succeed (one waits, then sees itself as the last).
        try tx.query("SELECT id FROM users WHERE role = 'owner' AND active ORDER BY id FOR UPDATE")
        let user = try fetch(id, lock: true, in: tx)
        guard user.active else { return user }
        if user.role == .owner {
            let others = try tx.query("""
                SELECT count(*) FROM users WHERE role = 'owner' AND active AND id <> \(user.id)
                """).single().decode(0, as: Int64.self)
            guard others > 0 else {
                throw ERPError.invalidState(entity: "user \(user.login)", current: "the last active owner", action: "disable")
            }
        }
        // Nobody locks themselves out: another owner disables an owner who leaves.
        guard principal.isSystem || user.id != principal.userID else {
            throw ERPError.invalidState(entity: "user \(user.login)", current: "the acting user", action: "disable (ask another owner)")
        }
        try tx.query("UPDATE users SET active = false, version = version + 1 WHERE id = \(user.id)")
        try WebSessions.endAll(of: user.id, in: tx)
        try Audit.record(in: tx, by: principal, action: "user.disable", entityType: "user", entityID: user.id,
                         change: .object(["active": .object(["from": .bool(true), "to": .bool(false)])]))
        return try fetch(user.id, in: tx)
    }

    /// Disables a user in a transaction of its own; see `disable(login:by:in:)`.
    /// - Throws: `ERPError` as `disable(login:by:in:)`.
    package static func disable(login: String, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try disable(login: login, by: principal, in: tx) }
    }

    /// Disables the user with this id in a transaction of its own (`POST /api/v1/users/{id}/disable`).
    /// - Throws: `ERPError` as `disable(login:by:in:)`.
    package static func disable(_ id: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try disable(id, by: principal, in: tx) }
    }

    /// Sets (or with nil clears) a user's password, inside `tx`, and audits `user.password`
    /// (the change says only "set" or "cleared", never the password or its hash).
    /// - Throws: `ERPError.forbidden` unless it is one's own password (`manageOwnAccess`) or the
    ///   principal may `manageUsers`; `.notFound`; `.validationFailed` for the password policy;
    ///   `PostgresError`.
    package static func setPassword(
        _ password: String?, forLogin login: String, by principal: Principal, in tx: Transaction
    ) throws -> User {
        if let password { try Passwords.validate(password) }
        let user = try fetch(login: login, lock: true, in: tx)
        if user.id == principal.userID && !principal.isSystem {
            try principal.require(.manageOwnAccess)
        } else {
            try principal.require(.manageUsers)
        }
        let hash = try password.map { (password) throws(PostgresError) in try Passwords.hash(password, in: tx) }
        try tx.query("UPDATE users SET password_hash = \(hash), version = version + 1 WHERE id = \(user.id)")
        try Audit.record(in: tx, by: principal, action: "user.password", entityType: "user", entityID: user.id,
                         change: .object(["password": .string(password == nil ? "cleared" : "set")]))
        return try fetch(user.id, in: tx)
    }

    /// Sets or clears a password in a transaction of its own; see `setPassword(_:forLogin:by:in:)`.
    /// - Throws: `ERPError` as `setPassword(_:forLogin:by:in:)`.
    package static func setPassword(
        _ password: String?, forLogin login: String, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try setPassword(password, forLogin: login, by: principal, in: tx) }
    }
}
