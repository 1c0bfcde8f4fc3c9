import HTTP1
import Testing

@Suite struct ParserFramingTests {
    @Test func readsContentLengthBody() throws {
        let request = try #require(singleRequest("POST /r HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))
        #expect(request.body == Array("hello".utf8))
    }

    @Test func requestAfterBodyParsesSeparately() {
        let events = parse("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        let all = messages(events)
        #expect(all.map(\.head.path) == ["/a", "/b"])
        #expect(all.map(\.body) == [Array("abc".utf8), []])
    }

    @Test func emitsHeadCompleteBeforeBody() {
        let events = parse("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok")
        guard case .headComplete(let head) = events.first else {
            Issue.record("expected headComplete first, got \(events)")
            return
        }
        #expect(head.path == "/a")
        #expect(events.count == 2)
    }

    @Test func zeroContentLengthHasEmptyBody() throws {
        let request = try #require(singleRequest("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
        #expect(request.body.isEmpty)
    }

    @Test func rejectsContentLengthWithTransferEncoding() {
        expectRejects(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .contentLengthWithTransferEncoding)
        expectRejects(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
            .contentLengthWithTransferEncoding)
    }

    @Test func rejectsTwoContentLengthsEvenWhenEqual() {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                      .duplicateContentLength)
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\ncontent-length: 4\r\n\r\nabcd",
                      .duplicateContentLength)
    }

    @Test(arguments: ["+5", "-1", "0x5", "5,5", "5, 5", "", "1e3", "5a", "٥", "+0", "5 5"])
    func rejectsContentLengthThatIsNotPlainDigits(_ value: String) {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\nhello", .invalidContentLength)
    }

    @Test func acceptsLeadingZerosInContentLength() throws {
        let request = try #require(singleRequest("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0000000000000000000002\r\n\r\nok"))
        #expect(request.body == Array("ok".utf8))
    }

    @Test(arguments: ["gzip", "chunked, gzip", "identity", "chunked;q=1", "", " , "])
    func rejectsTransferEncodingWhoseFinalCodingIsNotChunked(_ value: String) {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n", .transferEncodingNotChunked)
    }

    @Test(arguments: ["gzip, chunked", "deflate,chunked", "x-custom , chunked"])
    func answers501ForUnimplementedCodingBeforeChunked(_ value: String) {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n", .unsupportedTransferCoding)
        #expect(HTTPParseError.unsupportedTransferCoding.status == 501)
    }

    @Test func rejectsChunkedAppliedTwice() {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
                      .transferEncodingNotChunked)
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                      .transferEncodingNotChunked)
    }

    @Test func combinesTransferEncodingFieldsAsOneList() {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
                      .unsupportedTransferCoding)
    }

    @Test func acceptsChunkedCaseInsensitively() throws {
        let request = try #require(singleRequest("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n"))
        #expect(request.body.isEmpty)
    }

    @Test func rejectsTransferEncodingInHTTP10() {
        expectRejects("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .transferEncodingInHTTP10)
    }

    @Test func rejectsContentLengthOverLimitBeforeAnyBodyByte() {
        // Only the head is fed: the 413 must come from Content-Length alone.
        let events = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")
        #expect(events == [.failed(.bodyTooLarge)])
        #expect(HTTPParseError.bodyTooLarge.status == 413)
    }

    @Test func acceptsBodyExactlyAtLimit() throws {
        let body = String(repeating: "a", count: 64)
        let request = try #require(singleRequest("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n\(body)",
                                                 limits: limits(body: 64)))
        #expect(request.body.count == 64)
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n", .bodyTooLarge, limits: limits(body: 64))
    }

    @Test func rejectsAbsurdContentLengthAs413() {
        expectRejects("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", .bodyTooLarge)
    }

    @Test func appliesPerRouteBodyLimit() throws {
        var routed = HTTPParserLimits()
        routed.bodyLimit = { head in head.path == "/import/csv" ? 20 << 20 : 1 << 20 }
        let big = 2 << 20
        let head = "Host: x\r\nContent-Length: \(big)\r\n\r\n"
        let imported = parseWhole(Array("POST /import/csv HTTP/1.1\r\n\(head)".utf8) + [UInt8](repeating: 0x41, count: big),
                                  limits: routed)
        #expect(messages(imported).first?.body.count == big)
        expectRejects("POST /other HTTP/1.1\r\n\(head)", .bodyTooLarge, limits: routed)
    }
}
