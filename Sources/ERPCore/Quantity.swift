// Quantity: an exact count of thousandths of a unit of measure. Never a floating-point number.

/// An exact quantity of goods: Int64 thousandths (3 decimal places).
///
/// Text and JSON form is the canonical decimal string `"2.500"` (always 3 decimals, `-` for
/// negatives). JSON input may be a string or a number. Arithmetic is overflow-checked and throws.
/// Whether fractions are allowed depends on the unit (pcs: no, kg: yes): see
/// `requireWhole(unless:unit:)`.
package struct Quantity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    LosslessStringConvertible
{
    /// Decimal places of a quantity.
    package static let scale = 3
    /// Thousandths in one whole unit.
    package static let thousandthsPerUnit: Int64 = 1000

    /// The quantity in thousandths: `"2.500"` is 2500.
    package let thousandths: Int64

    /// Wraps an exact count of thousandths.
    package init(thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// A quantity of `count` whole units (5 pcs).
    /// - Throws: `ValueError.overflow` beyond Int64 thousandths.
    package init(whole count: Int64) throws(ValueError) {
        let (units, overflow) = count.multipliedReportingOverflow(by: Self.thousandthsPerUnit)
        guard !overflow else { throw .overflow(operation: "\(count) whole units") }
        self.init(thousandths: units)
    }

    /// Zero.
    package static let zero = Quantity(thousandths: 0)

    /// Parses a decimal quantity: `"2.5"`, `"2.500"`, `"3"`, `"-0.001"`.
    ///
    /// Same grammar as `Money(parsing:)` (see `DecimalText.parse`) with 3 decimals.
    /// - Throws: `ValueError.malformed`, `.tooManyDecimals` (maximum 3), `.outOfRange`.
    package init(parsing text: some StringProtocol) throws(ValueError) {
        let units = try DecimalText.parse(text, scale: Self.scale, expected: "a quantity like 2.500")
        self.init(thousandths: units)
    }

    /// Parses like `init(parsing:)`; nil on any error.
    package init?(_ description: String) {
        guard let quantity = try? Quantity(parsing: description) else { return nil }
        self = quantity
    }

    /// The canonical decimal text, e.g. `"2.500"`, `"-0.001"`, `"0.000"`.
    package var description: String { DecimalText.format(thousandths, scale: Self.scale) }

    /// True when the quantity has no fractional part (`"3.000"`, but not `"2.500"`).
    package var isWhole: Bool { thousandths % Self.thousandthsPerUnit == 0 }
    /// True when the quantity is above zero — what every document line requires.
    package var isPositive: Bool { thousandths > 0 }
    /// True when the quantity is below zero.
    package var isNegative: Bool { thousandths < 0 }
    /// True when the quantity is exactly zero.
    package var isZero: Bool { thousandths == 0 }

    /// Checks a quantity against its unit: units that count pieces reject fractions.
    /// - Parameters:
    ///   - fractionsAllowed: Whether the unit may be split (kg: true, pcs: false).
    ///   - unit: The unit's name for the message, e.g. `"pcs"`.
    /// - Throws: `ValueError.fractionNotAllowed` when fractions are not allowed and it is not whole.
    package func requireWhole(unless fractionsAllowed: Bool, unit: String) throws(ValueError) {
        guard fractionsAllowed || isWhole else {
            throw .fractionNotAllowed(quantity: description, unit: unit)
        }
    }

    /// Orders by amount.
    package static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.thousandths < rhs.thousandths }

}

// MARK: - Overflow-checked arithmetic

extension Quantity {
    /// The sum of two quantities.
    /// - Throws: `ValueError.overflow`.
    package func adding(_ other: Quantity) throws(ValueError) -> Quantity {
        let (sum, overflow) = thousandths.addingReportingOverflow(other.thousandths)
        guard !overflow else { throw .overflow(operation: "\(self) + \(other)") }
        return Quantity(thousandths: sum)
    }

    /// The difference of two quantities.
    /// - Throws: `ValueError.overflow`.
    package func subtracting(_ other: Quantity) throws(ValueError) -> Quantity {
        let (difference, overflow) = thousandths.subtractingReportingOverflow(other.thousandths)
        guard !overflow else { throw .overflow(operation: "\(self) - \(other)") }
        return Quantity(thousandths: difference)
    }

    /// The quantity with the opposite sign (an outgoing stock move of a line).
    /// - Throws: `ValueError.overflow` for Int64.min thousandths, which has no opposite.
    package func negated() throws(ValueError) -> Quantity {
        let (negative, overflow) = Int64(0).subtractingReportingOverflow(thousandths)
        guard !overflow else { throw .overflow(operation: "-(\(self))") }
        return Quantity(thousandths: negative)
    }

    /// The quantity times a whole number (3 boxes of 2.500 kg).
    /// - Throws: `ValueError.overflow`.
    package func multiplied(by factor: Int64) throws(ValueError) -> Quantity {
        let (product, overflow) = thousandths.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow(operation: "\(self) × \(factor)") }
        return Quantity(thousandths: product)
    }

    /// The amount for this quantity at a unit price: `qty × price`, rounded half-up (away from
    /// zero at exactly half a minor unit) to the price's minor units. 2.5 × 0.33 = 0.825 → 0.83.
    /// - Throws: `ValueError.overflow` when the amount does not fit in Int64 minor units.
    package func amount(at price: Money) throws(ValueError) -> Money {
        // thousandths × minor units is exact in 128 bits; one division by 1000 rounds once.
        let exact = Int128(thousandths) * Int128(price.minorUnits)
        let rounded = DecimalText.divideRoundingHalfUp(exact, by: Int128(Self.thousandthsPerUnit))
        let units = try DecimalText.narrow(rounded, operation: "\(self) × \(price)")
        return Money(minorUnits: units, currency: price.currency)
    }

    /// `try a + b`: same as `a.adding(b)`.
    /// - Throws: `ValueError.overflow`.
    package static func + (lhs: Quantity, rhs: Quantity) throws(ValueError) -> Quantity {
        try lhs.adding(rhs)
    }

    /// `try a - b`: same as `a.subtracting(b)`.
    /// - Throws: `ValueError.overflow`.
    package static func - (lhs: Quantity, rhs: Quantity) throws(ValueError) -> Quantity {
        try lhs.subtracting(rhs)
    }

    /// `try -a`: same as `a.negated()`.
    /// - Throws: `ValueError.overflow`.
    package static prefix func - (operand: Quantity) throws(ValueError) -> Quantity {
        try operand.negated()
    }

    /// `try qty * price`: same as `qty.amount(at: price)`, rounded half-up.
    /// - Throws: `ValueError.overflow`.
    package static func * (lhs: Quantity, rhs: Money) throws(ValueError) -> Money {
        try lhs.amount(at: rhs)
    }

    /// The sum of `quantities`, zero when empty.
    /// - Throws: `ValueError.overflow`.
    package static func sum(_ quantities: some Sequence<Quantity>) throws(ValueError) -> Quantity {
        var total = Quantity.zero
        for quantity in quantities { total = try total.adding(quantity) }
        return total
    }
}

extension Quantity: DecimalTextCodable {
    /// JSON carries the canonical decimal text; numbers are accepted on input.
    package static func decoded(fromText text: String) throws(ValueError) -> Quantity { try Quantity(parsing: text) }
}
