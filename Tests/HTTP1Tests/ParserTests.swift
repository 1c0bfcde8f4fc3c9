import HTTP1
import Testing

@Suite struct ParserTests {
    @Test func parsesRequestLineHeadersAndQuery() throws {
        let request = try #require(singleRequest(
            "GET /stock/levels?warehouse=1&q=%20a HTTP/1.1\r\nHost: erp.local\r\nX-Request-Id: abc\r\n\r\n"))
        #expect(request.head.method == .get)
        #expect(request.head.target == "/stock/levels?warehouse=1&q=%20a")
        #expect(request.head.path == "/stock/levels")
        #expect(request.head.query == "warehouse=1&q=%20a")
        #expect(request.head.version == .http1_1)
        #expect(request.head.headers["host"] == "erp.local")
        #expect(request.head.headers["X-REQUEST-ID"] == "abc")
        #expect(request.body.isEmpty)
    }

    @Test func pathWithoutQueryHasNilQuery() throws {
        let request = try #require(singleRequest("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(request.head.query == nil)
        let empty = try #require(singleRequest("GET /a? HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(empty.head.query == "")
    }

    @Test func reducesAbsoluteFormTargetToPath() throws {
        let request = try #require(singleRequest("GET http://erp.local:8080/p/q?x=1 HTTP/1.1\r\nHost: erp.local\r\n\r\n"))
        #expect(request.head.path == "/p/q")
        #expect(request.head.query == "x=1")
    }

    @Test(arguments: HTTPMethod.allCases)
    func acceptsImplementedMethod(_ method: HTTPMethod) throws {
        let request = try #require(singleRequest("\(method.rawValue) / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(request.head.method == method)
    }

    @Test(arguments: ["BREW", "TRACE", "CONNECT", "get", "PROPFIND"])
    func rejectsUnknownMethodWith501(_ method: String) {
        expectRejects("\(method) / HTTP/1.1\r\nHost: x\r\n\r\n", .unknownMethod)
        #expect(HTTPParseError.unknownMethod.status == 501)
    }

    @Test(arguments: ["GE(T", "G@T", "GET\u{7F}", "[GET]"])
    func rejectsMethodWithInvalidTokenCharacters(_ method: String) {
        expectRejects("\(method) / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidMethod)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0"])
    func rejectsOtherVersionsWith505(_ version: String) {
        expectRejects("GET / \(version)\r\nHost: x\r\n\r\n", .unsupportedVersion)
        #expect(HTTPParseError.unsupportedVersion.status == 505)
    }

    @Test(arguments: ["http/1.1", "HTTP/11", "HTTP/1.1x", "HTTP/1.", "HTTP /1.1", "HTTP/a.b"])
    func rejectsMalformedVersion(_ version: String) {
        let events = parse("GET / \(version)\r\nHost: x\r\n\r\n")
        #expect(failure(events)?.status == 400)
    }

    @Test(arguments: [
        "GET  / HTTP/1.1", "GET /", "GET", " GET / HTTP/1.1", "GET / HTTP/1.1 ", "GET\t/ HTTP/1.1",
    ])
    func rejectsMalformedRequestLine(_ line: String) {
        let events = parse("\(line)\r\nHost: x\r\n\r\n")
        #expect(failure(events)?.status == 400)
        #expect(messages(events).isEmpty)
    }

    @Test(arguments: ["/a b", "/a\u{01}", "foo", "x:80", "ftp://a/b", "/caf\u{E9}"])
    func rejectsInvalidTarget(_ target: String) {
        let events = parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(failure(events)?.status == 400)
    }

    @Test func acceptsAsteriskOnlyForOptions() throws {
        let options = try #require(singleRequest("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(options.head.path == "*")
        expectRejects("GET * HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget)
    }

    @Test func rejectsBareLineFeedInHead() {
        expectRejects("GET / HTTP/1.1\nHost: x\r\n\r\n", .bareLineFeed)
        expectRejects("GET / HTTP/1.1\r\nHost: x\n\r\n", .bareLineFeed)
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\n\n", .bareLineFeed)
    }

    @Test func rejectsBareCarriageReturnInHead() {
        expectRejects("GET / HTTP/1.1\rHost: x\r\n\r\n", .bareCarriageReturn)
        expectRejects("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n", .bareCarriageReturn)
    }

    @Test func rejectsNulInHead() {
        expectRejects("GET /\u{0} HTTP/1.1\r\nHost: x\r\n\r\n", .nulInHead)
        expectRejects("GET / HTTP/1.1\r\nHost: x\u{0}y\r\n\r\n", .nulInHead)
    }

    @Test func ignoresOneEmptyLineBeforeRequestLine() throws {
        let request = try #require(singleRequest("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(request.head.path == "/")
        expectRejects(String(repeating: "\r\n", count: 20) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                      .tooManyLeadingEmptyLines)
    }
}
