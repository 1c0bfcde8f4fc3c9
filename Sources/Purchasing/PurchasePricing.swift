// Pricing a supplier order's lines: each product checked as on any stock document (goods, not
// archived, a quantity its unit allows, on one line only), its price defaulting to what this
// supplier charged on the latest receipt, its VAT rate copied from the product (none when the
// company pays no VAT), and the amounts computed once by LineAmounts on a net price.

import Catalog
import ERPCore
import Parties
import Postgres
import Warehouse

/// A priced line, ready to store.
struct PricedPurchaseLine {
    var productID: ProductID
    var qty: Quantity
    var price: Money
    var vatRate: VATRate
    var amounts: LineAmounts
}

enum PurchasePricing {
    /// The most lines one supplier order may have.
    static let maximumLines = 1_000

    /// Prices `lines` for `supplier`, recording every problem under `lines[i].field` (and under
    /// `lines` when the order's totals would not fit in Int64 kopecks). A line's VAT rate is that of
    /// its product's category in force on `day`, the order's day.
    /// - Throws: `PostgresError`.
    static func price(_ lines: [NewPurchaseOrderLine], from supplier: PartyID, on day: CalendarDate, problems: inout FieldErrors,
                      in tx: Transaction) throws -> [PricedPurchaseLine] {
        if lines.count > maximumLines { problems.add("lines", "must have at most \(maximumLines) lines") }
        let facts = try StockLines.check(lines.map { LineInput(productID: $0.productID, qty: $0.qty) }, problems: &problems, in: tx)
        let lastPaid = try ReceiptHistory.lastUnitCosts(of: lines.filter { $0.price == nil }.map(\.productID), from: supplier, in: tx)
        let vatPayer = try CompanySettings.current(in: tx).vatPayer
        let products = Array(facts.values)
        let rates = Dictionary(uniqueKeysWithValues: zip(products.map(\.id), try VATRate.inForce(products.map(\.vatRate), on: day, in: tx)))
        var priced: [PricedPurchaseLine] = []
        for (index, line) in lines.enumerated() {
            guard let product = facts[line.productID] else { continue }
            let field = "lines[\(index)].price"
            guard let price = line.price ?? lastPaid[line.productID] else {
                problems.add(field, "nothing was bought from this supplier yet: give the price of \(product.sku)")
                continue
            }
            if price.isNegative { problems.add(field, "must not be negative") }
            let vatRate = vatPayer ? rates[line.productID] ?? product.vatRate : .withoutVAT
            guard let amounts = problems.check(field, { () throws(ValueError) in
                try LineAmounts(quantity: line.qty, price: price, vatRate: vatRate, pricesIncludeVAT: false)
            }) else { continue }
            priced.append(PricedPurchaseLine(productID: line.productID, qty: line.qty, price: price, vatRate: vatRate, amounts: amounts))
        }
        if problems.check("lines", { () throws(ValueError) in try LineTotals(lines: priced.map(\.amounts)) }) == nil {
            return []
        }
        return priced
    }

    /// Replaces the lines of order `id` with `lines` and stores the order's totals.
    /// - Throws: `PostgresError`, `ValueError` (totals overflow).
    static func store(_ lines: [PricedPurchaseLine], in id: PurchaseOrderID, in tx: Transaction) throws {
        let totals = try LineTotals(lines: lines.map(\.amounts))
        try tx.query("DELETE FROM purchase_order_lines WHERE order_id = \(id)")
        try tx.query("""
            INSERT INTO purchase_order_lines (order_id, line_no, product_id, qty, price_minor, vat_rate, net_minor, vat_minor, gross_minor)
            SELECT \(id), l.n, l.p, l.q, l.price, l.v, l.net, l.vat, l.gross
            FROM unnest(\(lines.map(\.productID.rawValue))::bigint[], \(lines.map(\.qty.thousandths))::bigint[],
                        \(lines.map(\.price.minorUnits))::bigint[], \(lines.map(\.vatRate.basisPoints))::bigint[],
                        \(lines.map(\.amounts.net.minorUnits))::bigint[], \(lines.map(\.amounts.vat.minorUnits))::bigint[],
                        \(lines.map(\.amounts.gross.minorUnits))::bigint[]) WITH ORDINALITY AS l(p, q, price, v, net, vat, gross, n)
            """)
        try tx.query("""
            UPDATE purchase_orders SET net_minor = \(totals.net.minorUnits), vat_minor = \(totals.vat.minorUnits),
                   gross_minor = \(totals.gross.minorUnits) WHERE id = \(id)
            """)
    }
}
