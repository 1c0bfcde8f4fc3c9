// The user record, the command that creates one, and the rules a new user must satisfy.
// JSON keys come from the house coder (ERPJSON): `allClients` ↔ `all_clients`, no CodingKeys.

import Foundation
import Postgres

/// A person who uses the ERP, with a role; as `GET /api/v1/users` returns it (never a hash).
package struct User: Codable, Sendable, Equatable {
    /// The user's id.
    package var id: UserID
    /// The login, spelled as created; unique case-insensitively.
    package var login: String
    /// The display name.
    package var name: String
    /// What the user is for.
    package var role: Role
    /// Managers only: sees every client, not just their own.
    package var allClients: Bool
    /// Storekeepers only: the warehouse ids they work in (sorted); nil means all warehouses.
    package var warehouseScope: [Int64]?
    /// False once disabled: tokens stop working and logins fail.
    package var active: Bool
    /// Whether a password is set (password logins possible).
    package var hasPassword: Bool
    /// When the user was created.
    package var createdAt: Date
    /// Bumped on every change (for `PATCH` with `version`).
    package var version: Int64

    private enum CodingKeys: String, CodingKey {
        case id, login, name, role, allClients, warehouseScope, active, hasPassword, createdAt, version
    }

    /// Encodes every field; `warehouse_scope` is `null` for "all warehouses".
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(login, forKey: .login)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(allClients, forKey: .allClients)
        try container.encode(warehouseScope, forKey: .warehouseScope)
        try container.encode(active, forKey: .active)
        try container.encode(hasPassword, forKey: .hasPassword)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(version, forKey: .version)
    }

    /// The principal acting as this user through `channel`.
    package func principal(channel: Channel) -> Principal {
        Principal(
            userID: id, login: login, role: role, allClients: allClients,
            warehouseScope: warehouseScope.map(Set.init), channel: channel
        )
    }


    /// The select list `init(row:)` reads, for `SELECT … FROM users`.
    static let columns: PostgresQuery = """
        SELECT id, login, display_name, role, all_clients, array_to_string(warehouse_scope, ','),
               active, password_hash IS NOT NULL, created_at, version
        FROM users
        """

    /// Reads a row selected with `columns`.
    /// - Throws: `PostgresError` of kind `.decoding`.
    init(row: PostgresRow) throws(PostgresError) {
        let roleText = try row.decode(3, as: String.self)
        guard let role = Role(rawValue: roleText) else {
            throw PostgresError(.decoding, message: "users.role \"\(roleText)\" is not a role")
        }
        var scope: [Int64]?
        if let text = try row.decode(5, as: String?.self) {
            var ids: [Int64] = []
            for part in text.split(separator: ",") {
                guard let id = Int64(part) else {
                    throw PostgresError(.decoding, message: "users.warehouse_scope has a non-integer \"\(part)\"")
                }
                ids.append(id)
            }
            scope = ids
        }
        self.init(
            id: try row.decode(0, as: UserID.self), login: try row.decode(1, as: String.self),
            name: try row.decode(2, as: String.self), role: role, allClients: try row.decode(4, as: Bool.self),
            warehouseScope: scope, active: try row.decode(6, as: Bool.self),
            hasPassword: try row.decode(7, as: Bool.self), createdAt: try row.decode(8, as: Date.self),
            version: try row.decode(9, as: Int64.self)
        )
    }

    init(
        id: UserID, login: String, name: String, role: Role, allClients: Bool, warehouseScope: [Int64]?,
        active: Bool, hasPassword: Bool, createdAt: Date, version: Int64
    ) {
        self.id = id
        self.login = login
        self.name = name
        self.role = role
        self.allClients = allClients
        self.warehouseScope = warehouseScope
        self.active = active
        self.hasPassword = hasPassword
        self.createdAt = createdAt
        self.version = version
    }
}

/// The command that creates a user: the `POST /api/v1/users` body and `erp user add`'s flags.
///
/// Decodable only: it may carry a password, which must never be written out again.
package struct NewUser: Decodable, Sendable, Equatable {
    /// 1–64 characters: letters, digits, `.`, `_`, `@`, `-`, starting with a letter or digit.
    package var login: String
    /// Display name, up to 200 characters; defaults to the login.
    package var name: String?
    /// The role.
    package var role: Role
    /// Managers only.
    package var allClients: Bool?
    /// Storekeepers only: warehouse ids (positive); nil means all warehouses.
    package var warehouseScope: [Int64]?
    /// Optional initial password, 8–72 bytes of UTF-8.
    package var password: String?

    /// A new user command; only login and role are required.
    package init(
        login: String, name: String? = nil, role: Role, allClients: Bool? = nil,
        warehouseScope: [Int64]? = nil, password: String? = nil
    ) {
        self.login = login
        self.name = name
        self.role = role
        self.allClients = allClients
        self.warehouseScope = warehouseScope
        self.password = password
    }


    /// Checks every field at once and returns the command normalized (name defaulted, scope
    /// sorted and deduplicated).
    /// - Throws: `ERPError.validationFailed` listing every bad field.
    func validated() throws(ERPError) -> NewUser {
        var problems = FieldErrors()
        if let problem = NewUser.loginProblem(login) { problems.add("login", problem) }
        let name = (self.name ?? "").isEmpty ? login : self.name ?? login
        if name.count > 200 { problems.add("name", "must be at most 200 characters") }
        if allClients == true && role != .manager {
            problems.add("all_clients", "applies to managers only")
        }
        if let scope = warehouseScope {
            if role != .storekeeper { problems.add("warehouse_scope", "applies to storekeepers only") }
            if scope.contains(where: { $0 <= 0 }) { problems.add("warehouse_scope", "must list positive warehouse ids") }
        }
        if let password {
            do { try Passwords.validate(password) } catch {
                if case .validationFailed(let fields) = error { fields.forEach { problems.add($0.key, $0.value) } }
            }
        }
        try problems.throwIfAny()
        var normalized = self
        normalized.name = name
        normalized.allClients = allClients ?? false
        normalized.warehouseScope = warehouseScope.map { Array(Set($0)).sorted() }
        return normalized
    }

    /// Why `login` is not acceptable, or nil when it is.
    static func loginProblem(_ login: String) -> String? {
        let bytes = Array(login.utf8)
        guard (1...64).contains(bytes.count) else { return "must be 1 to 64 characters" }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
        }
        guard isAlphanumeric(bytes[0]),
              bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                  || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "-") })
        else { return "may contain only letters, digits, '.', '_', '@' and '-', starting with a letter or digit" }
        if LoginName.fold(login) == Principal.systemLogin { return "\"system\" is reserved" }
        return nil
    }
}

/// A user created together with their first token (`erp user add`): `{"user": {…}, "token": "…"}`.
package struct AddedUser: Codable, Sendable, Equatable {
    /// The new user.
    package var user: User
    /// The first token, shown this once.
    package var token: String
}
