import HTTP1
import Testing

@Suite struct ParserHeaderTests {
    @Test func rejectsObsFold() {
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n two\r\n\r\n", .obsFold)
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n\ttwo\r\n\r\n", .obsFold)
    }

    @Test(arguments: ["Host : x", "Host\t: x", "Content-Length  : 0"])
    func rejectsWhitespaceBetweenNameAndColon(_ line: String) {
        expectRejects("GET / HTTP/1.1\r\n\(line)\r\n\r\n", .whitespaceBeforeColon)
    }

    @Test(arguments: ["X(a): b", "Bad Name: x", "X\"y: z", "X/Y: z", "Ü: z", "X{}: 1"])
    func rejectsInvalidFieldNameCharacters(_ line: String) {
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\n\(line)\r\n\r\n", .invalidFieldName)
    }

    @Test func rejectsEmptyFieldNameAndMissingColon() {
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", .invalidFieldName)
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", .missingColon)
    }

    @Test(arguments: ["a\u{01}b", "a\u{7F}", "\u{1B}[31m"])
    func rejectsControlCharactersInFieldValue(_ value: String) {
        expectRejects("GET / HTTP/1.1\r\nHost: x\r\nX-V: \(value)\r\n\r\n", .invalidFieldValue)
    }

    @Test func trimsOptionalWhitespaceAroundValues() throws {
        let request = try #require(singleRequest("GET / HTTP/1.1\r\nHost:x\r\nX-A: \t a b \t\r\nX-B:\r\n\r\n"))
        #expect(request.head.headers["X-A"] == "a b")
        #expect(request.head.headers["X-B"] == "")
        #expect(request.head.headers["Host"] == "x")
    }

    @Test func keepsDuplicateFieldsSeparatelyInOrder() throws {
        let request = try #require(singleRequest(
            "GET / HTTP/1.1\r\nHost: x\r\nAccept: a\r\nX-Other: 1\r\naccept: b\r\n\r\n"))
        #expect(request.head.headers.values(for: "Accept") == ["a", "b"])
        #expect(request.head.headers.count == 4)
        #expect(request.head.headers.map(\.name) == ["Host", "Accept", "X-Other", "accept"])
    }

    @Test func rejectsMissingHostInHTTP11() {
        expectRejects("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .missingHost)
    }

    @Test func acceptsMissingHostInHTTP10() throws {
        let request = try #require(singleRequest("GET / HTTP/1.0\r\n\r\n"))
        #expect(request.head.version == .http1_0)
    }

    @Test func rejectsDuplicateHost() {
        expectRejects("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", .duplicateHost)
        expectRejects("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", .duplicateHost)
    }

    struct KeepAliveCase: Sendable, CustomTestStringConvertible {
        var version: String
        var connection: String?
        var keepAlive: Bool
        var testDescription: String { "\(version) Connection: \(connection ?? "-") → \(keepAlive)" }
    }

    @Test(arguments: [
        KeepAliveCase(version: "HTTP/1.1", connection: nil, keepAlive: true),
        KeepAliveCase(version: "HTTP/1.1", connection: "close", keepAlive: false),
        KeepAliveCase(version: "HTTP/1.1", connection: "keep-alive, Close", keepAlive: false),
        KeepAliveCase(version: "HTTP/1.0", connection: nil, keepAlive: false),
        KeepAliveCase(version: "HTTP/1.0", connection: "Keep-Alive", keepAlive: true),
        KeepAliveCase(version: "HTTP/1.0", connection: "keep-alive, close", keepAlive: false),
    ])
    func decidesKeepAliveFromVersionAndConnection(_ c: KeepAliveCase) throws {
        let connection = c.connection.map { "Connection: \($0)\r\n" } ?? ""
        let request = try #require(singleRequest("GET / \(c.version)\r\nHost: x\r\n\(connection)\r\n"))
        #expect(request.head.keepAlive == c.keepAlive)
    }

    @Test func recognisesExpectContinue() throws {
        let request = try #require(singleRequest("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n\r\n"))
        #expect(request.head.expectsContinue)
    }

    @Test func parsesPipelinedRequestsInOrder() {
        let events = parse("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(messages(events).map(\.head.path) == ["/1", "/2", "/3"])
    }
}
