// VAT rates and percentages: exact basis points (1 bp = 0.01 %), never floating point.
// Document lines compute VAT per line rounded half-up to kopecks; totals are sums of lines.

/// A product's VAT rate: a percentage in basis points, or "without VAT".
///
/// JSON and text forms are the API's strings: `"20"`, `"10"`, `"0"`, `"none"`, and also `"22"`
/// (the standard rate from 2026), `"7"` and `"5"` (simplified-tax payers) are accepted; any other text is refused. 0 % and "without VAT" both compute zero VAT but differ
/// on closing documents ("0 %" versus "Без НДС"), so they are distinct values.
package struct VATRate: Sendable, Hashable, Codable, CustomStringConvertible, CaseIterable {
    /// The rate in basis points (2000 = 20 %), or nil for "without VAT".
    package let basisPoints: Int64?

    /// 22 %: the standard rate from 1 January 2026.
    package static let percent22 = VATRate(checked: 2200)
    /// 20 %: the standard rate before 2026.
    package static let percent20 = VATRate(checked: 2000)
    /// 10 %: the reduced rate (some food, children's goods, medicines).
    package static let percent10 = VATRate(checked: 1000)
    /// 7 %: simplified-tax payers' reduced rate.
    package static let percent7 = VATRate(checked: 700)
    /// 5 %: simplified-tax payers' reduced rate.
    package static let percent5 = VATRate(checked: 500)
    /// 0 %: zero-rated (exports); VAT is shown as 0.
    package static let percent0 = VATRate(checked: 0)
    /// Without VAT ("Без НДС"): the seller is not a VAT payer or the sale is exempt.
    package static let withoutVAT = VATRate(checked: nil)

    /// Every accepted rate, highest first, "without VAT" last.
    package static let allCases: [VATRate] = [
        .percent22, .percent20, .percent10, .percent7, .percent5, .percent0, .withoutVAT,
    ]

    private init(checked basisPoints: Int64?) {
        self.basisPoints = basisPoints
    }

    /// Restores a rate stored as basis points (SQL `NULL` = without VAT).
    /// - Throws: `ValueError.outOfRange` for a rate that is not one of `allCases`.
    package init(basisPoints: Int64?) throws(ValueError) {
        guard let rate = Self.allCases.first(where: { $0.basisPoints == basisPoints }) else {
            throw .outOfRange(text: basisPoints.map { "\($0) bp" } ?? "NULL", range: Self.expected)
        }
        self = rate
    }

    /// Parses the API form: `"20"`, `"10"`, `"0"`, `"none"` (and `"22"`, `"7"`, `"5"`).
    /// - Throws: `ValueError.malformed` naming the accepted values.
    package init(parsing text: some StringProtocol) throws(ValueError) {
        guard let rate = Self.allCases.first(where: { $0.description == text }) else {
            throw .malformed(text: String(text), expected: Self.expected)
        }
        self = rate
    }

    /// The API form: `"20"` or `"none"`.
    package var description: String {
        guard let basisPoints else { return "none" }
        return String(basisPoints / 100)
    }

    /// True for "without VAT".
    package var isWithoutVAT: Bool { basisPoints == nil }

    private static var expected: String {
        "one of " + allCases.map(\.description).joined(separator: ", ")
    }

    /// The VAT contained in a gross (VAT-inclusive) amount: gross × rate / (100 + rate),
    /// rounded half-up to minor units. 99.99 at 20 % → 16.67. Zero for 0 % and without VAT.
    package func vatIncluded(in gross: Money) -> Money {
        guard let basisPoints, basisPoints > 0 else { return .zero(gross.currency) }
        let exact = Int128(gross.minorUnits) * Int128(basisPoints)
        let vat = DecimalText.divideRoundingHalfUp(exact, by: Int128(10_000 + basisPoints))
        // |vat| ≤ |gross| because rate / (100 + rate) < 1, so it fits in Int64.
        return Money(minorUnits: Int64(truncatingIfNeeded: vat), currency: gross.currency)
    }

    /// The VAT charged on top of a net amount: net × rate / 100, rounded half-up to minor units.
    /// 99.99 at 20 % → 20.00. Zero for 0 % and without VAT.
    package func vatOnTop(of net: Money) -> Money {
        guard let basisPoints, basisPoints > 0 else { return .zero(net.currency) }
        return Money(
            minorUnits: Percentage.portion(net.minorUnits, basisPoints: basisPoints),
            currency: net.currency)
    }

    /// Decodes from the strings `"20"`, `"10"`, `"0"`, `"none"` (a JSON number `20` is read as `"20"`).
    /// - Throws: `DecodingError.dataCorrupted` naming the accepted values, or `.typeMismatch`.
    package init(from decoder: any Decoder) throws {
        let text = try DecimalText.decodeText(from: decoder)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecimalText.corrupted(error, in: decoder)
        }
    }

    /// Encodes as its API string.
    /// - Throws: whatever the encoder throws.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A percentage from 0 to 100 with at most 2 decimals, e.g. an order line's `discount_pct`.
///
/// Stored as basis points (`"12.5"` is 1250). Text and JSON form is `"12.50"`; JSON numbers are
/// accepted on input.
package struct Percentage: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The percentage in basis points, 0 through 10 000.
    package let basisPoints: Int64

    /// 0 %.
    package static let zero = Percentage(checked: 0)
    /// 100 %.
    package static let hundred = Percentage(checked: 10_000)

    private init(checked basisPoints: Int64) {
        self.basisPoints = basisPoints
    }

    /// Wraps basis points.
    /// - Throws: `ValueError.outOfRange` outside 0...10 000.
    package init(basisPoints: Int64) throws(ValueError) {
        guard (0...10_000).contains(basisPoints) else {
            throw .outOfRange(text: "\(basisPoints) bp", range: "between 0 and 100")
        }
        self.init(checked: basisPoints)
    }

    /// Parses `"5"`, `"12.5"`, `"12.50"`, `"100"`.
    /// - Throws: `ValueError.malformed`, `.tooManyDecimals` (maximum 2), `.outOfRange` outside 0–100.
    package init(parsing text: some StringProtocol) throws(ValueError) {
        let units = try DecimalText.parse(text, scale: 2, expected: "a percentage like 12.50")
        guard (0...10_000).contains(units) else {
            throw .outOfRange(text: String(text), range: "between 0 and 100")
        }
        self.init(checked: units)
    }

    /// The canonical text, `"12.50"`.
    package var description: String { DecimalText.format(basisPoints, scale: 2) }

    /// Orders by size.
    package static func < (lhs: Percentage, rhs: Percentage) -> Bool { lhs.basisPoints < rhs.basisPoints }

    /// `units × basisPoints / 10 000` rounded half-up; never larger than `units` in magnitude
    /// while `basisPoints ≤ 10 000`, so it cannot overflow.
    package static func portion(_ units: Int64, basisPoints: Int64) -> Int64 {
        let exact = Int128(units) * Int128(basisPoints)
        return Int64(truncatingIfNeeded: DecimalText.divideRoundingHalfUp(exact, by: 10_000))
    }

}

extension Money {
    /// This share of the amount, rounded half-up to minor units: 10 % of 0.05 is 0.01.
    package func portion(_ percentage: Percentage) -> Money {
        Money(
            minorUnits: Percentage.portion(minorUnits, basisPoints: percentage.basisPoints),
            currency: currency)
    }

    /// The amount less a discount: `self − portion(discount)`. The discount is what is rounded,
    /// so amount = discounted amount + discount holds exactly. Cannot overflow (0–100 %).
    package func discounted(by discount: Percentage) -> Money {
        Money(minorUnits: minorUnits - portion(discount).minorUnits, currency: currency)
    }
}

extension Percentage: DecimalTextCodable {
    /// JSON carries the canonical decimal text; numbers are accepted on input.
    package static func decoded(fromText text: String) throws(ValueError) -> Percentage { try Percentage(parsing: text) }
}
