import ERPCore
import Testing

/// The strict JSON reader request bodies go through before they are decoded.
@Suite("JSONValue.parse")
struct JSONParseTests {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue.parse(Array(text.utf8))
    }

    @Test func readsEveryKindOfValueKeepingNumbersAsText() throws {
        let value = try parse(#" {"a": [1, -0.5, 2e10, true, false, null], "b": {"c": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}} "#)
        #expect(value["a"] == .array([.number("1"), .number("-0.5"), .number("2e10"), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("x\"\\/\u{8}\u{C}\n\r\té😀"))
    }

    @Test func canonicalTextIgnoresKeyOrderAndSpacing() throws {
        #expect(try parse(#"{"b": 1, "a": [2, {"d": 3, "c": 4}]}"#).description == #"{"a":[2,{"c":4,"d":3}],"b":1}"#)
    }

    @Test func aRepeatedKeyIsRefusedNamingItsPath() {
        let error = #expect(throws: JSONSyntaxError.self) { try parse(#"{"lines": [{"qty": "1", "qty": "9"}]}"#) }
        #expect(error?.reason == "the key 'lines[0].qty' appears more than once")
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "NaN", "tru", "\"\\x\"", "\"\\ud800\"",
        "\"\\udc00\"", "\"\\u12\"", "\"a\u{1}b\"", "{} {}", "{'a': 1}",
    ])
    func malformedTextIsRefused(text: String) {
        #expect(throws: JSONSyntaxError.self) { try parse(text) }
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: JSONValue.maxDepth + 1) + String(repeating: "]", count: JSONValue.maxDepth + 1)
        #expect(throws: JSONSyntaxError.self) { try parse(deep) }
        let allowed = String(repeating: "[", count: JSONValue.maxDepth) + String(repeating: "]", count: JSONValue.maxDepth)
        #expect((try? parse(allowed)) != nil)
    }
}
