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

    @Test(arguments: [
        ("close", "close", true), ("keep-alive, close", "close", true), (" Close ", "close", true),
        ("closed", "close", false), ("", "close", false), ("a,,close", "close", true),
    ])
    func findsTokensInCommaSeparatedLists(_ value: String, _ token: String, _ expected: Bool) {
        #expect(HTTPHeaders.valueList(value, contains: token) == expected)
    }
}
