// Changes to who a user is: their name, role, "all clients" and warehouse scope (the administration
// page's "Роль"), and enabling a disabled user again. Tokens and web sessions read the user's row on
// every request, so a new role applies at once without ending anything.

import Foundation
import Postgres

/// A user's new name, role and role flags at the version the owner saw (the whole state, as the
/// administration form sends it).
package struct UserChanges: Codable, Sendable, Equatable {
    /// The version the change was made against (`versionConflict` otherwise).
    package var version: Int64
    /// The display name; nil keeps it.
    package var name: String?
    /// The role.
    package var role: Role
    /// Managers only: every client, not just their own.
    package var allClients: Bool
    /// Storekeepers only: the warehouses they work in; nil means all.
    package var warehouseScope: [Int64]?

    /// A change; only the version and the role are required.
    package init(version: Int64, name: String? = nil, role: Role, allClients: Bool = false, warehouseScope: [Int64]? = nil) {
        self.version = version
        self.name = name
        self.role = role
        self.allClients = allClients
        self.warehouseScope = warehouseScope
    }
}

extension Users {
    /// Changes a user's name, role and flags, inside `tx`, and audits `user.update` with before →
    /// after. The flags follow the rules of a new user (all clients for managers, a scope for
    /// storekeepers).
    /// - Throws: `ERPError.forbidden` without `manageUsers`; `.notFound`; `.versionConflict`;
    ///   `.validationFailed` (name, flags); `.invalidState` when the last active owner or the acting
    ///   user would stop being an owner; `PostgresError`.
    package static func change(_ id: UserID, with changes: UserChanges, by principal: Principal, in tx: Transaction) throws -> User {
        try principal.require(.manageUsers)
        // Owners are locked in id order, as by `disable`: two owners demoting each other at once
        // cannot both succeed.
        try tx.query("SELECT id FROM users WHERE role = 'owner' AND active ORDER BY id FOR UPDATE")
        let user = try fetch(id, lock: true, in: tx)
        guard changes.version == user.version else { throw ERPError.versionConflict(current: user.version) }
        let checked = try NewUser(login: user.login, name: changes.name ?? user.name, role: changes.role,
                                  allClients: changes.allClients, warehouseScope: changes.warehouseScope).validated()
        if user.role == .owner && checked.role != .owner {
            guard principal.isSystem || user.id != principal.userID else {
                throw ERPError.invalidState(entity: "user \(user.login)", current: "the acting user", action: "change the role of (ask another owner)")
            }
            let others = try tx.query("""
                SELECT count(*) FROM users WHERE role = 'owner' AND active AND id <> \(user.id)
                """).single().decode(0, as: Int64.self)
            guard others > 0 || !user.active else {
                throw ERPError.invalidState(entity: "user \(user.login)", current: "the last active owner", action: "change the role of")
            }
        }
        try tx.query("""
            UPDATE users SET display_name = \(checked.name ?? user.name), role = \(checked.role.rawValue),
                   all_clients = \(checked.allClients ?? false), warehouse_scope = \(checked.warehouseScope), version = version + 1
            WHERE id = \(user.id)
            """)
        let after = try fetch(user.id, in: tx)
        try Audit.record(in: tx, by: principal, action: "user.update", entityType: "user", entityID: user.id,
                         change: .object(["before": snapshot(user), "after": snapshot(after)]))
        return after
    }

    /// Enables a disabled user, inside `tx`, and audits `user.enable`; their tokens work again (web
    /// sessions ended when they were disabled). Enabling an active user changes nothing.
    /// - Throws: `ERPError.forbidden` without `manageUsers`; `.notFound`; `PostgresError`.
    package static func enable(_ id: UserID, by principal: Principal, in tx: Transaction) throws -> User {
        try principal.require(.manageUsers)
        let user = try fetch(id, lock: true, in: tx)
        guard !user.active else { return user }
        try tx.query("UPDATE users SET active = true, version = version + 1 WHERE id = \(user.id)")
        try Audit.record(in: tx, by: principal, action: "user.enable", entityType: "user", entityID: user.id,
                         change: .object(["active": .object(["from": .bool(false), "to": .bool(true)])]))
        return try fetch(user.id, in: tx)
    }

    /// What `user.update` records of a user.
    private static func snapshot(_ user: User) -> JSONValue {
        .object(["name": .string(user.name), "role": .string(user.role.rawValue), "all_clients": .bool(user.allClients),
                 "warehouse_scope": user.warehouseScope.map { .array($0.map { .number($0) }) } ?? .null])
    }
}
