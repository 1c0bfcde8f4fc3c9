import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

/// Small factories shared by the access tests (Users, Tokens, Login, Audit, Idempotency).
enum AccessFixtures {
    /// Bootstraps the first owner of an empty database.
    static func owner(_ connection: Connection, login: String = "owner", password: String? = nil) throws -> (User, Principal) {
        let user = try Users.add(NewUser(login: login, role: .owner, password: password), by: nil, on: connection)
        return (user, user.principal(channel: .api))
    }

    /// Adds a user as `principal`.
    static func user(
        _ login: String, role: Role, password: String? = nil, by principal: Principal, on connection: Connection
    ) throws -> (User, Principal) {
        let user = try Users.add(NewUser(login: login, role: role, password: password), by: principal, on: connection)
        return (user, user.principal(channel: .api))
    }

    /// Counts the rows of a table (the names are literals of the tests).
    static func count(_ table: StaticString, _ connection: Connection) throws -> Int64 {
        let query: PostgresQuery = "SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)
        return try connection.query(query).single().decode(0, as: Int64.self)
    }

    /// The audit actions recorded so far, oldest first.
    static func actions(_ connection: Connection) throws -> [String] {
        try connection.query("SELECT action FROM audit_log ORDER BY id").map { try $0.decode(0, as: String.self) }
    }
}

@Suite("Users")
struct UsersTests {
    @Test func firstUserMustBeAnOwner() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        #expect(throws: ERPError.validationFailed(fields: ["role": "the first user must be an owner"])) {
            try Users.add(NewUser(login: "keeper", role: .storekeeper), by: nil, on: connection)
        }
        #expect(try AccessFixtures.count("users", connection) == 0)
        #expect(try AccessFixtures.count("audit_log", connection) == 0)

        let (owner, _) = try AccessFixtures.owner(connection)
        #expect(owner.role == .owner && owner.active && owner.name == "owner" && owner.version == 1)
        // The bootstrap is recorded with the new owner as its own creator.
        let entry = try connection.query("SELECT actor_id, actor_login, channel, entity_id FROM audit_log").single()
        #expect(try entry.decode(0, as: UserID?.self) == owner.id)
        #expect(try entry.decode(1, as: String.self) == "owner")
        #expect(try entry.decode(2, as: String.self) == "cli")
        #expect(try entry.decode(3, as: Int64.self) == owner.id.rawValue)
    }

    @Test func secondUserNeedsAPrincipalThatManagesUsers() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        #expect(throws: ERPError.unauthorized(reason: "sign in as an owner to add users")) {
            try Users.add(NewUser(login: "second", role: .owner), by: nil, on: connection)
        }
        let (_, accountant) = try AccessFixtures.user("acc", role: .accountant, by: owner, on: connection)
        #expect(throws: ERPError.forbidden(action: "manage users")) {
            try Users.add(NewUser(login: "third", role: .manager), by: accountant, on: connection)
        }
        #expect(try AccessFixtures.count("users", connection) == 2)
        #expect(try AccessFixtures.actions(connection) == ["user.create", "user.create"])
    }

    @Test func loginsAreUniqueCaseInsensitivelyAndKeepTheirSpelling() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (anna, _) = try AccessFixtures.user("Anna.K", role: .manager, by: owner, on: connection)
        #expect(throws: ERPError.duplicate(entity: "user", field: "login", existingID: anna.id.rawValue)) {
            try Users.add(NewUser(login: "anna.k", role: .storekeeper), by: owner, on: connection)
        }
        #expect(try Users.find(login: "ANNA.K", by: owner, on: connection).login == "Anna.K")
        #expect(try AccessFixtures.count("users", connection) == 2)
    }

    @Test(arguments: ["", String(repeating: "a", count: 65), "two words", "-dash", ".dot", "Ünïcode", "SYSTEM", "a/b"])
    func malformedLoginsAreRefused(login: String) throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        #expect {
            try Users.add(NewUser(login: login, role: .owner), by: nil, on: connection)
        } throws: { error in
            guard case ERPError.validationFailed(let fields) = error else { return false }
            return fields["login"] != nil
        }
        #expect(try AccessFixtures.count("users", connection) == 0)
    }

    @Test func passwordLimitsCountBytesOfUTF8() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let tooShort = "seven77"  // 7 bytes
        let tooLong = String(repeating: "ж", count: 36) + "a"  // 73 bytes, 37 characters
        let longest = String(repeating: "ж", count: 36)  // 72 bytes, 36 characters
        let shortInCharacters = "жжжж"  // 4 characters, 8 bytes
        #expect(throws: ERPError.validationFailed(fields: ["password": "must be at least 8 bytes long"])) {
            try AccessFixtures.user("a1", role: .manager, password: tooShort, by: owner, on: connection)
        }
        #expect(throws: ERPError.validationFailed(fields: ["password": "must be at most 72 bytes long (UTF-8)"])) {
            try AccessFixtures.user("a2", role: .manager, password: tooLong, by: owner, on: connection)
        }
        let (user, _) = try AccessFixtures.user("a3", role: .manager, password: longest, by: owner, on: connection)
        #expect(user.hasPassword)
        #expect(try Login.attempt(login: "a3", password: longest, on: connection).user.id == user.id)
        _ = try AccessFixtures.user("a4", role: .manager, password: shortInCharacters, by: owner, on: connection)
        #expect(try Login.attempt(login: "a4", password: shortInCharacters, on: connection).user.login == "a4")
        // The stored value is a bcrypt hash, never the password.
        let hash = try connection.query("SELECT password_hash FROM users WHERE login = 'a3'").single().decode(0, as: String.self)
        #expect(hash.hasPrefix("$2") && hash.count == 60 && !hash.contains(longest))
    }

    @Test func roleFlagsApplyOnlyToTheirRoles() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        #expect(throws: ERPError.validationFailed(fields: [
            "all_clients": "applies to managers only", "warehouse_scope": "applies to storekeepers only",
        ])) {
            try Users.add(NewUser(login: "x", role: .accountant, allClients: true, warehouseScope: [1]), by: owner, on: connection)
        }
        let keeper = try Users.add(NewUser(login: "keeper", role: .storekeeper, warehouseScope: [3, 1, 3]), by: owner, on: connection)
        #expect(keeper.warehouseScope == [1, 3])
        #expect(keeper.principal(channel: .cli).warehouseScope == [1, 3])
        let manager = try Users.add(NewUser(login: "boss", role: .manager, allClients: true), by: owner, on: connection)
        #expect(manager.allClients && manager.warehouseScope == nil)
    }

    @Test func listPaginatesInIDOrderForOwnersOnly() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        var manager: Principal?
        for index in 1...4 {
            manager = try AccessFixtures.user("m\(index)", role: .manager, by: owner, on: connection).1
        }
        var logins: [String] = []
        var cursor: String?
        repeat {
            let page = try Users.list(limit: 2, cursor: cursor, by: owner, on: connection)
            #expect(page.items.count <= 2)
            logins += page.items.map(\.login)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(logins == ["owner", "m1", "m2", "m3", "m4"])
        let someManager = try #require(manager)
        #expect(throws: ERPError.forbidden(action: "manage users")) { try Users.list(by: someManager, on: connection) }
        #expect(throws: ERPError.validationFailed(fields: ["limit": "must be between 1 and 500"])) {
            try Users.list(limit: 501, by: owner, on: connection)
        }
        // Anyone sees their own record, nobody else's without manageUsers.
        #expect(try Users.me(someManager, on: connection).login == "m4")
        #expect(throws: ERPError.forbidden(action: "manage users")) {
            try Users.find(login: "m1", by: someManager, on: connection)
        }
    }

    @Test func theLastActiveOwnerCannotBeDisabled() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        #expect(throws: ERPError.invalidState(entity: "user owner", current: "the last active owner", action: "disable")) {
            try Users.disable(login: "owner", by: owner, on: connection)
        }
        let (_, second) = try AccessFixtures.user("second", role: .owner, by: owner, on: connection)
        let disabled = try Users.disable(login: "OWNER", by: second, on: connection)
        #expect(!disabled.active && disabled.version == 2)
        // Disabling again changes and records nothing.
        #expect(try Users.disable(login: "owner", by: second, on: connection).version == 2)
        #expect(try AccessFixtures.actions(connection) == ["user.create", "user.create", "user.disable"])
    }

    @Test func nobodyDisablesThemselves() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        _ = try AccessFixtures.user("second", role: .owner, by: owner, on: connection)
        #expect(throws: ERPError.invalidState(entity: "user owner", current: "the acting user", action: "disable (ask another owner)")) {
            try Users.disable(login: "owner", by: owner, on: connection)
        }
        #expect(try Users.me(owner, on: connection).active)
        #expect(try AccessFixtures.actions(connection) == ["user.create", "user.create"])
    }

    @Test func passwordsAreSetByTheirUserOrAnOwner() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (_, keeper) = try AccessFixtures.user("keeper", role: .storekeeper, by: owner, on: connection)
        let (_, other) = try AccessFixtures.user("other", role: .storekeeper, by: owner, on: connection)
        #expect(try Users.setPassword("keeper-secret", forLogin: "keeper", by: keeper, on: connection).hasPassword)
        #expect(throws: ERPError.forbidden(action: "manage users")) {
            try Users.setPassword("hijacked-pass", forLogin: "keeper", by: other, on: connection)
        }
        #expect(try Users.setPassword(nil, forLogin: "keeper", by: owner, on: connection).hasPassword == false)
        let changes = try connection.query("SELECT change::text FROM audit_log WHERE action = 'user.password' ORDER BY id")
            .map { try $0.decode(0, as: String.self) }
        #expect(changes == [#"{"password": "set"}"#, #"{"password": "cleared"}"#])
    }

    @Test func cliPrincipalIsTheActiveUserWithThatLogin() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (_, second) = try AccessFixtures.user("second", role: .owner, by: owner, on: connection)
        let principal = try Users.principal(forLogin: "Owner", channel: .cli, on: connection)
        #expect(principal == owner.withChannel(.cli))
        #expect(throws: ERPError.notFound(entity: "user", id: "nobody")) {
            try Users.principal(forLogin: "nobody", channel: .cli, on: connection)
        }
        _ = try Users.disable(login: "owner", by: second, on: connection)
        #expect(throws: ERPError.unauthorized(reason: "user owner is disabled")) {
            try Users.principal(forLogin: "owner", channel: .cli, on: connection)
        }
    }
}

extension Principal {
    /// The same principal acting through another door.
    func withChannel(_ channel: Channel) -> Principal {
        var copy = self
        copy.channel = channel
        return copy
    }
}
