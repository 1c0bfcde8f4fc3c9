import Foundation
import Testing

@testable import ERPCore

private struct ProductBody: Codable, Equatable {
    let vatRate: VATRate
    let discountPct: Percentage?

    enum CodingKeys: String, CodingKey {
        case vatRate = "vat_rate", discountPct = "discount_pct"
    }
}

private func money(_ text: String) throws -> Money { try Money(parsing: text) }
private func percent(_ text: String) throws -> Percentage { try Percentage(parsing: text) }

@Suite("VAT and percentages")
struct VATRateTests {
    @Test func vatIncludedInThreeTimes33_33At20PercentIs16_67() throws {
        let gross = try Quantity(parsing: "3") * money("33.33")
        #expect(gross == (try money("99.99")))
        #expect(VATRate.percent20.vatIncluded(in: gross) == (try money("16.67")))  // 16.665 → 16.67
    }

    @Test func vatOnTopOfThreeTimes33_33At20PercentIs20_00() throws {
        let net = try Quantity(parsing: "3") * money("33.33")
        #expect(VATRate.percent20.vatOnTop(of: net) == (try money("20.00")))  // 19.998 → 20.00
    }

    @Test(arguments: [
        // rate, amount, VAT included in it as gross, VAT on top of it as net
        (VATRate.percent10, "99.99", "9.09", "10.00"), (.percent10, "110.00", "10.00", "11.00"),
        (.percent10, "0.05", "0.00", "0.01"), (.percent20, "0.03", "0.01", "0.01"),
        (.percent20, "-0.03", "-0.01", "-0.01"), (.percent20, "120.00", "20.00", "24.00"),
        (.percent22, "122.00", "22.00", "26.84"), (.percent0, "99.99", "0.00", "0.00"),
        (.withoutVAT, "99.99", "0.00", "0.00"), (.percent20, "0.00", "0.00", "0.00"),
    ])
    func vatIsRoundedHalfUpToKopecksPerLine(rate: VATRate, amount: String, included: String, onTop: String) throws {
        #expect(rate.vatIncluded(in: try money(amount)).description == included)
        #expect(rate.vatOnTop(of: try money(amount)).description == onTop)
    }

    @Test func vatOfExtremeAmountsNeverTrapsAndNeverExceedsTheAmount() {
        for rate in VATRate.allCases {
            for units in [Int64.max, .min, .max - 1, .min + 1] {
                let amount = Money(minorUnits: units)
                #expect(rate.vatIncluded(in: amount).minorUnits.magnitude <= units.magnitude)
                #expect(rate.vatOnTop(of: amount).minorUnits.magnitude <= units.magnitude)
            }
        }
    }

    @Test(arguments: [
        ("20", Int64?(2000)), ("10", 1000), ("0", 0), ("none", nil), ("22", 2200), ("7", 700), ("5", 500),
    ])
    func ratesParseFromTheirAPIStrings(text: String, basisPoints: Int64?) throws {
        let rate = try VATRate(parsing: text)
        #expect(rate.basisPoints == basisPoints)
        #expect(rate.description == text)
        #expect(try VATRate(basisPoints: basisPoints) == rate)
    }

    @Test(arguments: ["15", "20%", "20.0", " 20", "NONE", "", "-10", "without"])
    func unknownRatesAreRefusedListingTheAcceptedOnes(text: String) {
        let error = #expect(throws: ValueError.self) { try VATRate(parsing: text) }
        #expect(error?.description.contains("expected one of 22, 20, 10, 7, 5, 0, none") == true)
    }

    @Test func zeroPercentAndWithoutVATAreDistinct() {
        #expect(VATRate.percent0 != VATRate.withoutVAT)
        #expect(VATRate.withoutVAT.isWithoutVAT && !VATRate.percent0.isWithoutVAT)
        #expect(throws: ValueError.self) { try VATRate(basisPoints: 1500) }
    }

    @Test func ratesAndPercentagesAreCodableAsStrings() throws {
        let body = ProductBody(vatRate: .withoutVAT, discountPct: try percent("12.5"))
        let json = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        #expect(json.contains(#""vat_rate":"none""#) && json.contains(#""discount_pct":"12.50""#))
        #expect(try JSONDecoder().decode(ProductBody.self, from: Data(json.utf8)) == body)
        let numbers = #"{"vat_rate": 20, "discount_pct": 5}"#
        let decoded = try JSONDecoder().decode(ProductBody.self, from: Data(numbers.utf8))
        #expect(decoded == ProductBody(vatRate: .percent20, discountPct: try percent("5")))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ProductBody.self, from: Data(#"{"vat_rate": "18"}"#.utf8))
        }
    }

    @Test(arguments: [("5", Int64(500)), ("12.5", 1250), ("12.50", 1250), ("0", 0), ("100", 10_000), ("0.01", 1)])
    func percentagesParseWithAtMostTwoDecimals(text: String, basisPoints: Int64) throws {
        #expect(try percent(text).basisPoints == basisPoints)
    }

    @Test func percentagesOutsideZeroToHundredOrTooPreciseAreRefused() {
        #expect(throws: ValueError.outOfRange(text: "100.01", range: "between 0 and 100")) { try percent("100.01") }
        #expect(throws: ValueError.outOfRange(text: "-1", range: "between 0 and 100")) { try percent("-1") }
        #expect(throws: ValueError.tooManyDecimals(text: "12.345", maximum: 2)) { try percent("12.345") }
        #expect(throws: ValueError.self) { try Percentage(basisPoints: 10_001) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Percentage].self, from: Data("[150]".utf8)) }
    }

    @Test(arguments: [
        // amount, discount %, discount (rounded half-up), amount after discount
        ("99.99", "10", "10.00", "89.99"), ("0.05", "10", "0.01", "0.04"), ("0.04", "10", "0.00", "0.04"),
        ("100.00", "12.5", "12.50", "87.50"), ("-0.05", "10", "-0.01", "-0.04"), ("33.33", "100", "33.33", "0.00"),
        ("33.33", "0", "0.00", "33.33"), ("1.00", "33.33", "0.33", "0.67"),
    ])
    func discountsRoundTheDiscountHalfUpAndKeepTheSumExact(
        amount: String, pct: String, discount: String, net: String
    ) throws {
        let gross = try money(amount), rate = try percent(pct)
        #expect(gross.portion(rate).description == discount)
        #expect(gross.discounted(by: rate).description == net)
        #expect(try gross.discounted(by: rate) + gross.portion(rate) == gross)
    }

    @Test func discountsOfExtremeAmountsNeverTrap() throws {
        for units in [Int64.max, .min] {
            let amount = Money(minorUnits: units)
            #expect(amount.discounted(by: .hundred).isZero)
            #expect(amount.discounted(by: .zero) == amount)
            #expect(amount.portion(try percent("50")).minorUnits.magnitude <= units.magnitude / 2 + 1)
        }
    }
}
