import HTTP1
import Testing

/// Echoes method, path, query and body; `/slow` takes 300 ms first.
let echoHandler: @Sendable (HTTPRequest) -> HTTPResponse = { request in
    if request.path == "/slow" { pause(.milliseconds(300)) }
    var response = HTTPResponse(status: 200, contentType: "text/plain", body: request.body)
    response.headers.add(name: "X-Path", value: request.path)
    response.headers.add(name: "X-Query", value: request.query ?? "-")
    response.headers.add(name: "X-Method", value: request.method.rawValue)
    response.headers.add(name: "X-Remote", value: request.remoteAddress)
    return response
}

@Suite struct ServerTests {
    @Test func reusesKeepAliveConnectionForSeveralRequests() throws {
        try withServer(handler: echoHandler) { server, port in
            let client = try TestClient(port: port)
            for i in 1...3 {
                try client.send("GET /item/\(i)?page=\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.headers["X-Path"] == "/item/\(i)")
                #expect(response.headers["X-Query"] == "page=\(i)")
                #expect(response.headers["Connection"] == nil)
                #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)
                #expect(response.headers["X-Remote"]?.hasPrefix("127.0.0.1:") == true)
            }
            #expect(server.stats.totalRequests == 3)
            #expect(server.stats.openConnections == 1)
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /second HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /third HTTP/1.1\r\nHost: t\r\n\r\n")
            let paths = try (0..<3).map { _ in try client.readResponse().headers["X-Path"] }
            #expect(paths == ["/slow", "/second", "/third"])
        }
    }

    @Test func largePipelinedResponsesStayInOrderAndIntact() throws {
        // Responses bigger than the socket buffers: part goes out from the worker, the rest
        // from the loop, and the next response must queue behind it.
        let size = 3 << 20
        try withServer(handler: { request in
            let byte = request.path.utf8.last ?? 0
            return HTTPResponse(status: 200, contentType: "application/octet-stream",
                                body: [UInt8](repeating: byte, count: size))
        }) { _, port in
            let client = try TestClient(port: port, timeout: .seconds(10))
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\nGET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            pause(.milliseconds(200))  // let the server fill the socket buffers first
            for expected in "abc".utf8 {
                let response = try client.readResponse()
                #expect(response.body.count == size)
                #expect(response.body.allSatisfy { $0 == expected })
            }
        }
    }

    @Test func decodesChunkedBodyWithExtensionsAndTrailers() throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;part=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: dropped\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "Wikipedia")
        }
    }

    @Test func sendsContinueBeforeReadingExpectedBody() throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send("PUT /doc HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("hello")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.bodyText == "hello")
        }
    }

    @Test func answers413InsteadOfContinueWhenBodyIsOverLimit() throws {
        try withServer({ $0.bodyLimit = { _ in 100 } }, handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send("PUT /doc HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.headers["Connection"] == "close")
        }
    }

    @Test func headResponseHasContentLengthButNoBody() throws {
        try withServer(handler: { _ in .text("twelve bytes") }) { _, port in
            let client = try TestClient(port: port)
            try client.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(bodyless: true)
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == "12")
            // The next response on the same connection must start right after the head.
            try client.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n")
            let get = try client.readResponse()
            #expect(get.bodyText == "twelve bytes")
        }
    }

    @Test func http10ClosesAfterResponse() throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /old HTTP/1.0\r\n\r\n")
            let wire = String(decoding: try client.readToEnd(), as: UTF8.self)
            #expect(wire.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(wire.contains("Connection: close\r\n"))
        }
    }

    @Test func http10KeepAliveKeepsConnectionOpen() throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            for _ in 0..<2 {
                try client.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.headers["Connection"] == "keep-alive")
            }
        }
    }

    @Test func connectionCloseEndsConnectionAfterResponse() throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET /bye HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.headers["Connection"] == "close")
            #expect(try client.closesWithoutData())
        }
    }

    @Test func answersRequestsFromClientThatHalfClosed() throws {
        try withServer(handler: echoHandler) { server, port in
            let client = try TestClient(port: port)
            // Request bytes and FIN arrive together: both requests are still answered, then
            // the server closes its side too.
            try client.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            #expect(try client.readResponse().headers["X-Path"] == "/one")
            #expect(try client.readResponse().headers["X-Path"] == "/two")
            #expect(try client.closesWithoutData())
            #expect(waitUntil { server.stats.openConnections == 0 })
        }
    }

    @Test func invalidHandlerHeaderBecomes500() throws {
        try withServer(handler: { _ in HTTPResponse(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: x=1"]) }) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 500)
            #expect(response.headers["Set-Cookie"] == nil)
        }
    }

    @Test func errorResponderRendersFramingErrors() throws {
        try withServer({
            $0.errorResponder = { status, reason in .json(#"{"error":{"status":\#(status),"message":"\#(reason)"}}"#, status: status) }
        }) { _, port in
            let client = try TestClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.bodyText == #"{"error":{"status":400,"message":"more than one Content-Length"}}"#)
        }
    }

    @Test(arguments: [
        ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("BREW / HTTP/1.1\r\nHost: t\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: t\r\nBad : x\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: +5\r\n\r\nhello", 400),
    ])
    func answersFramingErrorsAndCloses(_ request: String, _ status: Int) throws {
        try withServer(handler: echoHandler) { _, port in
            let client = try TestClient(port: port)
            try client.send(request)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.headers["Connection"] == "close")
            #expect(try client.closesWithoutData())
        }
    }
}
