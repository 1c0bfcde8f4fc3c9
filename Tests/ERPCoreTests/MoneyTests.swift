import Foundation
import Testing
import TestSupport

@testable import ERPCore

/// Decodes `{"price": <json>}` with a plain JSONDecoder.
private struct PriceBody: Codable, Equatable {
    let price: Money
}

private func decodePrice(_ json: String) throws -> Money {
    try JSONDecoder().decode(PriceBody.self, from: Data("{\"price\": \(json)}".utf8)).price
}

private func money(_ text: String) throws -> Money { try Money(parsing: text) }

@Suite("Money")
struct MoneyTests {
    @Test func formatThenParseIsTheIdentityOverGeneratedValues() throws {
        for units in SplitMix64.sampleInt64s(seed: 0x5EED_0001) {
            let amount = Money(minorUnits: units)
            #expect(try Money(parsing: amount.description) == amount, "\(units)")
        }
    }

    @Test func formattingIsCanonicalWithTwoDecimalsAndNoGrouping() {
        #expect(Money(minorUnits: 123_450).description == "1234.50")
        #expect(Money(minorUnits: -1).description == "-0.01")
        #expect(Money(minorUnits: 0).description == "0.00")
        #expect(Money(minorUnits: 5).description == "0.05")
        #expect(Money(minorUnits: .max).description == "92233720368547758.07")
        #expect(Money(minorUnits: .min).description == "-92233720368547758.08")
    }

    @Test(arguments: [
        ("1234.50", "1234.50"), ("1234.5", "1234.50"), ("1234", "1234.00"), ("-0.01", "-0.01"),
        ("007.5", "7.50"), ("-0", "0.00"), ("-0.00", "0.00"), ("1.500", "1.50"), ("0.10000", "0.10"),
    ])
    func parsingThenFormattingCanonicalises(input: String, canonical: String) throws {
        #expect(try money(input).description == canonical)
    }

    @Test(arguments: [
        "", "abc", "1,5", "1e3", "1E3", " 1", "1 ", "+1", ".5", "5.", "-", "--1", "-.5", "1.2.3",
        "1_000", "0x10", "１", "٣", "1.5a", "1..5", "- 1", "NaN", "∞",
    ])
    func parsingRejectsAnythingButPlainDecimalText(input: String) {
        #expect(throws: ValueError.malformed(text: input, expected: "an amount like 1234.50")) {
            try money(input)
        }
    }

    @Test func parsingRejectsMoreDecimalsThanTheCurrencyAllows() throws {
        let error = #expect(throws: ValueError.self) { try money("1.234") }
        #expect(error == .tooManyDecimals(text: "1.234", maximum: 2))
        #expect(error?.description == "'1.234' has too many decimals: at most 2 decimal places allowed")
        #expect(throws: ValueError.tooManyDecimals(text: "0.001", maximum: 2)) { try money("0.001") }
        #expect(throws: ValueError.tooManyDecimals(text: "1.2301", maximum: 2)) { try money("1.2301") }
    }

    @Test func parsingAcceptsBothInt64ExtremesAndRejectsOneKopeckBeyond() throws {
        #expect(try money("92233720368547758.07").minorUnits == .max)
        #expect(try money("-92233720368547758.08").minorUnits == .min)
        for text in ["92233720368547758.08", "-92233720368547758.09", "99999999999999999999999999", "18446744073709551616"] {
            let error = #expect(throws: ValueError.self) { try money(text) }
            guard case .outOfRange(let reported, _) = error else {
                Issue.record("expected outOfRange for \(text), got \(String(describing: error))")
                continue
            }
            #expect(reported == text)
        }
    }

    @Test func currenciesWithoutMinorUnitsParseAndFormatWholeAmounts() throws {
        let yen = try #require(Currency(code: "JPY", minorDigits: 0))
        #expect(try Money(parsing: "1234", currency: yen).minorUnits == 1234)
        #expect(Money(minorUnits: -5, currency: yen).description == "-5")
        #expect(throws: ValueError.tooManyDecimals(text: "1.5", maximum: 0)) {
            try Money(parsing: "1.5", currency: yen)
        }
        #expect(Currency(code: "rub", minorDigits: 2) == nil)
        #expect(Currency(code: "RUBL", minorDigits: 2) == nil)
        #expect(Currency(code: "EUR", minorDigits: 5) == nil)
        #expect(Currency.rub.minorDigits == 2 && Money.zero().currency == .rub)
    }

    @Test func additionAndSubtractionAreExact() throws {
        #expect(try money("0.10") + money("0.20") == money("0.30"))
        #expect(try money("1.00") - money("1.01") == money("-0.01"))
        #expect(try money("5.00").adding(money("-5.00")).isZero)
        #expect(try Money.sum([money("0.10"), money("0.20"), money("0.30")]) == money("0.60"))
        #expect(try Money.sum([]) == .zero())
    }

    @Test func overflowIsAnErrorNotACrash() throws {
        let max = Money(minorUnits: .max), min = Money(minorUnits: .min)
        let kopeck = Money(minorUnits: 1)
        #expect(throws: ValueError.self) { try max + kopeck }
        #expect(throws: ValueError.self) { try min - kopeck }
        #expect(throws: ValueError.self) { try -min }
        #expect(throws: ValueError.self) { try max * 2 }
        #expect(throws: ValueError.self) { try min.multiplied(by: -1) }
        #expect(throws: ValueError.self) { try Money.sum([max, kopeck, -kopeck]) }
        #expect(try -max == Money(minorUnits: -Int64.max))
        #expect(try money("33.33") * 3 == money("99.99"))
    }

    @Test func amountsInDifferentCurrenciesDoNotCombine() throws {
        let euro = try #require(Currency(code: "EUR", minorDigits: 2))
        let roubles = try money("1.00"), euros = try Money(parsing: "1.00", currency: euro)
        #expect(throws: ValueError.currencyMismatch("RUB", "EUR")) { try roubles + euros }
        #expect(throws: ValueError.currencyMismatch("EUR", "RUB")) { try euros - roubles }
        #expect(roubles != euros)
    }

    @Test func amountsOrderByValue() throws {
        let sorted = try ["10.00", "-0.01", "0.00", "9.99", "-100.00"].map(money).sorted()
        #expect(sorted.map(\.description) == ["-100.00", "-0.01", "0.00", "9.99", "10.00"])
    }

    @Test func encodesAsADecimalString() throws {
        let body = PriceBody(price: try money("1234.5"))
        #expect(String(decoding: try JSONEncoder().encode(body), as: UTF8.self) == #"{"price":"1234.50"}"#)
    }

    @Test(arguments: [
        ("\"1234.50\"", Int64(123_450)), ("\"0.1\"", 10), ("0.1", 10), ("12345678901234.56", 1_234_567_890_123_456),
        ("-0.01", -1), ("1e2", 10_000), ("100", 10_000), ("0.30", 30), ("92233720368547758.07", .max),
    ])
    func decodesExactlyFromStringsAndNumbers(json: String, minorUnits: Int64) throws {
        #expect(try decodePrice(json).minorUnits == minorUnits)
    }

    @Test func decodingJSONNumbersIsExactOverGeneratedValues() throws {
        // A Double holds 15–17 significant digits; these need up to 19, so any detour through
        // Double would show here.
        let amounts = SplitMix64.sampleInt64s(seed: 0x5EED_0003, count: 2_000).map { Money(minorUnits: $0) }
        let json = "[" + amounts.map(\.description).joined(separator: ",") + "]"
        #expect(try JSONDecoder().decode([Money].self, from: Data(json.utf8)) == amounts)
    }

    @Test(arguments: ["0.001", "\"1.234\"", "true", "null", "\"1,5\"", "92233720368547758.08", "[1]"])
    func decodingRejectsWhatParsingRejectsAndNonNumbers(json: String) {
        #expect(throws: DecodingError.self) { try decodePrice(json) }
    }

    @Test func decodingErrorCarriesTheMessageNamingTheLimit() {
        let error = #expect(throws: DecodingError.self) { try decodePrice("0.001") }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription.contains("at most 2 decimal places"))
        #expect(context.underlyingError as? ValueError == .tooManyDecimals(text: "0.001", maximum: 2))
    }

    @Test func losslessStringConversionRoundTrips() {
        #expect(Money("12.30")?.minorUnits == 1230)
        #expect(Money("12.345") == nil)
        #expect(Money("12.30").map(String.init(describing:)) == "12.30")
    }
}
