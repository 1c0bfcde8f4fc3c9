import Foundation
import Testing
import TestSupport

@testable import ERPCore

private struct LineBody: Codable, Equatable {
    let qty: Quantity
}

private func quantity(_ text: String) throws -> Quantity { try Quantity(parsing: text) }
private func money(_ text: String) throws -> Money { try Money(parsing: text) }

@Suite("Quantity")
struct QuantityTests {
    @Test func formatThenParseIsTheIdentityOverGeneratedValues() throws {
        for thousandths in SplitMix64.sampleInt64s(seed: 0x5EED_0002) {
            let value = Quantity(thousandths: thousandths)
            #expect(try Quantity(parsing: value.description) == value, "\(thousandths)")
        }
    }

    @Test(arguments: [
        ("2.5", "2.500"), ("2.500", "2.500"), ("3", "3.000"), ("-0.001", "-0.001"), ("0", "0.000"),
        ("-0", "0.000"), ("1.2500", "1.250"), ("9223372036854775.807", "9223372036854775.807"),
        ("-9223372036854775.808", "-9223372036854775.808"),
    ])
    func parsingThenFormattingCanonicalisesToThreeDecimals(input: String, canonical: String) throws {
        #expect(try quantity(input).description == canonical)
    }

    @Test func parsingRejectsMoreThanThreeDecimalsNamingTheLimit() {
        let error = #expect(throws: ValueError.self) { try quantity("1.2345") }
        #expect(error == .tooManyDecimals(text: "1.2345", maximum: 3))
        #expect(error?.description.contains("at most 3 decimal places") == true)
    }

    @Test(arguments: ["", "2,5", "abc", "1e3", "+1", ".5", "5.", " 2", "2 "])
    func parsingRejectsMalformedText(input: String) {
        #expect(throws: ValueError.malformed(text: input, expected: "a quantity like 2.500")) {
            try quantity(input)
        }
    }

    @Test func parsingRejectsValuesBeyondInt64Thousandths() {
        #expect(throws: ValueError.self) { try quantity("9223372036854775.808") }
        #expect(throws: ValueError.self) { try quantity("-9223372036854775.809") }
    }

    @Test func wholeUnitsAndFractionsAreToldApart() throws {
        #expect(try quantity("3").isWhole)
        #expect(try quantity("-3.000").isWhole)
        #expect(try !quantity("2.5").isWhole)
        #expect(try !quantity("0.001").isWhole)
        #expect(try Quantity(whole: 5) == quantity("5"))
        #expect(throws: ValueError.self) { try Quantity(whole: .max / 100) }
    }

    @Test func unitsThatCountPiecesRejectFractions() throws {
        #expect(throws: ValueError.fractionNotAllowed(quantity: "2.500", unit: "pcs")) {
            try quantity("2.5").requireWhole(unless: false, unit: "pcs")
        }
        try quantity("2.5").requireWhole(unless: true, unit: "kg")
        try quantity("2").requireWhole(unless: false, unit: "pcs")
        #expect(ValueError.fractionNotAllowed(quantity: "2.500", unit: "pcs").description
            == "2.500 is not a whole number: pcs cannot be split")
    }

    @Test func arithmeticIsExactAndOverflowChecked() throws {
        #expect(try quantity("0.1") + quantity("0.2") == quantity("0.3"))
        #expect(try quantity("1") - quantity("1.001") == quantity("-0.001"))
        #expect(try quantity("2.5").multiplied(by: 3) == quantity("7.5"))
        #expect(try -quantity("2.5") == quantity("-2.5"))
        #expect(try Quantity.sum([quantity("1.5"), quantity("2.5")]) == quantity("4"))
        let max = Quantity(thousandths: .max), min = Quantity(thousandths: .min)
        #expect(throws: ValueError.self) { try max + Quantity(thousandths: 1) }
        #expect(throws: ValueError.self) { try min - Quantity(thousandths: 1) }
        #expect(throws: ValueError.self) { try -min }
        #expect(throws: ValueError.self) { try max.multiplied(by: 2) }
    }

    @Test(arguments: [
        // qty, price, amount: the exact product rounded half-up (away from zero) to kopecks.
        ("1", "0.01", "0.01"), ("0.5", "0.01", "0.01"), ("0.4", "0.01", "0.00"), ("-0.5", "0.01", "-0.01"),
        ("0.5", "-0.01", "-0.01"), ("-0.4", "0.01", "0.00"), ("2.5", "0.33", "0.83"), ("-2.5", "0.33", "-0.83"),
        ("3", "33.33", "99.99"), ("0.001", "5.00", "0.01"), ("0.001", "4.99", "0.00"), ("0.333", "3.00", "1.00"),
        ("1.5", "0.03", "0.05"), ("0.499", "0.01", "0.00"), ("1.234", "567.89", "700.78"), ("0", "99.99", "0.00"),
    ])
    func quantityTimesPriceRoundsHalfUpToKopecks(qty: String, price: String, amount: String) throws {
        #expect(try (quantity(qty) * money(price)).description == amount)
        #expect(try quantity(qty).amount(at: money(price)).description == amount)
    }

    @Test(arguments: [
        (Int128(5), Int128(10), Int128(1)), (4, 10, 0), (-5, 10, -1), (-4, 10, 0), (15, 10, 2), (25, 10, 3),
        (-25, 10, -3), (6, 10, 1), (-6, 10, -1), (0, 10, 0), (999, 1000, 1), (499, 1000, 0), (500, 1000, 1),
    ])
    func divisionRoundsHalfAwayFromZero(dividend: Int128, divisor: Int128, expected: Int128) {
        #expect(DecimalText.divideRoundingHalfUp(dividend, by: divisor) == expected)
    }

    @Test func hugeQuantityTimesPriceIsAnOverflowErrorButLargeProductsStayExact() throws {
        let huge = Quantity(thousandths: .max)
        #expect(throws: ValueError.self) { try huge * money("20.00") }
        #expect(throws: ValueError.self) { try Quantity(thousandths: .min) * money("-100000.00") }
        // Int64.max thousandths × 1 kopeck overflows 64 bits in the middle, not in the result.
        #expect(try (huge * money("0.01")).minorUnits == 9_223_372_036_854_776)
        #expect(try (huge * money("1.00")).minorUnits == Int64.max / 10 + 1)
    }

    @Test func encodesAsAThreeDecimalString() throws {
        let body = LineBody(qty: try quantity("2.5"))
        #expect(String(decoding: try JSONEncoder().encode(body), as: UTF8.self) == #"{"qty":"2.500"}"#)
    }

    @Test(arguments: [
        ("\"2.5\"", Int64(2500)), ("2.5", 2500), ("0.001", 1), ("3", 3000), ("-1.25", -1250), ("1E1", 10_000),
    ])
    func decodesExactlyFromStringsAndNumbers(json: String, thousandths: Int64) throws {
        let body = try JSONDecoder().decode(LineBody.self, from: Data("{\"qty\": \(json)}".utf8))
        #expect(body.qty.thousandths == thousandths)
    }

    @Test(arguments: ["0.0001", "\"2.5 kg\"", "false", "{}"])
    func decodingRejectsInvalidQuantities(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LineBody.self, from: Data("{\"qty\": \(json)}".utf8))
        }
    }

    @Test func quantitiesOrderByValue() throws {
        let sorted = try ["1", "-1", "0.5", "0.001"].map(quantity).sorted()
        #expect(sorted.map(\.description) == ["-1.000", "0.001", "0.500", "1.000"])
        #expect(try quantity("0.001").isPositive && quantity("-0.001").isNegative && Quantity.zero.isZero)
    }
}
