// A line of a УКД (универсальный корректировочный документ, the корректировочный счёт-фактура of
// Постановление № 1137): a line of the corrected UPD as it stood before (row А), as it stands after
// (row Б), and the difference split per column into an increase (row В) and a decrease (row Г).
// Both states are ordinary document lines, each rounded per line as issued (qty × price less the
// discount, half-up once, then VAT), so the difference is exactly after − before: the VAT of the
// correction is never recomputed on a difference.

import ERPCore

/// What one column grew or shrank by (row В or Г): every amount zero or positive; zero prints "—".
///
/// JSON keys: `qty`, `price`, `net`, `vat`, `gross`.
package struct CorrectionAmounts: Codable, Sendable, Equatable {
    /// The change of quantity (column 3).
    package let qty: Quantity
    /// The change of the unit price (column 4).
    package let price: Money
    /// The change of the amount without VAT (column 5).
    package let net: Money
    /// The change of VAT (column 8).
    package let vat: Money
    /// The change of the amount with VAT (column 9).
    package let gross: Money

    /// The zero change in `currency`.
    package static func zero(_ currency: Currency) -> CorrectionAmounts {
        CorrectionAmounts(qty: .zero, price: .zero(currency), net: .zero(currency), vat: .zero(currency), gross: .zero(currency))
    }

    /// The column-wise sum with `other`.
    /// - Throws: `ValueError.overflow`, `.currencyMismatch`.
    package func adding(_ other: CorrectionAmounts) throws(ValueError) -> CorrectionAmounts {
        CorrectionAmounts(qty: try qty + other.qty, price: try price.adding(other.price), net: try net.adding(other.net),
                          vat: try vat.adding(other.vat), gross: try gross.adding(other.gross))
    }
}

/// One line of a УКД: the UPD's line before and after, and the increase and decrease between them.
///
/// JSON keys: `before`, `after` (document lines; `before.position` is the line's number in the
/// corrected UPD, `after.position` its number in the УКД), `increase`, `decrease`.
package struct CorrectionLine: Codable, Sendable, Equatable {
    /// The line as the corrected UPD (with earlier corrections) has it: row А.
    package let before: DocumentLine
    /// The line as corrected: row Б.
    package let after: DocumentLine
    /// The columns that grew, by how much: row В.
    package let increase: CorrectionAmounts
    /// The columns that shrank, by how much: row Г.
    package let decrease: CorrectionAmounts

    /// The difference of two states of one line, column by column.
    /// - Throws: `ValueError.overflow` for a difference beyond Int64, `.currencyMismatch`.
    package init(before: DocumentLine, after: DocumentLine) throws(ValueError) {
        let currency = before.price.currency
        let qty = try after.qty - before.qty
        let price = try after.price - before.price, net = try after.net - before.net
        let vat = try after.vat - before.vat, gross = try after.gross - before.gross
        func up(_ money: Money) -> Money { money.isNegative ? .zero(currency) : money }
        func down(_ money: Money) throws(ValueError) -> Money { money.isNegative ? try money.negated() : .zero(currency) }
        self.before = before
        self.after = after
        increase = CorrectionAmounts(qty: qty.isNegative ? .zero : qty, price: up(price), net: up(net), vat: up(vat), gross: up(gross))
        decrease = CorrectionAmounts(qty: qty.isNegative ? try qty.negated() : .zero, price: try down(price), net: try down(net),
                                     vat: try down(vat), gross: try down(gross))
    }

    /// True when the line is the same before and after (a correction that corrects nothing).
    package var isUnchanged: Bool {
        before.qty == after.qty && before.price == after.price && before.gross == after.gross
    }
}

/// The УКД's totals: "Всего увеличение (сумма строк В)" and "Всего уменьшение (сумма строк Г)".
///
/// JSON keys: `increase`, `decrease`, `change` (increase − decrease, VAT included: what the client
/// owes more, negative when he owes less).
package struct CorrectionTotals: Codable, Sendable, Equatable {
    /// The sum of the lines' increases.
    package let increase: CorrectionAmounts
    /// The sum of the lines' decreases.
    package let decrease: CorrectionAmounts
    /// `increase.gross − decrease.gross`: the signed change of what the client owes.
    package let change: Money

    /// Sums `lines` column by column.
    /// - Throws: `ValueError.overflow`, `.currencyMismatch`.
    package init(lines: [CorrectionLine], currency: Currency) throws(ValueError) {
        var increase = CorrectionAmounts.zero(currency), decrease = CorrectionAmounts.zero(currency)
        for line in lines {
            increase = try increase.adding(line.increase)
            decrease = try decrease.adding(line.decrease)
        }
        self.increase = increase
        self.decrease = decrease
        change = try increase.gross - decrease.gross
    }
}

extension DocumentLine {
    /// The same product's line at position `position` with `qty` and `price`, its amounts
    /// computed anew (the discount, rate, unit and origin kept): a line of a УКД after correction.
    /// - Throws: `ValueError.overflow` when an amount does not fit in Int64 minor units.
    package func corrected(position: Int, qty: Quantity, price: Money, pricesIncludeVAT: Bool) throws(ValueError) -> DocumentLine {
        try DocumentLine(position: position, productName: productName, sku: sku,
                         unit: DocumentUnit(code: unitCode, name: unitName, okeiCode: okeiCode), qty: qty, price: price,
                         discountPct: discountPct, vatRate: vatRate, pricesIncludeVAT: pricesIncludeVAT,
                         countryCode: countryCode, countryName: countryName, customsDeclaration: customsDeclaration)
    }
}
