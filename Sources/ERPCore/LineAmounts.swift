// The arithmetic of one document line — sales order lines and closing document lines alike:
// quantity × unit price less a discount, then VAT on top of it or contained in it.
//
// docs/architecture.md: "document lines compute VAT per line rounded half-up to kopecks; totals are sums of
// lines". The line's amount is rounded once, from the exact product qty × price × (1 − discount),
// never per step (rounding qty × price first and the discount second can be a kopeck off).
// Everything is integer arithmetic on 128-bit intermediates; no Double, no Decimal.

/// The amounts split by VAT: what a line, a per-rate subtotal and a document total all have.
///
/// `net + vat == gross` holds for every conforming value built by this module.
package protocol VATAmounts {
    /// The VAT rate the amounts were computed at.
    var vatRate: VATRate { get }
    /// The amount without VAT.
    var net: Money { get }
    /// The VAT (zero for 0 % and "without VAT").
    var vat: Money { get }
    /// The amount with VAT: `net + vat`.
    var gross: Money { get }
}

/// One line's amounts: qty × price less the discount, rounded half-up to minor units once, and
/// its VAT, net and gross.
///
/// For prices including VAT the rounded amount is the gross and VAT = amount × rate / (100 + rate);
/// for prices excluding VAT it is the net and VAT = amount × rate / 100; VAT is rounded half-up to
/// minor units, and the other side is the exact sum or difference. 3 × 33.33 at 20 % is
/// 99.99 gross with 16.67 VAT (included) or 99.99 net with 20.00 VAT (on top).
package struct LineAmounts: VATAmounts, Codable, Sendable, Equatable {
    /// The line's amount in the terms of its price: the gross when prices include VAT, else the net.
    package let amount: Money
    /// The VAT rate of the line.
    package let vatRate: VATRate
    /// The amount without VAT.
    package let net: Money
    /// The VAT, rounded half-up to minor units.
    package let vat: Money
    /// The amount with VAT.
    package let gross: Money

    /// Computes a line.
    /// - Parameters:
    ///   - quantity: How much, in thousandths of the unit (may be negative for reversing lines).
    ///   - price: The unit price, in the currency of every resulting amount.
    ///   - discount: The discount, 0–100 % with at most 2 decimals.
    ///   - vatRate: The line's VAT rate.
    ///   - pricesIncludeVAT: Whether `price` already contains VAT.
    /// - Throws: `ValueError.overflow` when an amount does not fit in Int64 minor units.
    package init(
        quantity: Quantity, price: Money, discount: Percentage = .zero, vatRate: VATRate,
        pricesIncludeVAT: Bool
    ) throws(ValueError) {
        let amount = try Self.discountedAmount(quantity: quantity, price: price, discount: discount)
        self.amount = amount
        self.vatRate = vatRate
        if pricesIncludeVAT {
            // |VAT| ≤ |gross| and both have the gross's sign, so the net cannot overflow.
            vat = vatRate.vatIncluded(in: amount)
            gross = amount
            net = try amount.subtracting(vat)
        } else {
            vat = vatRate.vatOnTop(of: amount)
            net = amount
            gross = try amount.adding(vat)
        }
    }

    /// `quantity × price × (10 000 − discount bp) / 10 000`, rounded half-up to minor units once.
    ///
    /// The exact value is `thousandths × minorUnits × (10 000 − bp) / 10⁷`. The product of all
    /// three factors can exceed Int128, so the first product (exact in 128 bits) is split into
    /// whole units of 10⁷ and a remainder: `A = q·10⁷ + r` gives `A·k/10⁷ = q·k + r·k/10⁷`, where
    /// `q·k` and `r·k` fit in Int128 and share A's sign, so rounding only `r·k/10⁷` rounds the
    /// whole half away from zero. Zero discount gives exactly `Quantity.amount(at:)`.
    /// - Throws: `ValueError.overflow` naming the line when the amount exceeds Int64 minor units.
    package static func discountedAmount(
        quantity: Quantity, price: Money, discount: Percentage
    ) throws(ValueError) -> Money {
        let divisor = Int128(Quantity.thousandthsPerUnit) * 10_000
        let kept = Int128(10_000 - discount.basisPoints)
        let exact = Int128(quantity.thousandths) * Int128(price.minorUnits)
        let (whole, remainder) = exact.quotientAndRemainder(dividingBy: divisor)
        let rounded = whole * kept + DecimalText.divideRoundingHalfUp(remainder * kept, by: divisor)
        let operation = "\(quantity) × \(price)" + (discount.basisPoints == 0 ? "" : " less \(discount) %")
        return Money(minorUnits: try DecimalText.narrow(rounded, operation: operation), currency: price.currency)
    }
}
