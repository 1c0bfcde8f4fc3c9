import HTTP1
import Testing

@Suite struct ParserLimitsTests {
    @Test func answers414ForRequestLineOverLimit() {
        let path = "/" + String(repeating: "a", count: 8 * 1024)
        expectRejects("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n", .requestLineTooLong)
        #expect(HTTPParseError.requestLineTooLong.status == 414)
    }

    @Test func acceptsRequestLineExactlyAtLimit() throws {
        let path = "/" + String(repeating: "a", count: 8 * 1024 - "GET  HTTP/1.1".count - 1)
        let request = try #require(singleRequest("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(request.head.path.count == path.count)
    }

    @Test func detects414BeforeTheLineEnds() {
        // No CRLF ever arrives: the limit must trigger on the byte count alone.
        let events = parse("GET /" + String(repeating: "a", count: 9000))
        #expect(events == [.failed(.requestLineTooLong)])
    }

    @Test func answers431ForHeaderLineOverLimit() {
        let value = String(repeating: "v", count: 8 * 1024)
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(value)\r\n\r\n", .headerLineTooLong)
        #expect(HTTPParseError.headerLineTooLong.status == 431)
    }

    @Test func answers431ForHeaderSectionOverLimit() {
        let value = String(repeating: "v", count: 4000)
        let fields = (0..<5).map { "X-\($0): \(value)\r\n" }.joined()
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n", .headerSectionTooLarge)
    }

    @Test func answers431ForMoreThan100Fields() {
        let fields = (0..<100).map { "X-\($0): 1\r\n" }.joined()
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n", .tooManyHeaderFields)
    }

    @Test func accepts100Fields() throws {
        let fields = (0..<99).map { "X-\($0): 1\r\n" }.joined()
        let request = try #require(singleRequest("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n"))
        #expect(request.head.headers.count == 100)
    }

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var name: String
        var configure: @Sendable (inout HTTPParserLimits) -> Void
        var request: String
        var error: HTTPParseError
        var testDescription: String { name }
    }

    @Test(arguments: [
        LimitCase(name: "request line 64", configure: { $0.maxRequestLineBytes = 64 },
                  request: "GET /\(String(repeating: "p", count: 64)) HTTP/1.1\r\nHost: x\r\n\r\n",
                  error: .requestLineTooLong),
        LimitCase(name: "header line 32", configure: { $0.maxHeaderLineBytes = 32 },
                  request: "GET / HTTP/1.1\r\nHost: x\r\nX-Long: \(String(repeating: "v", count: 32))\r\n\r\n",
                  error: .headerLineTooLong),
        LimitCase(name: "header bytes 100", configure: { $0.maxHeaderBytes = 100 },
                  request: "GET / HTTP/1.1\r\nHost: x\r\n" + (0..<6).map { "X-\($0): 0123456789\r\n" }.joined() + "\r\n",
                  error: .headerSectionTooLarge),
        LimitCase(name: "field count 3", configure: { $0.maxHeaderCount = 3 },
                  request: "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
                  error: .tooManyHeaderFields),
        LimitCase(name: "chunk line 8", configure: { $0.maxChunkSizeLineBytes = 8 },
                  request: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;abcdefgh\r\na\r\n0\r\n\r\n",
                  error: .chunkSizeLineTooLong),
    ])
    func honoursConfiguredLimits(_ c: LimitCase) {
        var configured = HTTPParserLimits()
        c.configure(&configured)
        expectRejects(c.request, c.error, limits: configured)
    }
}
