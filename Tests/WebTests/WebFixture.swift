import ERPCore
import ERPServer
import Foundation
import HTTP1
import Postgres
import TestShop
import TestSupport

@testable import Web

/// The pages in-process over a fresh database: the API server with the standard routes and the web
/// site, an owner, and users of the given logins and roles who sign in with `password`.
struct WebFixture {
    static let password = "page-password"

    let server: APIServer
    let db: TestDatabase
    let connection: Connection
    /// The owner, as services see them (for setting data up behind the pages).
    let owner: Principal

    /// - Parameter rateLimit: Requests per session (`ERP_RATE_LIMIT`); the server's default unless given.
    init(users roles: [(String, Role)] = [("kirill", .storekeeper)], rateLimit: RateLimit? = .standard) throws {
        db = try TestDatabase.make()
        server = try Self.server(over: db, rateLimit: rateLimit)
        connection = try db.connect()
        let first = try Users.add(NewUser(login: "owner", role: .owner, password: Self.password), by: nil, on: connection)
        owner = first.principal(channel: .cli)
        for (login, role) in roles {
            _ = try Users.add(NewUser(login: login, role: role, password: Self.password), by: owner, on: connection)
        }
    }

    /// The pages over `shop`'s database, reading `time`; its people (owner, anna, boris, kim, acc)
    /// sign in with `password`.
    init(shop: TestShop, time: TimeSource = .system) throws {
        db = shop.db
        connection = shop.connection
        owner = shop.owner
        server = try Self.server(over: db, time: time)
        for login in ["owner", "anna", "boris", "kim", "acc"] {
            _ = try Users.setPassword(Self.password, forLogin: login, by: owner, on: connection)
        }
    }

    private static func server(over db: TestDatabase, time: TimeSource = .system,
                               rateLimit: RateLimit? = .standard) throws -> APIServer {
        var configuration = APIServer.Configuration(databaseURL: db.url, authenticate: AccessRoutes.authenticator)
        configuration.http.workers = 2
        configuration.rateLimit = rateLimit
        configuration.logger = Logger(level: .error, sink: LogCapture().sink)
        let server = APIServer(configuration: configuration)
        try server.registerStandardRoutes()
        try WebSite(configuration: .init(time: time)).register(on: server)
        return server
    }

    /// One request with these cookies and, for a POST, this form.
    func call(_ method: HTTPMethod, _ target: String, cookies: [String: String] = [:], form: [(String, String)]? = nil,
              headers: [(String, String)] = []) -> HTTPResponse {
        var fields = HTTPHeaders([("Host", "test")] + headers)
        if !cookies.isEmpty {
            fields.add(name: "Cookie", value: cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var body: [UInt8] = []
        if let form {
            fields.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            body = Array(form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&").utf8)
        }
        return server.handle(HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: fields),
                                         body: body, remoteAddress: "127.0.0.1:5555"))
    }

    /// A signed-in browser of `login`: its session cookie and the CSRF token of its forms.
    func signIn(_ login: String) throws -> (cookies: [String: String], csrf: String) {
        let started = try WebSessions.signIn(login: login, password: Self.password, on: connection)
        return ([Cookies.session: started.secret], started.session.csrfToken)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

extension HTTPResponse {
    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The first value of a header.
    func header(_ name: String) -> String? { headers[name] }
}
