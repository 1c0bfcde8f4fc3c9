import HTTP1
import Testing

@Suite struct ParserChunkedTests {
    let head = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"

    @Test func decodesChunksWithExtensionsAndDiscardsTrailers() throws {
        let request = try #require(singleRequest(head
            + "5;name=value\r\nhello\r\n6 ; a=\"quoted; x\" ;b\r\n world\r\n0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"))
        #expect(request.body == Array("hello world".utf8))
        #expect(request.head.headers["X-Checksum"] == nil)
    }

    @Test func acceptsUppercaseHexAndLeadingZeros() throws {
        let body = String(repeating: "z", count: 26)
        let request = try #require(singleRequest(head + "001A\r\n\(body)\r\n000\r\n\r\n"))
        #expect(request.body.count == 26)
    }

    @Test func parsesRequestPipelinedAfterChunkedBody() {
        let events = parse(head + "3\r\nabc\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(messages(events).map(\.head.path) == ["/upload", "/next"])
    }

    @Test(arguments: ["g\r\n", "\r\n", "-1\r\n", " 5\r\n", "0x5\r\n", "5x\r\n", "5\n", "5\rx", "1000000000000000\r\n"])
    func rejectsInvalidChunkSize(_ line: String) {
        let events = parse(head + line + "hello\r\n0\r\n\r\n")
        #expect(failure(events) == .invalidChunkSize)
    }

    @Test(arguments: ["5;\u{01}\r\n", "5 x\r\n", "5;a=\"open\r\n"])
    func rejectsMalformedChunkExtension(_ line: String) {
        let events = parse(head + line + "hello\r\n0\r\n\r\n")
        #expect(failure(events) == .invalidChunkExtension)
    }

    @Test(arguments: ["3\r\nabcX\r\n0\r\n\r\n", "3\r\nabc\rX0\r\n\r\n", "3\r\nabc\n0\r\n\r\n"])
    func rejectsMissingCRLFAfterChunkData(_ chunks: String) {
        expectRejects(head + chunks, .missingChunkDataCRLF)
    }

    @Test func rejectsChunkSizeLineOverLimit() {
        let ext = ";" + String(repeating: "a", count: 1100)
        expectRejects(head + "5\(ext)\r\nhello\r\n0\r\n\r\n", .chunkSizeLineTooLong)
    }

    @Test func rejectsChunkedBodyOverLimitAsItAccumulates() {
        let chunk = "10\r\n" + String(repeating: "b", count: 16) + "\r\n"
        // 3 × 16 = 48 bytes fit in 50; the fourth chunk would pass the limit.
        let events = parse(head + chunk + chunk + chunk + chunk + "0\r\n\r\n", limits: limits(body: 50))
        #expect(failure(events) == .bodyTooLarge)
    }

    @Test func rejectsOversizedTrailerSection() {
        var small = HTTPParserLimits()
        small.maxTrailerBytes = 64
        let trailers = (0..<10).map { "X-T\($0): 0123456789\r\n" }.joined()
        expectRejects(head + "0\r\n" + trailers + "\r\n", .trailerSectionTooLarge, limits: small)
    }

    @Test func rejectsMalformedTrailer() {
        expectRejects(head + "0\r\nno colon here\r\n\r\n", .malformedTrailer)
        expectRejects(head + "0\r\nX: a\nb\r\n\r\n", .bareLineFeed)
    }
}
