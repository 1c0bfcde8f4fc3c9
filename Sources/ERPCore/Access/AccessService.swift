// The access facade: users, tokens, password login and the audit log, in the same shape as the
// modules' services (a value holding its clock; one method per use case, in a transaction of its
// own or, where a door composes it, inside the caller's). The API's access routes and the CLI's
// user and token commands call this, never Users, Tokens, Login or Audit directly.

import Postgres

/// What `/api/v1/auth/login`, `/api/v1/users…`, `/api/v1/tokens…`, `/api/v1/audit` and
/// `erp user …` call.
package struct AccessService: Sendable {
    /// Where "now" comes from (token expiry, login rate limit, `last_used_at`; fixed in tests).
    package var time: TimeSource

    /// The access facade reading time from `time`.
    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// The principal a bearer token stands for; see `Tokens.authenticate(token:channel:time:in:)`.
    /// - Throws: `ERPError.unauthorized`; `.unavailable` when the database is down.
    package func authenticate(token: String, channel: Channel, on connection: Connection) throws(ERPError) -> Principal {
        try Tokens.authenticate(token: token, channel: channel, time: time, in: connection)
    }

    /// The principal of an active user by login, for a door that trusts its caller (the CLI).
    /// - Throws: `ERPError.notFound`, `.unauthorized` (disabled user).
    package func principal(forLogin login: String, channel: Channel, on connection: Connection) throws(ERPError) -> Principal {
        try Users.principal(forLogin: login, channel: channel, on: connection)
    }

    /// A password login; see `Login.attempt(login:password:channel:time:on:)`.
    /// - Throws: `ERPError.unauthorized`, `.rateLimited`, `.validationFailed`, `.unavailable`.
    package func login(_ login: String, password: String, channel: Channel = .api, on connection: Connection) throws(ERPError) -> LoginResult {
        try Login.attempt(login: login, password: password, channel: channel, time: time, on: connection)
    }

    /// The acting user's own record.
    /// - Throws: `ERPError.forbidden`, `.notFound` (the system principal).
    package func me(_ principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try Users.me(principal, on: connection)
    }

    /// One page of users in id order.
    /// - Throws: `ERPError.forbidden` without `manageUsers`; `.validationFailed` (limit, cursor).
    package func users(limit: Int = 100, cursor: String? = nil, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<User> {
        try Users.list(limit: limit, cursor: cursor, by: principal, on: connection)
    }

    /// The user with this login, as `principal` may see it.
    /// - Throws: `ERPError.forbidden`, `.notFound`.
    package func user(login: String, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try Users.find(login: login, by: principal, on: connection)
    }

    /// The user with this id, as `principal` may see it.
    /// - Throws: `ERPError.forbidden`, `.notFound`.
    package func user(_ id: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try Users.find(id: id, by: principal, on: connection)
    }

    /// Adds a user; see `Users.add(_:by:channel:in:)`.
    /// - Throws: `ERPError.unauthorized`, `.forbidden`, `.validationFailed`, `.duplicate`.
    package func add(_ command: NewUser, by principal: Principal?, channel: Channel = .cli, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try add(command, by: principal, channel: channel, in: tx) }
    }

    /// `add(_:by:channel:on:)` inside a caller's transaction (the API's idempotent POST).
    package func add(_ command: NewUser, by principal: Principal?, channel: Channel = .cli, in tx: Transaction) throws -> User {
        try Users.add(command, by: principal, channel: channel, in: tx)
    }

    /// Adds a user and issues their first token in one transaction (`erp user add`).
    /// - Throws: as `add(_:by:channel:on:)`, and `.validationFailed` for the expiry.
    package func addWithFirstToken(_ command: NewUser, by principal: Principal?, channel: Channel = .cli, expiry: TokenExpiry = .standard,
                                   on connection: Connection) throws(ERPError) -> AddedUser {
        try Users.addWithFirstToken(command, by: principal, channel: channel, expiry: expiry, time: time, on: connection)
    }

    /// Disables the user with this login (audited as `user.disable`).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (the last active owner).
    package func disable(login: String, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try Users.disable(login: login, by: principal, on: connection)
    }

    /// Disables the user with this id; see `disable(login:by:on:)`.
    /// - Throws: as `disable(login:by:on:)`.
    package func disable(_ id: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try Users.disable(id, by: principal, on: connection)
    }

    /// Changes a user's name, role and flags; see `Users.change(_:with:by:in:)`.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.versionConflict`, `.validationFailed`, `.invalidState`.
    package func change(_ id: UserID, with changes: UserChanges, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try Users.change(id, with: changes, by: principal, in: tx) }
    }

    /// Enables a disabled user; see `Users.enable(_:by:in:)`.
    /// - Throws: `ERPError.forbidden`, `.notFound`.
    package func enable(_ id: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> User {
        try connection.serviceTransaction { tx in try Users.enable(id, by: principal, in: tx) }
    }

    /// Sets (or with nil clears) a user's password: one's own, or anyone's for a user manager.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed` (the password policy).
    package func setPassword(_ password: String?, forLogin login: String, by principal: Principal,
                             on connection: Connection) throws(ERPError) -> User {
        try Users.setPassword(password, forLogin: login, by: principal, on: connection)
    }

    /// Issues a token for a user (one's own, or anyone's for a user manager).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed` (expiry).
    package func issueToken(for userID: UserID, expiry: TokenExpiry = .standard, by principal: Principal,
                            on connection: Connection) throws(ERPError) -> IssuedToken {
        try Tokens.issue(for: userID, expiry: expiry, by: principal, time: time, on: connection)
    }

    /// Revokes the token with this prefix (one's own, or anyone's for a user manager).
    /// - Throws: `ERPError.notFound`, `.validationFailed` (a malformed prefix).
    package func revokeToken(prefix: String, by principal: Principal, on connection: Connection) throws(ERPError) -> TokenInfo {
        try Tokens.revoke(prefix: prefix, by: principal, time: time, on: connection)
    }

    /// A user's tokens (never their secrets).
    /// - Throws: `ERPError.forbidden`, `.notFound` (another's tokens without `manageUsers`).
    package func tokens(of userID: UserID, by principal: Principal, on connection: Connection) throws(ERPError) -> [TokenInfo] {
        try Tokens.list(for: userID, by: principal, on: connection)
    }

    /// One page of audit entries matching `filter`, newest first.
    /// - Throws: `ERPError.forbidden` without `readAudit`; `.validationFailed` (limit, cursor, period).
    package func auditEntries(matching filter: AuditFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<AuditEntry> {
        try Audit.entries(matching: filter, by: principal, on: connection)
    }
}
