import Foundation
import Testing

@testable import ERPCore

private func money(_ text: String) throws -> Money { try Money(parsing: text) }

private func line(_ qty: Int64, _ price: String, at rate: VATRate, included: Bool = true) throws -> LineAmounts {
    try LineAmounts(quantity: Quantity(whole: qty), price: money(price), vatRate: rate, pricesIncludeVAT: included)
}

@Suite("Line totals and the VAT breakdown")
struct LineAmountsTotalsTests {
    @Test func mixedRatesAreSummedPerRateHighestFirstWithoutVATLast() throws {
        let lines = [
            try line(3, "33.33", at: .percent20),  // 99.99, VAT 16.67
            try line(1, "0.01", at: .withoutVAT),  // 0.01
            try line(2, "55.55", at: .percent10),  // 111.10, VAT 10.10
            try line(1, "10.00", at: .percent0),  // 10.00, VAT 0.00
            try line(1, "0.03", at: .percent20),  // 0.03, VAT 0.01
        ]
        let totals = try LineTotals(lines: lines)
        #expect(totals.byRate.map(\.vatRate) == [.percent20, .percent10, .percent0, .withoutVAT])
        let twenty = try #require(totals.subtotal(at: .percent20))
        #expect(twenty.gross.description == "100.02" && twenty.vat.description == "16.68")
        #expect(twenty.net.description == "83.34")
        #expect(totals.subtotal(at: .percent10)?.vat.description == "10.10")
        #expect(totals.subtotal(at: .percent0)?.vat.description == "0.00")
        #expect(totals.subtotal(at: .withoutVAT)?.gross.description == "0.01")
        #expect(totals.subtotal(at: .percent22) == nil)
        #expect(totals.gross.description == "221.13")
        #expect(totals.vat.description == "26.78")
        #expect(totals.net.description == "194.35")
        #expect(!totals.isWithoutVAT)
    }

    @Test func totalVATIsTheSumOfRoundedLinesNotVATOfTheTotal() throws {
        // Three lines of 0.03 at 20 % included: 0.01 VAT each, 0.03 in all; VAT of 0.09 would be 0.02.
        let lines = try (0..<3).map { _ in try line(1, "0.03", at: .percent20) }
        let totals = try LineTotals(lines: lines)
        #expect(totals.vat.description == "0.03")
        #expect(VATRate.percent20.vatIncluded(in: totals.gross).description == "0.02")
    }

    @Test func withoutVATLinesStayApartFromZeroPercent() throws {
        let totals = try LineTotals(lines: [try line(1, "5.00", at: .percent0), try line(1, "7.00", at: .withoutVAT)])
        #expect(totals.byRate.count == 2)
        #expect(!totals.isWithoutVAT)
        let none = try LineTotals(lines: [try line(1, "5.00", at: .withoutVAT), try line(2, "7.00", at: .withoutVAT)])
        #expect(none.byRate == [VATSubtotal(vatRate: .withoutVAT, net: try money("19.00"), vat: .zero(), gross: try money("19.00"))])
        #expect(none.isWithoutVAT)
    }

    @Test func noLinesGiveZeroTotalsInTheGivenCurrency() throws {
        let usd = try #require(Currency(code: "USD", minorDigits: 2))
        let totals = try LineTotals(lines: [LineAmounts](), currency: usd)
        #expect(totals.gross == .zero(usd) && totals.net == .zero(usd) && totals.vat == .zero(usd))
        #expect(totals.byRate.isEmpty && totals.isWithoutVAT)
    }

    @Test func linesInAnotherCurrencyAreRefused() throws {
        let usd = try #require(Currency(code: "USD", minorDigits: 2))
        #expect(throws: ValueError.currencyMismatch("USD", "RUB")) {
            try LineTotals(lines: [try line(1, "1.00", at: .percent20)], currency: usd)
        }
    }

    @Test func totalsBeyondInt64AreRefusedNotWrapped() throws {
        let big = try LineAmounts(
            quantity: Quantity(whole: 1), price: Money(minorUnits: .max), vatRate: .withoutVAT,
            pricesIncludeVAT: true)
        let error = #expect(throws: ValueError.self) { try LineTotals(lines: [big, big]) }
        #expect(error?.description.hasSuffix("is too large") == true)
    }

    @Test func totalsAreCodableWithTheHouseCoder() throws {
        let totals = try LineTotals(lines: [try line(3, "33.33", at: .percent20), try line(1, "1.00", at: .withoutVAT)])
        let json = String(decoding: try ERPJSON.encode(totals), as: UTF8.self)
        #expect(json.contains(#""by_rate":[{"gross":"99.99","net":"83.32","vat":"16.67","vat_rate":"20"},"#))
        #expect(json.contains(#"{"gross":"1.00","net":"1.00","vat":"0.00","vat_rate":"none"}]"#))
        #expect(json.contains(#""gross":"100.99""#))
        #expect(try ERPJSON.decode(LineTotals.self, from: Array(json.utf8)) == totals)
    }
}
