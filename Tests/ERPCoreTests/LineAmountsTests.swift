import Foundation
import Testing

@testable import ERPCore

private func money(_ text: String) throws -> Money { try Money(parsing: text) }
private func quantity(_ text: String) throws -> Quantity { try Quantity(parsing: text) }
private func percent(_ text: String) throws -> Percentage { try Percentage(parsing: text) }

/// A line from decimal texts, the way an order line arrives in JSON.
private func line(
    _ qty: String, _ price: String, less discount: String = "0", at rate: VATRate = .percent20,
    included: Bool
) throws -> LineAmounts {
    try LineAmounts(
        quantity: quantity(qty), price: money(price), discount: percent(discount), vatRate: rate,
        pricesIncludeVAT: included)
}

/// One row of the awkward-numbers table: inputs, then amount, VAT, net and gross as text.
struct LineCase: Sendable, CustomTestStringConvertible {
    let qty: String, price: String, discount: String, rate: VATRate, included: Bool
    let amount: String, vat: String, net: String, gross: String

    var testDescription: String {
        "\(qty) × \(price) − \(discount) % at \(rate) \(included ? "incl." : "excl.")"
    }

    init(_ qty: String, _ price: String, _ discount: String, _ rate: VATRate, included: Bool,
         _ amount: String, _ vat: String, _ net: String, _ gross: String) {
        (self.qty, self.price, self.discount, self.rate, self.included) = (qty, price, discount, rate, included)
        (self.amount, self.vat, self.net, self.gross) = (amount, vat, net, gross)
    }
}

@Suite("Line amounts")
struct LineAmountsTests {
    static let awkwardLines: [LineCase] = [
        // The issue's case: 3 × 33.33 = 99.99; 16.665 → 16.67 included, 19.998 → 20.00 on top.
        LineCase("3", "33.33", "0", .percent20, included: true, "99.99", "16.67", "83.32", "99.99"),
        LineCase("3", "33.33", "0", .percent20, included: false, "99.99", "20.00", "99.99", "119.99"),
        // 0.333 kg × 99.99 = 33.29667 → 33.30.
        LineCase("0.333", "99.99", "0", .percent20, included: true, "33.30", "5.55", "27.75", "33.30"),
        LineCase("0.333", "99.99", "0", .percent20, included: false, "33.30", "6.66", "33.30", "39.96"),
        // 33.33 % off: 33.29667 × 0.6667 = 22.19889 → 22.20; 99.99 × 0.6667 = 66.663 → 66.66.
        LineCase("0.333", "99.99", "33.33", .percent20, included: true, "22.20", "3.70", "18.50", "22.20"),
        LineCase("0.333", "99.99", "33.33", .percent20, included: false, "22.20", "4.44", "22.20", "26.64"),
        LineCase("3", "33.33", "33.33", .percent20, included: true, "66.66", "11.11", "55.55", "66.66"),
        LineCase("3", "33.33", "33.33", .percent20, included: false, "66.66", "13.33", "66.66", "79.99"),
        // One-kopeck lines: VAT of 0.01 rounds to nothing; of 0.03 included, 0.005 rounds up.
        LineCase("1", "0.01", "0", .percent20, included: true, "0.01", "0.00", "0.01", "0.01"),
        LineCase("1", "0.01", "0", .percent20, included: false, "0.01", "0.00", "0.01", "0.01"),
        LineCase("1", "0.03", "0", .percent20, included: true, "0.03", "0.01", "0.02", "0.03"),
        LineCase("1", "0.05", "0", .percent10, included: false, "0.05", "0.01", "0.05", "0.06"),
        // Half-up boundaries x.xx5 and just below.
        LineCase("0.5", "0.01", "0", .withoutVAT, included: false, "0.01", "0.00", "0.01", "0.01"),
        LineCase("2.5", "0.33", "0", .withoutVAT, included: true, "0.83", "0.00", "0.83", "0.83"),
        LineCase("1.5", "0.03", "0", .withoutVAT, included: false, "0.05", "0.00", "0.05", "0.05"),
        LineCase("0.001", "4.99", "0", .percent20, included: false, "0.00", "0.00", "0.00", "0.00"),
        LineCase("0.001", "5.00", "0", .percent20, included: false, "0.01", "0.00", "0.01", "0.01"),
        LineCase("1", "0.25", "0", .percent20, included: false, "0.25", "0.05", "0.25", "0.30"),
        LineCase("1", "0.35", "0", .percent10, included: false, "0.35", "0.04", "0.35", "0.39"),
        // Negative (reversing) lines round half away from zero, symmetrically.
        LineCase("-0.5", "0.01", "0", .withoutVAT, included: false, "-0.01", "0.00", "-0.01", "-0.01"),
        LineCase("-3", "33.33", "0", .percent20, included: true, "-99.99", "-16.67", "-83.32", "-99.99"),
        // Other rates; 0 % and without VAT both give zero VAT.
        LineCase("7", "12.34", "5", .percent22, included: false, "82.06", "18.05", "82.06", "100.11"),
        LineCase("10", "110.00", "0", .percent10, included: true, "1100.00", "100.00", "1000.00", "1100.00"),
        LineCase("2", "99.99", "0", .percent0, included: false, "199.98", "0.00", "199.98", "199.98"),
        LineCase("2", "99.99", "0", .withoutVAT, included: true, "199.98", "0.00", "199.98", "199.98"),
        // A full discount leaves nothing.
        LineCase("5", "1000.00", "100", .percent20, included: false, "0.00", "0.00", "0.00", "0.00"),
    ]

    @Test(arguments: awkwardLines)
    func awkwardLinesComputeToTheKopeck(_ row: LineCase) throws {
        let amounts = try line(row.qty, row.price, less: row.discount, at: row.rate, included: row.included)
        #expect(amounts.amount.description == row.amount)
        #expect(amounts.vat.description == row.vat)
        #expect(amounts.net.description == row.net)
        #expect(amounts.gross.description == row.gross)
        #expect(amounts.vatRate == row.rate)
        #expect(try amounts.net.adding(amounts.vat) == amounts.gross)
    }

    @Test func theDiscountedAmountIsRoundedOnceNotPerStep() throws {
        // 1 × 0.05 less 10 % is exactly 0.045 → 0.05. Rounding the discount on its own
        // (0.005 → 0.01) and subtracting it would give 0.04.
        let once = try line("1", "0.05", less: "10", at: .withoutVAT, included: false)
        #expect(once.amount.description == "0.05")
        #expect(try money("0.05").discounted(by: percent("10")).description == "0.04")
        // 0.333 × 99.99 less 12.5 % = 29.134586… → 29.13; per step 33.30 − 4.16 = 29.14.
        #expect(try line("0.333", "99.99", less: "12.5", included: true).amount.description == "29.13")
    }

    @Test func withoutADiscountTheAmountIsQuantityTimesPrice() throws {
        for (qty, price) in [("0.333", "99.99"), ("2.5", "0.33"), ("-1.001", "7.77"), ("1000000", "0.01")] {
            let amounts = try line(qty, price, at: .withoutVAT, included: false)
            #expect(amounts.amount == (try quantity(qty).amount(at: money(price))))
        }
    }

    @Test func hugeButRepresentableAmountsAreExact() throws {
        // Int64 minor units: 92 233 720 368 547 758.07 is the largest amount there is.
        let largest = Money(minorUnits: .max)
        let amounts = try LineAmounts(
            quantity: Quantity(whole: 1), price: largest, vatRate: .percent20, pricesIncludeVAT: true)
        #expect(amounts.gross == largest)
        #expect(try amounts.net.adding(amounts.vat) == largest)
        // A price × quantity whose exact product is far beyond Int64 but whose discount brings it back.
        let halved = try LineAmounts(
            quantity: Quantity(whole: 2), price: largest, discount: percent("50"), vatRate: .withoutVAT,
            pricesIncludeVAT: false)
        #expect(halved.amount == largest)
    }

    @Test func amountsBeyondInt64AreRefusedWithAClearError() throws {
        let error = #expect(throws: ValueError.self) {
            try line("1000000", "99999999999999.99", included: false)
        }
        #expect(error == .overflow(operation: "1000000.000 × 99999999999999.99"))
        #expect(error?.description == "the result of 1000000.000 × 99999999999999.99 is too large")
        // The largest quantity at the largest price, even less a discount: exact in the
        // intermediate, refused at the end rather than wrapped around.
        let extreme = #expect(throws: ValueError.self) {
            try LineAmounts(
                quantity: Quantity(thousandths: .max), price: Money(minorUnits: .max),
                discount: percent("33.33"), vatRate: .percent20, pricesIncludeVAT: false)
        }
        #expect(extreme?.description.contains("less 33.33 %") == true)
        #expect(throws: ValueError.self) {
            try LineAmounts(
                quantity: Quantity(thousandths: .min), price: Money(minorUnits: .max),
                vatRate: .percent20, pricesIncludeVAT: true)
        }
    }

    @Test func vatOnTopThatPushesTheGrossBeyondInt64IsRefused() {
        let error = #expect(throws: ValueError.self) {
            try LineAmounts(
                quantity: Quantity(whole: 1), price: Money(minorUnits: .max), vatRate: .percent20,
                pricesIncludeVAT: false)
        }
        #expect(error?.description.hasSuffix("is too large") == true)
    }

    @Test func theAmountKeepsThePriceCurrency() throws {
        let usd = try #require(Currency(code: "USD", minorDigits: 2))
        let amounts = try LineAmounts(
            quantity: quantity("1.5"), price: Money(minorUnits: 1001, currency: usd), vatRate: .percent10,
            pricesIncludeVAT: false)
        #expect(amounts.amount == Money(minorUnits: 1502, currency: usd))
        #expect(amounts.gross.currency == usd && amounts.vat.currency == usd)
    }

    @Test func amountsAreCodableWithTheHouseCoder() throws {
        let amounts = try line("3", "33.33", included: true)
        let json = String(decoding: try ERPJSON.encode(amounts), as: UTF8.self)
        #expect(json == #"{"amount":"99.99","gross":"99.99","net":"83.32","vat":"16.67","vat_rate":"20"}"#)
        #expect(try ERPJSON.decode(LineAmounts.self, from: Array(json.utf8)) == amounts)
    }
}
