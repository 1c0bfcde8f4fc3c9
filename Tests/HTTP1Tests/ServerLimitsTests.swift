import HTTP1
import Testing

@Suite struct ServerLimitsTests {
    @Test func answers414ForLongRequestLine() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 414)
        }
    }

    @Test func answers431ForTooManyHeaderFields() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            let fields = (0..<101).map { "X-\($0): 1\r\n" }.joined()
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\(fields)\r\n")
            #expect(try client.readResponse().status == 431)
        }
    }

    @Test func answers431ForOversizedHeaderLine() throws {
        try withServer({ $0.maxHeaderLineBytes = 1024 }) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nCookie: \(String(repeating: "c", count: 2000))\r\n\r\n")
            #expect(try client.readResponse().status == 431)
        }
    }

    @Test func answers413BeforeTheBodyIsSent() throws {
        try withServer { server, port in
            let client = try TestClient(port: port, timeout: .seconds(3))
            // Announce 10 MiB and send none of it: the answer must not wait for the body.
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10485760\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(server.stats.totalRequests == 0)
        }
    }

    @Test func answers413WhenChunkedBodyGrowsPastLimit() throws {
        try withServer({ $0.bodyLimit = { _ in 1000 } }) { _, port in
            let client = try TestClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = "100\r\n" + String(repeating: "x", count: 256) + "\r\n"
            try client.send(chunk + chunk + chunk + chunk)
            #expect(try client.readResponse().status == 413)
        }
    }

    @Test func perRouteBodyLimitAdmitsLargeImport() throws {
        try withServer({
            $0.bodyLimit = { head in head.path == "/import" ? 20 << 20 : 1 << 20 }
        }) { _, port in
            let size = 3 << 20
            let client = try TestClient(port: port)
            try client.send(Array("POST /import HTTP/1.1\r\nHost: t\r\nContent-Length: \(size)\r\n\r\n".utf8)
                + [UInt8](repeating: 0x2C, count: size))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "POST /import \(size)")

            let other = try TestClient(port: port)
            try other.send("POST /elsewhere HTTP/1.1\r\nHost: t\r\nContent-Length: \(size)\r\n\r\n")
            #expect(try other.readResponse().status == 413)
        }
    }

    @Test func errorResponseSurvivesUnreadRequestBytes() throws {
        try withServer { _, port in
            let client = try TestClient(port: port)
            // A rejected head followed by a lot of data the server never reads: thanks to the
            // half-close and linger, the client still receives the whole 400.
            let garbage = [UInt8](repeating: 0x61, count: 256 * 1024)
            try client.send(Array("GET / HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n".utf8) + garbage)
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.bodyText.contains("duplicate Host"))
        }
    }
}
