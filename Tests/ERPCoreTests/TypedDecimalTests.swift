import Testing

@testable import ERPCore

/// Decimals typed by people (CLI flags, CSV cells): the Russian decimal comma is read, digit
/// grouping and `1,000` are refused with advice, and the API's strict grammar is unchanged.
@Suite("Decimals typed by people")
struct TypedDecimalTests {
    @Test(arguments: [
        ("1,5", "1.500"), ("1.5", "1.500"), ("0,250", "0.250"), ("-0,001", "-0.001"), (" 2,5 ", "2.500"),
        ("1.000", "1.000"), ("12,50", "12.500"), ("1000", "1000.000"), ("1,0", "1.000"), ("1,0000", "1.000"),
    ])
    func aQuantityAcceptsTheDecimalCommaAndThePoint(typed: String, canonical: String) throws {
        #expect(try Quantity(typed: typed).description == canonical)
    }

    @Test func anAmountAcceptsTheDecimalCommaUpToKopecks() throws {
        #expect(try Money(typed: "1250,50") == Money(minorUnits: 125_050))
        #expect(try Money(typed: "-3") == Money(minorUnits: -300))
        #expect(throws: ValueError.tooManyDecimals(text: "0,255", maximum: 2)) { try Money(typed: "0,255") }
    }

    @Test(arguments: [
        ("1,000", "'1,000' is ambiguous: write 1000 for the whole number or 1,0 for a fraction"),
        ("2,500", "'2,500' is ambiguous: write 2500 for the whole number or 2,5 for a fraction"),
        ("-12,340", "'-12,340' is ambiguous: write -12340 for the whole number or -12,34 for a fraction"),
        ("1,234", "'1,234' is ambiguous: write 1234 for the whole number or 1.234 for a fraction"),
        ("1 000,5", "'1 000,5' is ambiguous: write digits without grouping, like 1000,5"),
        ("1.000,5", "'1.000,5' is ambiguous: write digits without grouping, like 1000,5"),
        ("1,000,000", "'1,000,000' is ambiguous: write digits without grouping, like 1000000"),
        ("1\u{A0}000", "'1\u{A0}000' is ambiguous: write digits without grouping, like 1000"),
    ])
    func groupingAndACommaBeforeThreeDigitsAreRefusedWithAdvice(typed: String, message: String) {
        let error = #expect(throws: ValueError.self) { try Quantity(typed: typed) }
        #expect(error?.description == message)
    }

    @Test(arguments: ["", ",", "1,", ",5", "1,5a", "abc", "+1,5"])
    func whatIsNotANumberStaysMalformed(typed: String) {
        let error = #expect(throws: ValueError.self) { try Quantity(typed: typed) }
        guard case .malformed? = error else {
            Issue.record("\(String(describing: error)) for '\(typed)'")
            return
        }
    }

    @Test func theAPIGrammarStillRefusesTheComma() {
        #expect(throws: ValueError.self) { try Quantity(parsing: "1,5") }
        #expect(throws: ValueError.self) { try Money(parsing: "1250,50") }
    }
}
