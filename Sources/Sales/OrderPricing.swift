// Pricing an order's lines: each product checked (exists, not archived, a quantity its unit
// allows, on one line only), its price defaulting to the catalog price at this moment and its
// VAT rate that of the product's category in force on the order's date, and the line's amounts computed once by LineAmounts — so
// the order, its invoice and its UPD agree to the kopeck.

import Catalog
import ERPCore
import Postgres

/// A priced line, ready to store.
struct PricedLine {
    var productID: ProductID
    var qty: Quantity
    var price: Money
    var discount: Percentage
    var vatRate: VATRate
    var amounts: LineAmounts
    var stocked: Bool
}

enum OrderPricing {
    /// The most lines one order may have.
    static let maximumLines = 1_000

    /// Prices `lines`, recording every problem under `lines[i].field` (and under `lines` when the
    /// order's totals would not fit in Int64 kopecks).
    /// - Throws: `PostgresError`.
    /// A company that pays no VAT sells every line "without VAT"; otherwise a line takes the rate
    /// of its product's VAT category in force on `day`, the order's date. `pricesIncludeVAT`
    /// defaults to the company's setting (an order keeps the one it was created with).
    static func price(_ lines: [NewOrderLine], company: CompanySettings, pricesIncludeVAT: Bool? = nil, on day: CalendarDate,
                      problems: inout FieldErrors, in tx: Transaction) throws -> [PricedLine] {
        let pricesIncludeVAT = pricesIncludeVAT ?? company.pricesIncludeVAT
        if lines.isEmpty { problems.add("lines", "must have at least one line") }
        if lines.count > maximumLines { problems.add("lines", "must have at most \(maximumLines) lines") }
        let facts = try Products.facts(of: Array(Set(lines.map(\.productID))), in: tx)
        let products = Array(facts.values)
        let rates = Dictionary(uniqueKeysWithValues: zip(products.map(\.id), try VATRate.inForce(products.map(\.vatRate), on: day, in: tx)))
        var seen: [ProductID: Int] = [:]
        var priced: [PricedLine] = []
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            if let first = seen[line.productID] {
                problems.add("\(field).product_id", "product \(line.productID) is already on line \(first + 1)")
                continue
            }
            seen[line.productID] = index
            guard let product = facts[line.productID] else {
                problems.add("\(field).product_id", "there is no product \(line.productID)")
                continue
            }
            var valid = !product.archived
            if product.archived { problems.add("\(field).product_id", "\(product.sku) is archived") }
            if !line.qty.isPositive {
                problems.add("\(field).qty", "must be greater than zero")
                valid = false
            } else if problems.check("\(field).qty", { () throws(ValueError) in
                try line.qty.requireWhole(unless: product.fractionsAllowed, unit: product.unit)
            }) == nil {
                valid = false
            }
            let price = line.price ?? product.price
            if price.isNegative {
                problems.add("\(field).price", "must not be negative")
                valid = false
            }
            let discount = line.discountPct ?? .zero
            let vatRate = company.vatPayer ? rates[line.productID] ?? product.vatRate : .withoutVAT
            guard valid, let amounts = problems.check(field, { () throws(ValueError) in
                try LineAmounts(quantity: line.qty, price: price, discount: discount, vatRate: vatRate,
                                pricesIncludeVAT: pricesIncludeVAT)
            }) else { continue }
            priced.append(PricedLine(productID: line.productID, qty: line.qty, price: price, discount: discount,
                                     vatRate: vatRate, amounts: amounts, stocked: product.kind == .goods))
        }
        if problems.check("lines", { () throws(ValueError) in try LineTotals(lines: priced.map(\.amounts)) }) == nil {
            return []
        }
        return priced
    }

    /// Replaces the lines of order `id` with `lines` and stores the order's totals.
    /// - Throws: `PostgresError`, `ValueError` (totals overflow).
    static func store(_ lines: [PricedLine], in id: SalesOrderID, in tx: Transaction) throws {
        let totals = try LineTotals(lines: lines.map(\.amounts))
        try tx.query("DELETE FROM sales_order_lines WHERE order_id = \(id)")
        try tx.query("""
            INSERT INTO sales_order_lines (order_id, line_no, product_id, qty, price_minor, discount_bp, vat_rate,
                                           net_minor, vat_minor, gross_minor, stocked)
            SELECT \(id), l.n, l.p, l.q, l.price, l.d, l.v, l.net, l.vat, l.gross, l.s
            FROM unnest(\(lines.map(\.productID.rawValue))::bigint[], \(lines.map(\.qty.thousandths))::bigint[],
                        \(lines.map(\.price.minorUnits))::bigint[], \(lines.map(\.discount.basisPoints))::bigint[],
                        \(lines.map(\.vatRate.basisPoints))::bigint[], \(lines.map(\.amounts.net.minorUnits))::bigint[],
                        \(lines.map(\.amounts.vat.minorUnits))::bigint[], \(lines.map(\.amounts.gross.minorUnits))::bigint[],
                        \(lines.map(\.stocked))::boolean[]) WITH ORDINALITY AS l(p, q, price, d, v, net, vat, gross, s, n)
            """)
        try tx.query("""
            UPDATE sales_orders SET net_minor = \(totals.net.minorUnits), vat_minor = \(totals.vat.minorUnits),
                   gross_minor = \(totals.gross.minorUnits) WHERE id = \(id)
            """)
    }
}
