import HTTP1
import Testing

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesCaseInsensitively() {
        let headers: HTTPHeaders = ["Content-Type": "application/json", "X-A": "1"]
        #expect(headers["content-type"] == "application/json")
        #expect(headers.contains("x-a"))
        #expect(headers["X-B"] == nil)
    }

    @Test func neverMergesDuplicates() {
        var headers = HTTPHeaders()
        headers.add(name: "Set-Cookie", value: "a=1")
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.occurrences(of: "SET-COOKIE") == 2)
        #expect(headers.first("Set-Cookie") == "a=1")
    }

    @Test func replaceOrAddLeavesOneField() {
        var headers: HTTPHeaders = ["A": "1", "a": "2", "B": "3"]
        headers.replaceOrAdd(name: "A", value: "9")
        #expect(headers.values(for: "a") == ["9"])
        #expect(headers.map(\.name) == ["B", "A"])
    }

    @Test func foldsOnlyASCIILettersWhenComparingNames() {
        let headers: HTTPHeaders = ["X-[": "bracket", "Content-Length": "5"]
        #expect(headers["x-{"] == nil)  // `[` and `{` differ by the case bit but are not letters
        #expect(headers["X-["] == "bracket")
        #expect(headers["CONTENT-LENGTH"] == "5")
        #expect(headers["Content-Lengt"] == nil)
        #expect(headers["Content-Lengthy"] == nil)
        #expect(!HTTPHeaders.namesEqual("Content-Length", "Content-Lengtx"))
    }

    @Test func replaceOrAddOnACopyLeavesTheOriginalAsItWas() {
        let shared: HTTPHeaders = ["Content-Type": "application/json"]
        var answer = shared
        answer.replaceOrAdd(name: "X-Request-Id", value: "r1")
        answer.replaceOrAdd(name: "content-type", value: "text/plain")
        #expect(shared.map(\.name) == ["Content-Type"])
        #expect(shared["Content-Type"] == "application/json")
        #expect(answer.map(\.name) == ["X-Request-Id", "content-type"])
    }

    @Test(arguments: [
        ("close", "close", true), ("keep-alive, close", "close", true), (" Close ", "close", true),
        ("closed", "close", false), ("", "close", false), ("a,,close", "close", true),
    ])
    func findsTokensInCommaSeparatedLists(_ value: String, _ token: String, _ expected: Bool) {
        #expect(HTTPHeaders.valueList(value, contains: token) == expected)
    }
}
