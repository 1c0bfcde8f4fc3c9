import ERPCore
import Glibc
import HTTP1
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// Routes that upload, sleep in the database, or sleep without it.
struct ProtectionRoutes: RouteGroup {
    var routes: [Route] {
        [
            Route(.post, "/api/v1/secure-imports", summary: "Owner's large upload", access: .permission(.manageUsers),
                  bodyLimit: 20 << 20) { ctx in
                .json(.object(["bytes": .number(ctx.request.body.count)]))
            },
            Route(.get, "/api/v1/sleep", summary: "A slow read", access: .public) { ctx in
                try ctx.withConnection { _ = try $0.query("SELECT pg_sleep(3)") }
                return .noContent
            },
            Route(.get, "/api/v1/timeout", summary: "The read bound", access: .public) { ctx in
                try Self.statementTimeout(ctx)
            },
            Route(.get, "/api/v1/report-timeout", summary: "A report's own bound", access: .public,
                  statementTimeout: .seconds(15)) { ctx in
                try Self.statementTimeout(ctx)
            },
            Route(.post, "/api/v1/timeout", summary: "The write bound", access: .public) { ctx in
                try Self.statementTimeout(ctx)
            },
            Route(.get, "/api/v1/pause", summary: "Holds a handler without the database", access: .public) { _ in
                pause(milliseconds: 400)
                return .noContent
            },
        ]
    }

    static func statementTimeout(_ ctx: RequestContext) throws -> HTTPResponse {
        let value = try ctx.withConnection { try $0.query("SHOW statement_timeout").single().decode(0, as: String.self) }
        return .json(.object(["statement_timeout": .string(value)]))
    }
}

/// The API cannot be stalled or exhausted: uploads are authenticated before their body is read,
/// reads are bounded by a short statement timeout, and every 503 says when to retry.
@Suite("Server protection")
struct ServerProtectionTests {
    func protectedServer(
        databaseURL: String? = nil, workers: Int = 2, configure: (inout APIServer.Configuration) -> Void = { _ in }
    ) throws -> APIServer {
        let server = try makeServer(databaseURL: databaseURL, workers: workers, configure: configure)
        try server.register(ProtectionRoutes())
        return server
    }

    @Test func anonymousLargeUploadIsRefused401BeforeItsBodyIsRead() throws {
        let server = try protectedServer()
        try serving(server) { port in
            let megabyte = String(repeating: "x", count: 1 << 20)
            let clients = try (0..<8).map { _ in try WireClient(port: port) }
            for client in clients {
                try client.send("POST /api/v1/secure-imports HTTP/1.1\r\nHost: t\r\nContent-Length: \(20 << 20)\r\n\r\n")
            }
            for client in clients {
                try client.send(megabyte)
                let response = try client.read()
                #expect(response.status == 401)
                #expect(response.headers["Connection"] == "close")
                #expect(client.isClosedByServer())
            }
            let stats = try #require(server.httpStats)
            #expect(stats.totalRequests == 0)  // no body was ever completed, so no handler ran
            #expect(stats.bufferedBodyBytes == 0)
            #expect(server.metrics.requestCount(route: "/api/v1/secure-imports", method: "POST", status: 401) == 8)
        }
    }

    @Test func forbiddenUploadIs403AndTheOwnersIsRead() throws {
        let server = try protectedServer()
        try serving(server) { port in
            let body = String(repeating: "y", count: 100 << 10)
            let keeper = try WireClient(port: port)
            try keeper.send("POST /api/v1/secure-imports HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer keeper-token\r\n"
                            + "Content-Length: \(body.utf8.count)\r\n\r\n")
            #expect(try keeper.read().status == 403)
            #expect(keeper.isClosedByServer())
            let owner = try WireClient(port: port).exchange(
                "POST", "/api/v1/secure-imports", headers: ["Authorization: Bearer owner-token"], body: body)
            #expect(owner.status == 200)
            #expect(owner.jsonBody == .object(["bytes": .number(body.utf8.count)]))
        }
    }

    @Test func databaseUnavailableIs503WithRetryAfter() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        let response = server.handle(request(.get, "/api/v1/db"))
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
        #expect(response.headers["Retry-After"] == "1")
    }

    @Test func slowReadHitsTheReadTimeoutAndTheWorkerIsFreeAgain() throws {
        let server = try protectedServer(workers: 1) { $0.readStatementTimeout = .milliseconds(200) }
        let started = ContinuousClock.now
        let slow = server.handle(request(.get, "/api/v1/sleep"))
        #expect(slow.status == 503)
        #expect(slow.errorCode == "unavailable")
        #expect(slow.headers["Retry-After"] == "1")
        #expect(ContinuousClock.now - started < .seconds(2))
        // The one connection is free and keeps the read bound; writes and reports get their own.
        #expect(server.handle(request(.get, "/api/v1/timeout")).jsonBody["statement_timeout"] == .string("200ms"))
        #expect(server.handle(request(.post, "/api/v1/timeout", body: "{}")).jsonBody["statement_timeout"] == .string("30s"))
        #expect(server.handle(request(.get, "/api/v1/report-timeout")).jsonBody["statement_timeout"] == .string("15s"))
        #expect(server.handle(request(.get, "/api/v1/timeout")).jsonBody["statement_timeout"] == .string("200ms"))
        #expect(server.pool.statistics.open == 1)
    }

    @Test func requestThatWaitedPastTheBudgetIs503WithoutTouchingTheDatabase() throws {
        let server = try protectedServer(workers: 1) { $0.http.queueWaitBudget = .milliseconds(100) }
        try serving(server) { port in
            let holder = try WireClient(port: port)
            try holder.send("GET /api/v1/pause HTTP/1.1\r\nHost: t\r\n\r\n")
            pause(milliseconds: 50)
            let late = try WireClient(port: port).exchange("GET", "/api/v1/db")
            #expect(late.status == 503)
            #expect(late.headers["Retry-After"] == "1")
            #expect(late.errorCode == "unavailable")
            #expect(try holder.read().status == 204)
            #expect(server.httpStats?.shedRequests == 1)
            for status in [200, 503] {
                #expect(server.metrics.requestCount(route: "/api/v1/db", method: "GET", status: status) == 0)
            }
            #expect(server.pool.statistics.open == 0)  // no handler asked for a connection
        }
    }
}
