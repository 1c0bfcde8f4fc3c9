import ERPCore
import Foundation
import HTTP1
import Postgres
import TestSupport

@testable import ERPServer

/// The whole API in-process over a fresh database with real tokens: the standard routes, an
/// owner `owner`, and users of the given logins and roles, each with a token.
struct APIFixture {
    let server: APIServer
    let db: TestDatabase
    let connection: Connection
    /// The owner, as services see them (for setting data up behind the API).
    let owner: Principal
    /// Bearer tokens by login.
    let tokens: [String: String]
    /// User ids by login.
    let users: [String: UserID]

    /// - Parameters:
    ///   - reportsDatabaseURL: Where reports read (`ERP_REPORTS_DATABASE_URL`); nil: the database itself.
    ///   - rateLimit: Requests per token (`ERP_RATE_LIMIT`); the server's default unless given.
    ///   - ownerPassword: The owner's password, for suites that sign in; none unless given.
    init(users roles: [(String, Role)], reportsDatabaseURL: String? = nil, rateLimit: RateLimit? = .standard,
         ownerPassword: String? = nil) throws {
        db = try TestDatabase.make()
        var configuration = APIServer.Configuration(databaseURL: db.url, authenticate: AccessRoutes.authenticator)
        configuration.reportsDatabaseURL = reportsDatabaseURL
        configuration.rateLimit = rateLimit
        configuration.http.workers = 2
        configuration.logger = Logger(level: .error, sink: LogCapture().sink)
        server = APIServer(configuration: configuration)
        try server.registerStandardRoutes()
        connection = try db.connect()
        let first = try Users.addWithFirstToken(NewUser(login: "owner", role: .owner, password: ownerPassword), by: nil, on: connection)
        owner = first.user.principal(channel: .cli)
        var tokens = ["owner": first.token]
        var users = ["owner": first.user.id]
        for (login, role) in roles {
            let added = try Users.addWithFirstToken(NewUser(login: login, role: role), by: owner, on: connection)
            tokens[login] = added.token
            users[login] = added.user.id
        }
        self.tokens = tokens
        self.users = users
    }

    /// Sends a request as `login` (no token when nil).
    func call(_ method: HTTPMethod, _ target: String, as login: String?, body: String? = nil,
              headers: [(String, String)] = []) -> HTTPResponse {
        var all = headers
        if let login, let token = tokens[login] { all.append(("Authorization", "Bearer \(token)")) }
        return server.handle(request(method, target, headers: all, body: body))
    }
}
