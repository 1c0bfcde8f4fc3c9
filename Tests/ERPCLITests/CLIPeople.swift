import ERPCore
import Postgres
import TestSupport

/// The set-up most command suites share: a fresh database with `olga`, the owner the commands run
/// as, and the users she added.
struct CLIPeople {
    let db: TestDatabase
    let connection: Connection
    /// Olga, as services see her (for setting data up behind the commands).
    let owner: Principal
    /// The users added, by login.
    let users: [String: User]

    init(_ roles: [(String, Role)]) throws {
        db = try TestDatabase.make()
        connection = try db.connect()
        owner = try Users.add(NewUser(login: "olga", role: .owner), by: nil, on: connection).principal(channel: .cli)
        var users: [String: User] = [:]
        for (login, role) in roles { users[login] = try Users.add(NewUser(login: login, role: role), by: owner, on: connection) }
        self.users = users
    }
}
