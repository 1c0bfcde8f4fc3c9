import HTTP1
import Testing

@Suite struct ServerTimeoutTests {
    @Test func cutsOffSlowlorisHeadAfterHeadTimeout() throws {
        try withServer({ $0.headTimeout = .milliseconds(500) }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            let head = Array("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: \(String(repeating: "s", count: 100))\r\n\r\n".utf8)
            let start = nowMillis()
            var sent = 0
            // One byte every 100 ms: each read makes "progress", but the head deadline holds.
            while sent < head.count && nowMillis() - start < 4000 {
                do { try client.send([head[sent]]) } catch { break }
                sent += 1
                pause(.milliseconds(100))
                if nowMillis() - start > 1500 { break }
            }
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(sent < head.count)
            #expect(nowMillis() - start < 4000)
        }
    }

    @Test func closesIdleKeepAliveConnectionSilently() throws {
        try withServer({ $0.idleTimeout = .milliseconds(300) }) { server, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let start = nowMillis()
            #expect(try client.closesWithoutData())
            #expect(nowMillis() - start < 3000)
            #expect(server.stats.openConnections == 0)
        }
    }

    @Test func answers408WhenBodyStalls() throws {
        try withServer({ $0.bodyTimeout = .milliseconds(300) }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab")
            let response = try client.readResponse()
            #expect(response.status == 408)
        }
    }

    @Test func bodyDeadlineIsExtendedByProgress() throws {
        try withServer({
            $0.bodyTimeout = .milliseconds(450)
            $0.minimumBodyRate = 0  // progress alone (the rate floor has its own test)
        }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\n")
            // Six bytes 100 ms apart: 600 ms in all, but never 450 ms without progress.
            for byte in "abcdef".utf8 {
                pause(.milliseconds(100))
                try client.send([byte])
            }
            #expect(try client.readResponse().status == 200)
        }
    }
}

@Suite struct ServerWriteDeadlineTests {
    @Test func closesConnectionWhoseClientStopsReading() throws {
        let size = 64 << 20
        let body = [UInt8](repeating: 0x77, count: size)
        try withServer({ $0.writeTimeout = .milliseconds(300) }, handler: { _ in
            HTTPResponse(status: 200, contentType: "application/octet-stream", body: body)
        }) { server, port in
            let client = try TestClient(port: port, timeout: .seconds(5))
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            // Read nothing for a while: the response cannot be written within its deadline.
            let start = nowMillis()
            while server.stats.totalRequests == 0 && nowMillis() - start < 5000 { pause(.milliseconds(10)) }
            #expect(server.stats.totalRequests == 1)
            while server.stats.openConnections > 0 && nowMillis() - start < 5000 { pause(.milliseconds(50)) }
            #expect(server.stats.openConnections == 0)
            let received = try client.readToEnd()
            #expect(received.count < size)
        }
    }
}
