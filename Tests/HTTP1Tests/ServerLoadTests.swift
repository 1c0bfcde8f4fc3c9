import Glibc
import HTTP1
import Synchronization
import Testing

/// A gate handlers wait at until the test opens it.
final class Gate: Sendable {
    private let isOpen = Atomic<Bool>(false)
    func open() { isOpen.store(true, ordering: .relaxed) }
    func wait(atMost limit: Duration = .seconds(10)) {
        let deadline = nowMillis() + Int(limit.components.seconds) * 1000
        while !isOpen.load(ordering: .relaxed) && nowMillis() < deadline { pause(.milliseconds(5)) }
    }
}

@Suite struct ServerLoadTests {
    @Test func answers503WithRetryAfterWhenQueueIsFull() throws {
        let gate = Gate()
        try withServer({ $0.workers = 1; $0.queueCapacity = 1 }, handler: { _ in
            gate.wait()
            return .text("done")
        }) { server, port in
            defer { gate.open() }
            let clients = try (0..<5).map { _ in try TestClient(port: port, timeout: .seconds(5)) }
            for client in clients {
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                pause(.milliseconds(30))
            }
            // One request runs, one waits in the queue; the rest are refused at once.
            var rejected = 0
            for client in clients.suffix(3) {
                let response = try client.readResponse()
                #expect(response.status == 503)
                #expect(response.headers["Retry-After"] == "1")
                rejected += 1
            }
            #expect(rejected == 3)
            #expect(server.stats.rejectedRequests >= 3)
            gate.open()
            #expect(try clients[0].readResponse().status == 200)
            #expect(try clients[1].readResponse().status == 200)
        }
    }

    @Test func gracefulShutdownCompletesInFlightRequest() throws {
        var configuration = HTTPServer.Configuration()
        configuration.workers = 1
        let started = Gate()
        let server = HTTPServer(configuration: configuration) { _ in
            started.open()
            pause(.milliseconds(400))
            return .text("finished")
        }
        let port = try server.start()
        let slow = try TestClient(port: port)
        let idle = try TestClient(port: port)
        try slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        server.beginShutdown(grace: .seconds(5))
        let response = try slow.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "finished")
        #expect(response.headers["Connection"] == "close")
        #expect(try idle.closesWithoutData())
        server.wait()
        #expect(throws: TestClientError.self) { try TestClient(port: port) }
    }

    @Test func idleAndSlowClientsDoNotDelayNewClient() throws {
        try withServer({ $0.workers = 2; $0.headTimeout = .seconds(5) }) { _, port in
            let idle = try (0..<200).map { _ in try TestClient(port: port) }
            let slow = try (0..<5).map { _ in try TestClient(port: port) }
            for client in slow { try client.send("GET / HTTP/1.1\r\nHo") }
            pause(.milliseconds(100))
            let start = nowMillis()
            let fresh = try TestClient(port: port, timeout: .seconds(3))
            try fresh.send("GET /fresh HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try fresh.readResponse().status == 200)
            #expect(nowMillis() - start < 1000)
            #expect(idle.count + slow.count == 205)
        }
    }

    @Test func survivesClientThatResetsMidRequest() throws {
        try withServer(handler: echoHandler) { server, port in
            let partial = try TestClient(port: port)
            try partial.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc")
            partial.reset()
            let waiting = try TestClient(port: port)
            try waiting.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(waitUntil { server.stats.busyHandlers == 1 })
            waiting.reset()  // gone while its handler runs; the response has nowhere to go
            #expect(waitUntil { server.stats.openConnections == 0 && server.stats.busyHandlers == 0 })
            let client = try TestClient(port: port)
            try client.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().headers["X-Path"] == "/after")
            #expect(server.stats.openConnections == 1)
        }
    }

    @Test func reportsBusyHandlersAndQueueDepth() throws {
        let gate = Gate()
        try withServer({ $0.workers = 1; $0.queueCapacity = 4 }, handler: { _ in
            gate.wait()
            return .text("ok")
        }) { server, port in
            defer { gate.open() }
            let a = try TestClient(port: port)
            let b = try TestClient(port: port)
            try a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(waitUntil { server.stats.busyHandlers == 1 })
            try b.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(waitUntil { server.stats.queueDepth == 1 })
            let stats = server.stats
            #expect(stats.openConnections == 2)
            #expect(stats.busyHandlers == 1)
            #expect(stats.queueDepth == 1)
            #expect(stats.totalRequests == 2)
            gate.open()
            #expect(try a.readResponse().status == 200)
            #expect(try b.readResponse().status == 200)
        }
    }

    @Test func sigtermStartsGracefulShutdown() throws {
        let server = HTTPServer { _ in .text("ok") }
        let port = try server.start()
        #expect(server.stopOnSignals(grace: .seconds(1)))
        let client = try TestClient(port: port)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        // Process-directed, as `kill -TERM` or a container runtime would send it.
        kill(getpid(), SIGTERM)
        server.wait()
        #expect(try client.closesWithoutData())
    }

    @Test func startTwiceIsRefused() throws {
        let server = HTTPServer { _ in .text("ok") }
        _ = try server.start()
        defer { server.shutdown(grace: .milliseconds(100)) }
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
    }

    @Test func bindingATakenPortFails() throws {
        try withServer { _, port in
            var configuration = HTTPServer.Configuration()
            configuration.port = port
            let second = HTTPServer(configuration: configuration) { _ in .text("ok") }
            #expect(throws: HTTPServerError.socket(call: "bind", errno: EADDRINUSE)) { try second.start() }
        }
    }
}
