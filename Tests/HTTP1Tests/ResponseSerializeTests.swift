import HTTP1
import Testing

@Suite struct ResponseSerializeTests {
    let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    func text(_ response: HTTPResponse, isHead: Bool = false, keepAlive: Bool = true,
              version: HTTPVersion = .http1_1) throws -> String {
        let output = try ResponseSerializer.serialize(
            response, isHead: isHead, keepAlive: keepAlive, version: version, date: date)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    @Test func writesStatusDateTypeLengthAndBody() throws {
        let wire = try text(.json(#"{"a":1}"#))
        #expect(wire == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}")
    }

    @Test func addsDefaultContentTypeOnlyWhenThereIsABody() throws {
        #expect(try text(HTTPResponse(status: 200, body: [1, 2])).contains("Content-Type: application/octet-stream\r\n"))
        let empty = try text(HTTPResponse(status: 200))
        #expect(!empty.contains("Content-Type"))
        #expect(empty.contains("Content-Length: 0\r\n"))
    }

    @Test func headResponseHasLengthButNoBody() throws {
        let wire = try text(.text("twelve bytes"), isHead: true)
        #expect(wire.hasSuffix("Content-Length: 12\r\n\r\n"))
        let declared = try text(HTTPResponse(status: 200, headers: ["Content-Length": "4096"]), isHead: true)
        #expect(declared.contains("Content-Length: 4096\r\n"))
        #expect(declared.hasSuffix("\r\n\r\n"))
    }

    @Test(arguments: [204, 304])
    func bodylessStatusesSendNoBodyAndNoLength(_ status: Int) throws {
        let wire = try text(HTTPResponse(status: status, body: Array("ignored".utf8)))
        #expect(!wire.contains("Content-Length"))
        #expect(wire.hasSuffix("\r\n\r\n"))
        #expect(!wire.contains("ignored"))
    }

    @Test func replacesHandlerFramingHeaders() throws {
        let response = HTTPResponse(status: 200, headers: ["Content-Length": "12345", "Date": "yesterday"], body: [65])
        let wire = try text(response)
        #expect(wire.contains("Content-Length: 1\r\n"))
        #expect(!wire.contains("12345"))
        #expect(!wire.contains("yesterday"))
    }

    @Test func announcesCloseAndHTTP10KeepAlive() throws {
        #expect(try text(.text("x"), keepAlive: false).contains("Connection: close\r\n"))
        #expect(try text(.text("x"), keepAlive: true, version: .http1_0).contains("Connection: keep-alive\r\n"))
        #expect(!(try text(.text("x"), keepAlive: true)).contains("Connection:"))
    }

    @Test func handlerConnectionCloseEndsKeepAlive() throws {
        let output = try ResponseSerializer.serialize(
            HTTPResponse(status: 200, headers: ["Connection": "close"]), isHead: false, keepAlive: true,
            version: .http1_1, date: date)
        #expect(!output.keepAlive)
        #expect(String(decoding: output.bytes, as: UTF8.self).contains("Connection: close\r\n"))
    }

    @Test(arguments: ["a\r\nInjected: 1", "a\nb", "a\rb", "a\u{0}b", "a\u{7F}"])
    func refusesHeaderValuesWithControlCharacters(_ value: String) {
        #expect(throws: ResponseSerializer.Violation.invalidHeader(name: "X-Bad")) {
            try ResponseSerializer.serialize(HTTPResponse(status: 200, headers: ["X-Bad": value]),
                                             isHead: false, keepAlive: true, version: .http1_1, date: date)
        }
    }

    @Test(arguments: ["Bad Name", "", "X:Y", "X\r\nY"])
    func refusesInvalidHeaderNames(_ name: String) {
        #expect(throws: ResponseSerializer.Violation.self) {
            try ResponseSerializer.serialize(HTTPResponse(status: 200, headers: HTTPHeaders([(name, "v")])),
                                             isHead: false, keepAlive: true, version: .http1_1, date: date)
        }
    }

    @Test(arguments: [0, 99, 100, 199, 600])
    func refusesStatusOutsideFinalRange(_ status: Int) {
        #expect(throws: ResponseSerializer.Violation.invalidStatus(status)) {
            try ResponseSerializer.serialize(HTTPResponse(status: status), isHead: false, keepAlive: true,
                                             version: .http1_1, date: date)
        }
    }

    @Test func refusesHandlerTransferEncoding() {
        #expect(throws: ResponseSerializer.Violation.transferEncodingSet) {
            try ResponseSerializer.serialize(HTTPResponse(status: 200, headers: ["Transfer-Encoding": "chunked"]),
                                             isHead: false, keepAlive: true, version: .http1_1, date: date)
        }
    }

    @Test func keepsUnknownStatusWithEmptyReason() throws {
        #expect(try text(HTTPResponse(status: 299)).hasPrefix("HTTP/1.1 299 \r\n"))
    }

    @Test func reasonPhrasesForFramingErrors() {
        #expect(HTTPStatus.reasonPhrase(413) == "Content Too Large")
        #expect(HTTPStatus.reasonPhrase(431) == "Request Header Fields Too Large")
        #expect(HTTPStatus.reasonPhrase(505) == "HTTP Version Not Supported")
    }
}

@Suite struct IMFDateTests {
    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
    ])
    func formatsIMFFixdate(_ seconds: Int, _ expected: String) {
        #expect(String(decoding: DateCache.format(seconds), as: UTF8.self) == expected)
    }

    @Test func cachedDateHasFixedLength() {
        var cache = DateCache()
        #expect(cache.current().count == 29)
    }
}
