// Money: an exact count of minor units (kopecks) in one currency. Never a floating-point number.

/// An ISO 4217 currency and how many decimal places its minor unit has.
package struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three-letter ISO 4217 code, e.g. `"RUB"`.
    package let code: String
    /// Decimal places of the minor unit: 2 for RUB (kopecks), 0 for JPY.
    package let minorDigits: Int

    /// Russian rouble, 2 decimal places — the install's currency unless configured otherwise.
    package static let rub = Currency(validCode: "RUB", minorDigits: 2)
    /// The currency amounts decode into when the JSON names none (one currency per install).
    package static let `default` = rub

    /// Makes a currency, or nil unless `code` is three ASCII capital letters and `minorDigits`
    /// is 0 through 4.
    package init?(code: String, minorDigits: Int) {
        let isCode = code.utf8.count == 3 && code.utf8.allSatisfy { (65...90).contains($0) }
        guard isCode, (0...4).contains(minorDigits) else { return nil }
        self.init(validCode: code, minorDigits: minorDigits)
    }

    private init(validCode: String, minorDigits: Int) {
        self.code = validCode
        self.minorDigits = minorDigits
    }

    /// The ISO code.
    package var description: String { code }
}

/// An exact amount of money: Int64 minor units plus a currency.
///
/// Text and JSON form is the canonical decimal string, `"1234.50"`: `-` for negatives, no
/// grouping, always exactly `currency.minorDigits` decimals. JSON input may be a string or a
/// number (`0.1` decodes as exactly ten kopecks). Arithmetic is overflow-checked and throws
/// instead of trapping: `try a + b`, `try price * 3`, or `try a.adding(b)`.
///
/// Ordering sorts by currency code first, then amount, so it is total and agrees with `==`;
/// comparing amounts of different currencies is meaningful only within one currency.
package struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    LosslessStringConvertible
{
    /// The amount in minor units (kopecks for RUB): `"1234.50"` is 123450.
    package let minorUnits: Int64
    /// The currency of the amount.
    package let currency: Currency

    /// Wraps an exact count of minor units.
    package init(minorUnits: Int64, currency: Currency = .default) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// The largest amount one entered figure may carry (a payment, a deal's amount): 10 trillion
    /// roubles. Far beyond any real one, and small enough that 9,000 of them still sum in Int64
    /// in the reports.
    package static let largestEntered = Money(minorUnits: 1_000_000_000_000_000)

    /// Zero in the given currency.
    package static func zero(_ currency: Currency = .default) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// Parses a decimal amount: `"1234.50"`, `"1234.5"`, `"1234"`, `"-0.01"`.
    ///
    /// The grammar is `DecimalText.parse`'s: no `+`, spaces, commas, exponents, `".5"` or `"5."`;
    /// zeros past the currency's decimals are accepted (`"1.500"`), other digits are not.
    /// - Throws: `ValueError.malformed`, `.tooManyDecimals` (maximum = the currency's minor
    ///   digits), `.outOfRange` beyond Int64 minor units.
    package init(parsing text: some StringProtocol, currency: Currency = .default) throws(ValueError) {
        let units = try DecimalText.parse(
            text, scale: currency.minorDigits, expected: "an amount like 1234.50")
        self.init(minorUnits: units, currency: currency)
    }

    /// Parses like `init(parsing:)` in the default currency; nil on any error.
    package init?(_ description: String) {
        guard let money = try? Money(parsing: description) else { return nil }
        self = money
    }

    /// The canonical decimal text, e.g. `"1234.50"`, `"-0.01"`, `"0.00"`.
    package var description: String {
        DecimalText.format(minorUnits, scale: currency.minorDigits)
    }

    /// True when the amount is below zero.
    package var isNegative: Bool { minorUnits < 0 }
    /// True when the amount is exactly zero.
    package var isZero: Bool { minorUnits == 0 }

    /// Orders by currency code, then by amount.
    package static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.currency.code != rhs.currency.code
            ? lhs.currency.code < rhs.currency.code : lhs.minorUnits < rhs.minorUnits
    }

}

// MARK: - Overflow-checked arithmetic

extension Money {
    /// The sum of two amounts of one currency.
    /// - Throws: `ValueError.currencyMismatch`, `.overflow`.
    package func adding(_ other: Money) throws(ValueError) -> Money {
        try sameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow(operation: "\(self) + \(other)") }
        return Money(minorUnits: sum, currency: currency)
    }

    /// The difference of two amounts of one currency.
    /// - Throws: `ValueError.currencyMismatch`, `.overflow`.
    package func subtracting(_ other: Money) throws(ValueError) -> Money {
        try sameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow(operation: "\(self) - \(other)") }
        return Money(minorUnits: difference, currency: currency)
    }

    /// The amount with the opposite sign.
    /// - Throws: `ValueError.overflow` for the one amount with no opposite (Int64.min units).
    package func negated() throws(ValueError) -> Money {
        let (negative, overflow) = Int64(0).subtractingReportingOverflow(minorUnits)
        guard !overflow else { throw .overflow(operation: "-(\(self))") }
        return Money(minorUnits: negative, currency: currency)
    }

    /// The amount times a whole number (a price times a count of pieces).
    /// - Throws: `ValueError.overflow`.
    package func multiplied(by factor: Int64) throws(ValueError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow(operation: "\(self) × \(factor)") }
        return Money(minorUnits: product, currency: currency)
    }

    /// The sum of `amounts`, zero when empty — document totals are sums of their lines.
    /// - Throws: `ValueError.currencyMismatch` if any amount is not in `currency`, `.overflow`.
    package static func sum(
        _ amounts: some Sequence<Money>, currency: Currency = .default
    ) throws(ValueError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    /// `try a + b`: same as `a.adding(b)`.
    /// - Throws: `ValueError.currencyMismatch`, `.overflow`.
    package static func + (lhs: Money, rhs: Money) throws(ValueError) -> Money {
        try lhs.adding(rhs)
    }

    /// `try a - b`: same as `a.subtracting(b)`.
    /// - Throws: `ValueError.currencyMismatch`, `.overflow`.
    package static func - (lhs: Money, rhs: Money) throws(ValueError) -> Money {
        try lhs.subtracting(rhs)
    }

    /// `try -a`: same as `a.negated()`.
    /// - Throws: `ValueError.overflow`.
    package static prefix func - (operand: Money) throws(ValueError) -> Money {
        try operand.negated()
    }

    /// `try price * 3`: same as `price.multiplied(by: 3)`.
    /// - Throws: `ValueError.overflow`.
    package static func * (lhs: Money, rhs: Int64) throws(ValueError) -> Money {
        try lhs.multiplied(by: rhs)
    }

    /// Checks that `other` is in this amount's currency.
    /// - Throws: `ValueError.currencyMismatch`.
    package func sameCurrency(_ other: Money) throws(ValueError) {
        guard currency == other.currency else {
            throw .currencyMismatch(currency.code, other.currency.code)
        }
    }
}

extension Money: DecimalTextCodable {
    /// JSON carries the canonical decimal text; numbers are accepted on input.
    package static func decoded(fromText text: String) throws(ValueError) -> Money { try Money(parsing: text) }
}
