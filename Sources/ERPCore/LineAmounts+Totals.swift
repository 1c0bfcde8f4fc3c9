// Totals of a set of document lines, overall and broken down by VAT rate.
//
// docs/architecture.md: "totals are sums of lines" — the VAT of a document is the sum of its lines' rounded
// VAT, never VAT recomputed on the total. "Without VAT" lines are their own group, apart from 0 %:
// the forms print them as "Без НДС", not as "0 %".

/// The sums of the lines at one VAT rate: one row of a document's VAT breakdown.
package struct VATSubtotal: VATAmounts, Codable, Sendable, Equatable {
    /// The rate every summed line has.
    package let vatRate: VATRate
    /// The sum of the lines' amounts without VAT.
    package let net: Money
    /// The sum of the lines' VAT.
    package let vat: Money
    /// The sum of the lines' amounts with VAT.
    package let gross: Money
}

/// A document's totals: the sums of its lines, and the same sums per VAT rate.
///
/// JSON: `{"net", "vat", "gross", "by_rate": [{"vat_rate", "net", "vat", "gross"}]}`; `by_rate`
/// lists only rates that occur, highest first and "without VAT" last (`VATRate.allCases` order).
package struct LineTotals: Codable, Sendable, Equatable {
    /// The sum of every line's amount without VAT.
    package let net: Money
    /// The sum of every line's VAT.
    package let vat: Money
    /// The sum of every line's amount with VAT: what the buyer pays.
    package let gross: Money
    /// One subtotal per VAT rate that occurs in the lines.
    package let byRate: [VATSubtotal]

    /// Sums `lines` overall and per rate; zero totals and no rates when there are no lines.
    /// - Parameters:
    ///   - lines: The lines, each with its amounts already rounded.
    ///   - currency: The currency of every amount (and of the zero totals of no lines).
    /// - Throws: `ValueError.currencyMismatch` if a line is in another currency, `.overflow`.
    package init<Line: VATAmounts>(
        lines: some Sequence<Line>, currency: Currency = .default
    ) throws(ValueError) {
        let zero = Money.zero(currency)
        var sums: [VATRate: (net: Money, vat: Money, gross: Money)] = [:]
        var net = zero, vat = zero, gross = zero
        for line in lines {
            var sum = sums[line.vatRate] ?? (zero, zero, zero)
            sum.net = try sum.net.adding(line.net)
            sum.vat = try sum.vat.adding(line.vat)
            sum.gross = try sum.gross.adding(line.gross)
            sums[line.vatRate] = sum
            net = try net.adding(line.net)
            vat = try vat.adding(line.vat)
            gross = try gross.adding(line.gross)
        }
        self.net = net
        self.vat = vat
        self.gross = gross
        self.byRate = VATRate.allCases.compactMap { rate in
            sums[rate].map { VATSubtotal(vatRate: rate, net: $0.net, vat: $0.vat, gross: $0.gross) }
        }
    }

    /// The subtotal of the lines at `rate`, or nil when no line has it.
    package func subtotal(at rate: VATRate) -> VATSubtotal? {
        byRate.first { $0.vatRate == rate }
    }

    /// True when no line carries VAT at a rate — every line is "without VAT" (or there are none):
    /// the forms then print "Без НДС" instead of a VAT amount.
    package var isWithoutVAT: Bool {
        byRate.allSatisfy(\.vatRate.isWithoutVAT)
    }
}
