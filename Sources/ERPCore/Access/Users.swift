// Users: add (including the bootstrap of the first owner), list, find, disable, set password.
// Every mutation is audited in its own transaction.

import Foundation
import Postgres

/// The users service: what `erp user …` and `/api/v1/users` call.
package enum Users {
    /// Advisory lock taken by every `add`, so two bootstraps of an empty database cannot both win.
    static let addLockKey: Int64 = 0x6572_705F_7573_6572  // "erp_user"

    /// Creates a user, inside `tx`, and audits `user.create`.
    ///
    /// With `principal` nil this is the bootstrap: allowed only while there are no users at all,
    /// and then the new user must be an owner (it is recorded as its own creator, through
    /// `channel`). Otherwise the principal needs `manageUsers`, and `channel` is ignored.
    /// - Throws: `ERPError.unauthorized` (no principal, users exist), `.forbidden`,
    ///   `.validationFailed`, `.duplicate` (login taken, case-insensitively); `PostgresError`.
    package static func add(
        _ command: NewUser, by principal: Principal?, channel: Channel = .cli, in tx: Transaction
    ) throws -> User {
        if let principal { try principal.require(.manageUsers) }
        let new = try command.validated()
        try tx.query("SELECT pg_advisory_xact_lock(\(addLockKey))")
        if principal == nil {
            let exists = try tx.query("SELECT EXISTS (SELECT 1 FROM users)").single().decode(0, as: Bool.self)
            guard !exists else { throw ERPError.unauthorized(reason: "sign in as an owner to add users") }
            guard new.role == .owner else {
                throw ERPError.validationFailed(fields: ["role": "the first user must be an owner"])
            }
        }
        if let existing = try tx.query("SELECT id FROM users WHERE login_folded = \(LoginName.fold(new.login))").firstRow {
            throw ERPError.duplicate(entity: "user", field: "login", existingID: try existing.decode(0, as: Int64.self))
        }
        let hash = try new.password.map { (password) throws(PostgresError) in try Passwords.hash(password, in: tx) }
        let rows = try tx.query("""
            INSERT INTO users (login, login_folded, display_name, role, all_clients, warehouse_scope, password_hash)
            VALUES (\(new.login), \(LoginName.fold(new.login)), \(new.name ?? new.login), \(new.role.rawValue), \(new.allClients ?? false),
                    \(new.warehouseScope), \(hash))
            RETURNING id
            """)
        let id = try rows.single().decode(0, as: UserID.self)
        let user = try fetch(id, in: tx)
        let actor = principal ?? user.principal(channel: channel)
        try Audit.record(in: tx, by: actor, action: "user.create", entityType: "user", entityID: id, change: .object([
            "login": .string(user.login), "name": .string(user.name), "role": .string(user.role.rawValue),
            "all_clients": .bool(user.allClients),
            "warehouse_scope": user.warehouseScope.map { .array($0.map { .number($0) }) } ?? .null,
            "has_password": .bool(user.hasPassword),
        ]))
        return user
    }

    /// Creates a user in a transaction of its own; see `add(_:by:channel:in:)`.
    /// - Throws: `ERPError` as `add(_:by:channel:in:)`, or a translated database failure.
    package static func add(
        _ command: NewUser, by principal: Principal?, channel: Channel = .cli, on connection: Connection
    ) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try add(command, by: principal, channel: channel, in: tx) }
    }

    /// Creates a user and their first token in one transaction (`erp user add` prints the token).
    /// The token is issued by the same actor as the user (the new owner itself when bootstrapping).
    /// - Throws: `ERPError` as `add(_:by:channel:in:)` and `Tokens.issue`.
    package static func addWithFirstToken(
        _ command: NewUser, by principal: Principal?, channel: Channel = .cli, expiry: TokenExpiry = .standard,
        time: TimeSource = .system, on connection: Connection
    ) throws(ERPError) -> AddedUser {
        try connection.serviceTransaction { tx in
            let user = try add(command, by: principal, channel: channel, in: tx)
            let actor = principal ?? user.principal(channel: channel)
            let issued = try Tokens.issue(for: user.id, expiry: expiry, by: actor, time: time, in: tx)
            return AddedUser(user: user, token: issued.token)
        }
    }

    /// Lists users in id order, a page at a time.
    /// - Throws: `ERPError.forbidden` without `manageUsers`; `.validationFailed` for `limit`/`cursor`.
    package static func list(
        limit: Int = 100, cursor: String? = nil, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Page<User> {
        try principal.require(.manageUsers)
        let after = try PageRequest.validate(limit: limit, cursor: cursor) ?? 0
        let rows = try connection.serviceQuery(User.columns + " WHERE id > \(after) ORDER BY id LIMIT \(limit + 1)")
        do {
            let users = try rows.prefix(limit).map { (row) throws(PostgresError) in try User(row: row) }
            let next = rows.count > limit ? users.last.map { String($0.id.rawValue) } : nil
            return Page(items: users, nextCursor: next)
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// The user with this login (case-insensitive). Anyone may read their own record.
    /// - Throws: `ERPError.notFound`; `.forbidden` for another user without `manageUsers`.
    package static func find(login: String, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try visible(try fetch(login: login, in: tx), to: principal) }
    }

    /// The user with this id. Anyone may read their own record.
    /// - Throws: `ERPError.notFound`; `.forbidden` for another user without `manageUsers`.
    package static func find(id: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try visible(try fetch(id, in: tx), to: principal) }
    }

    /// Which of `ids` name existing users, for modules that reference users (a party's owner)
    /// and must refuse a dangling id before the foreign key aborts their transaction.
    /// - Throws: `PostgresError`.
    package static func existing(_ ids: [UserID], in tx: Transaction) throws -> Set<UserID> {
        guard !ids.isEmpty else { return [] }
        return Set(try tx.query("SELECT id FROM users WHERE id = ANY(\(ids))").map { try $0.decode(0, as: UserID.self) })
    }

    /// The acting user's own record (`GET /api/v1/users/me`).
    /// - Throws: `ERPError.notFound` for `Principal.system` or a user that no longer exists.
    package static func me(_ principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try principal.require(.readSelf)
        guard !principal.isSystem else { throw ERPError.notFound(entity: "user", id: Principal.systemLogin) }
        return try find(id: principal.userID, by: principal, on: connection)
    }

    /// The principal for a CLI command run `--as login`: the active user with that login.
    /// - Throws: `ERPError.notFound` for an unknown login, `.unauthorized` for a disabled user.
    package static func principal(forLogin login: String, channel: Channel, on connection: Connection) throws(ERPError) -> Principal {
        let user = try connection.serviceTransaction { tx in try fetch(login: login, in: tx) }
        guard user.active else { throw ERPError.unauthorized(reason: "user \(user.login) is disabled") }
        return user.principal(channel: channel)
    }

    static func visible(_ user: User, to principal: Principal) throws(ERPError) -> User {
        if user.id == principal.userID && !principal.isSystem {
            try principal.require(.readSelf)
        } else {
            try principal.require(.manageUsers)
        }
        return user
    }

    /// Reads one user by id.
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(_ id: UserID, lock: Bool = false, in tx: Transaction) throws -> User {
        let query = lock ? User.columns + " WHERE id = \(id) FOR UPDATE" : User.columns + " WHERE id = \(id)"
        guard let row = try tx.query(query).firstRow else { throw ERPError.notFound(entity: "user", id: String(id.rawValue)) }
        return try User(row: row)
    }

    /// Reads one user by login, compared folded (`LoginName.fold`).
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(login: String, lock: Bool = false, in tx: Transaction) throws -> User {
        let query = User.columns + " WHERE login_folded = \(LoginName.fold(login))"
            + (lock ? " FOR UPDATE" : "")
        guard let row = try tx.query(query).firstRow else { throw ERPError.notFound(entity: "user", id: login) }
        return try User(row: row)
    }
}
