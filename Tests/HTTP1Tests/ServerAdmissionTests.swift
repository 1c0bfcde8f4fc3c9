import HTTP1
import Synchronization
import Testing

/// How many times a handler ran.
final class Calls: Sendable {
    private let count = Atomic<Int>(0)
    func record() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// What a request costs before a handler sees it: the head check, the process-wide body buffer,
/// the minimum body rate, and the queue's waiting-time budget.
@Suite struct ServerAdmissionTests {
    /// Refuses heads without an `Authorization` header, like an application's access check.
    static let requireAuthorization: @Sendable (HTTPRequest) -> HTTPResponse? = { request in
        request.headers["Authorization"] == nil ? .text("no token", status: 401) : nil
    }

    @Test func headCheckRefusesALargeBodyBeforeReadingIt() throws {
        let calls = Calls()
        try withServer({ $0.headCheck = Self.requireAuthorization; $0.bodyLimit = { _ in 20 << 20 } },
                       handler: { _ in calls.record(); return .text("handled") }) { server, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("POST /import HTTP/1.1\r\nHost: t\r\nContent-Length: \(20 << 20)\r\n\r\n")
            try client.send([UInt8](repeating: 0x61, count: 256 << 10))
            let response = try client.readResponse()
            #expect(response.status == 401)
            #expect(response.headers["Connection"] == "close")
            _ = try? client.readToEnd()  // the server closes; it never buffered the body
            #expect(calls.value == 0)
            #expect(server.stats.bufferedBodyBytes == 0)
            #expect(server.stats.totalRequests == 0)
        }
    }

    @Test func headCheckAdmitsAnAuthorizedBodyAndThenSendsContinue() throws {
        try withServer({ $0.headCheck = Self.requireAuthorization; $0.headCheckThreshold = 10 }) { server, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("POST /import HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer x\r\n"
                            + "Expect: 100-continue\r\nContent-Length: 100\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send(String(repeating: "b", count: 100))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "POST /import 100")
            // Small bodies skip the check: they cost less to read than a handler round trip.
            try client.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde")
            #expect(try client.readResponse().bodyText == "POST /small 5")
            #expect(waitUntil { server.stats.bufferedBodyBytes == 0 })
        }
    }

    @Test func bodyBufferFullRefusesNewBodiesWith503Unread() throws {
        let gate = Gate()
        try withServer({ $0.maxBufferedBodyBytes = 1000 }, handler: { request in
            if request.path == "/hold" { gate.wait() }
            return .text("\(request.path) \(request.body.count)")
        }) { server, port in
            defer { gate.open() }
            let holder = try TestClient(port: port, timeout: .seconds(5))
            try holder.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: 800\r\n\r\n" + String(repeating: "h", count: 800))
            #expect(waitUntil { server.stats.bufferedBodyBytes == 800 })
            let refused = try TestClient(port: port, timeout: .seconds(5))
            try refused.send("POST /more HTTP/1.1\r\nHost: t\r\nContent-Length: 800\r\n\r\n")
            let response = try refused.readResponse()
            #expect(response.status == 503)
            #expect(response.headers["Retry-After"] == "1")
            #expect(server.stats.refusedBodies == 1)
            gate.open()
            #expect(try holder.readResponse().bodyText == "/hold 800")
            #expect(waitUntil { server.stats.bufferedBodyBytes == 0 })
            let later = try TestClient(port: port, timeout: .seconds(5))
            try later.send("POST /more HTTP/1.1\r\nHost: t\r\nContent-Length: 800\r\n\r\n" + String(repeating: "m", count: 800))
            #expect(try later.readResponse().bodyText == "/more 800")
        }
    }

    @Test func tricklingBodyIsCutOffByTheMinimumRate() throws {
        // 20 B/s earns 50 ms a byte; a byte every 100 ms falls behind and runs out after ~0.6 s,
        // though it never goes 300 ms without progress.
        try withServer({ $0.bodyTimeout = .milliseconds(300); $0.minimumBodyRate = 20 }) { server, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n")
            let start = nowMillis()
            var sent = 0
            while sent < 100 && nowMillis() - start < 3000 {
                do { try client.send([0x74]) } catch { break }
                sent += 1
                pause(.milliseconds(100))
                if server.stats.openConnections == 0 { break }
            }
            #expect(try client.readResponse().status == 408)
            #expect(sent < 30)
            #expect(nowMillis() - start < 3000)
            #expect(waitUntil { server.stats.bufferedBodyBytes == 0 })
        }
    }

    @Test func requestThatWaitedPastTheBudgetIs503WithoutRunning() throws {
        let calls = Calls()
        try withServer({ $0.workers = 1; $0.queueWaitBudget = .milliseconds(100) }, handler: { request in
            calls.record()
            if request.path == "/slow" { pause(.milliseconds(1500)) }
            return .text("ran \(request.path)")
        }) { server, port in
            let slow = try TestClient(port: port, timeout: .seconds(5))
            try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(waitUntil { server.stats.busyHandlers == 1 })
            let late = try TestClient(port: port, timeout: .seconds(5))
            let sent = nowMillis()
            try late.send("GET /late HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try late.readResponse()
            #expect(response.status == 503)
            #expect(response.headers["Retry-After"] == "1")
            // Answered once over budget, not when the busy handler frees up.
            #expect(nowMillis() - sent < 1000)
            #expect(try slow.readResponse().bodyText == "ran /slow")
            #expect(calls.value == 1)
            #expect(server.stats.shedRequests == 1)
            // The shed request's connection stays usable: its request was read whole.
            try late.send("GET /again HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try late.readResponse().bodyText == "ran /again")
        }
    }
}
