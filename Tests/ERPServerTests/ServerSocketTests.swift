import ERPCore
import Glibc
import HTTP1
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// The API over real loopback sockets: framing errors in the envelope, keep-alive, body limits,
/// the access log, and a database that goes away and comes back.
@Suite("API over sockets")
struct ServerSocketTests {
    @Test func framingErrorGetsTheJSONEnvelopeAndARequestID() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        try serving(server) { port in
            let client = try WireClient(port: port)
            try client.send("POST /api/v1/things HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}")
            let response = try client.read()
            #expect(response.status == 400)
            #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
            #expect(response.errorCode == "bad_request")
            #expect(response.text.contains("more than one Content-Length"))
            #expect(response.headers[RequestID.header]?.count == 32)
            #expect(client.isClosedByServer())
        }
    }

    @Test func bodyOverTheRouteLimitIsPayloadTooLargeButARaisedLimitAcceptsIt() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        try serving(server) { port in
            let big = String(repeating: "x", count: (1 << 20) + 1)
            let refused = try WireClient(port: port)
            try refused.send("POST /api/v1/things HTTP/1.1\r\nHost: t\r\nContent-Length: \(big.utf8.count)\r\n\r\n")
            let response = try refused.read()
            #expect(response.status == 413)
            #expect(response.errorCode == "payload_too_large")
            let accepted = try WireClient(port: port).exchange("POST", "/api/v1/imports", body: big)
            #expect(accepted.status == 200)
            #expect(accepted.jsonBody == .object(["bytes": .number(big.utf8.count)]))
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try makeServer()
        try serving(server) { port in
            let client = try WireClient(port: port)
            var pids: Set<String> = []
            for index in 0..<5 {
                let response = try client.exchange("GET", "/api/v1/db", headers: ["X-Request-Id: keep-\(index)"])
                #expect(response.status == 200)
                #expect(response.headers[RequestID.header] == "keep-\(index)")
                if case .number(let pid)? = response.jsonBody["pid"] { pids.insert(pid) }
            }
            #expect(try client.exchange("HEAD", "/health").status == 200)
            #expect(try client.exchange("GET", "/api/v1/nowhere").status == 404)
            #expect(try client.exchange("GET", "/health").status == 200)
            #expect(pids.count <= 2)  // connections come from a pool of one per worker
        }
    }

    @Test func accessLogHasOneLineWithTheFieldsPerRequest() throws {
        let log = LogCapture()
        let server = try makeServer(log: log)
        try serving(server) { port in
            let response = try WireClient(port: port).exchange(
                "GET", "/api/v1/me", headers: ["Authorization: Bearer owner-token", "X-Request-Id: wire-log"])
            #expect(response.status == 200)
        }
        let lines = log.objects.filter { $0["msg"] == .string("request") && $0["request_id"] == .string("wire-log") }
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        for field in ["time", "request_id", "method", "path", "status", "duration_ms", "bytes", "user_id", "remote"] {
            #expect(line[field] != nil, "missing \(field)")
        }
        #expect(line["remote"].map { "\($0)".hasPrefix("\"127.0.0.1:") } == true)
        #expect(line["user_id"] == .number(7))
    }

    @Test func poolRecoversAfterEveryBackendIsTerminated() throws {
        let database = try TestDatabase.make()
        let server = try makeServer(databaseURL: database.url)
        try serving(server) { port in
            let client = try WireClient(port: port)
            let before = try client.exchange("GET", "/api/v1/db")
            #expect(before.status == 200)
            #expect(server.pool.statistics.open >= 1)
            let admin = try database.connect(applicationName: "erp-tests-admin")
            defer { admin.close() }
            try admin.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                """)
            #expect(waitForNoOtherBackends(admin))
            for _ in 0..<4 {
                let after = try client.exchange("GET", "/api/v1/db")
                #expect(after.status == 200)
                #expect(after.jsonBody["pid"] != before.jsonBody["pid"])  // a new backend, not the killed one
                #expect(try client.exchange("GET", "/ready").status == 200)
            }
        }
    }

    @Test func serverStartsWithTheDatabaseMissingAndRecoversWhenItAppears() throws {
        let cluster = try TestDatabase.cluster()
        let name = "late_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        let server = try makeServer(databaseURL: cluster.url(database: name))
        try serving(server) { port in
            let client = try WireClient(port: port)
            #expect(try client.exchange("GET", "/health").status == 200)
            let ready = try client.exchange("GET", "/ready")
            #expect(ready.status == 503)
            #expect(ready.errorCode == "unavailable")
            #expect(try client.exchange("GET", "/api/v1/me", headers: ["Authorization: Bearer owner-token"]).status == 503)
            try cluster.createDatabase(name)
            #expect(try client.exchange("GET", "/ready").status == 200)
            #expect(try client.exchange("GET", "/api/v1/me", headers: ["Authorization: Bearer owner-token"]).status == 200)
        }
    }

    /// Waits until the terminated backends are gone (pg_terminate_backend only signals them).
    private func waitForNoOtherBackends(_ admin: Connection) -> Bool {
        for _ in 0..<200 {
            let others = (try? admin.query("""
                SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                """).single().decode(0, as: Int.self)) ?? -1
            if others == 0 { return true }
            pause(milliseconds: 10)
        }
        return false
    }
}

extension WireResponse {
    var jsonBody: JSONValue { HTTPResponse(status: status, body: body).jsonBody }
    var errorCode: String? { HTTPResponse(status: status, body: body).errorCode }
}
