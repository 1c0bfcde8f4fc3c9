// Pricing an order's lines: each product checked (exists, not archived, a quantity its unit
// allows, on one line only), its price defaulting to the quantity break the line's quantity
// reaches, else the client's price type's price on the order's day, else the catalog's base price,
// and its discount to the client's personal one, its VAT rate that of the product's category in
// force on the order's day, and the line's amounts computed once by LineAmounts — so the order,
// its invoice and its UPD agree to the kopeck. Lines below their minimum price are refused
// (MinimumPrice).

import Catalog
import ERPCore
import Parties
import Postgres
import Warehouse

/// What a line's defaults and floor depend on besides its product: the client's terms, the day
/// whose prices apply, the warehouse whose cost is the floor, and who is selling.
struct PricingTerms {
    var priceTypeID: PriceTypeID?
    var discount: Percentage
    var day: CalendarDate
    var warehouseID: WarehouseID
    var principal: Principal

    /// The terms of `client` for an order from `warehouse` on `day`.
    init(client: Party, warehouse: WarehouseID, day: CalendarDate, by principal: Principal) {
        (priceTypeID, discount, self.day, warehouseID, self.principal) = (client.priceTypeID, client.discountPct, day, warehouse, principal)
    }
}

/// A priced line, ready to store.
struct PricedLine {
    var productID: ProductID
    var qty: Quantity
    var price: Money
    var discount: Percentage
    var vatRate: VATRate
    var amounts: LineAmounts
    /// The product as priced: the line's SKU, name, unit and kind as the order shows them.
    var product: ProductFacts
    /// Goods are reserved and shipped; services never are.
    var stocked: Bool { product.kind == .goods }
}

enum OrderPricing {
    /// The most lines one order may have.
    static let maximumLines = 1_000

    /// Prices `lines`, recording every problem under `lines[i].field` (and under `lines` when the
    /// order's totals would not fit in Int64 kopecks).
    /// - Throws: `PostgresError`.
    /// A company that pays no VAT sells every line "without VAT"; otherwise a line takes the rate
    /// of its product's VAT category in force on `terms.day`, the order's day. `pricesIncludeVAT`
    /// defaults to the company's setting (an order keeps the one it was created with).
    static func price(_ lines: [NewOrderLine], terms: PricingTerms, company: CompanySettings, pricesIncludeVAT: Bool? = nil,
                      problems: inout FieldErrors, in tx: Transaction) throws -> [PricedLine] {
        let pricesIncludeVAT = pricesIncludeVAT ?? company.pricesIncludeVAT
        if lines.isEmpty { problems.add("lines", "must have at least one line") }
        if lines.count > maximumLines { problems.add("lines", "must have at most \(maximumLines) lines") }
        let ids = Array(Set(lines.map(\.productID)))
        let facts = try Products.facts(of: ids, in: tx)
        let typePrices = try terms.priceTypeID.map { try ProductTypePrices.prices(of: ids, type: $0, on: terms.day, in: tx) } ?? [:]
        let breaks = try QuantityBreaks.breaks(of: ids, type: terms.priceTypeID, in: tx)
        var floorLines: [FloorLine] = []
        let products = Array(facts.values)
        let rates = Dictionary(uniqueKeysWithValues: zip(products.map(\.id), try VATRate.inForce(products.map(\.vatRate), on: terms.day, in: tx)))
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
            let price = line.price ?? QuantityBreaks.price(for: line.qty, in: breaks[product.id] ?? []) ?? typePrices[product.id]
                ?? product.price
            if price.isNegative {
                problems.add("\(field).price", "must not be negative")
                valid = false
            }
            let discount = line.discountPct ?? terms.discount
            let vatRate = company.vatPayer ? rates[line.productID] ?? product.vatRate : .withoutVAT
            guard valid, let amounts = problems.check(field, { () throws(ValueError) in
                try LineAmounts(quantity: line.qty, price: price, discount: discount, vatRate: vatRate,
                                pricesIncludeVAT: pricesIncludeVAT)
            }) else { continue }
            priced.append(PricedLine(productID: line.productID, qty: line.qty, price: price, discount: discount,
                                     vatRate: vatRate, amounts: amounts, product: product))
            floorLines.append(FloorLine(field: field, productID: product.id, sku: product.sku, qty: line.qty,
                                        unitPrice: price.discounted(by: discount), net: amounts.net))
        }
        try MinimumPrice.check(floorLines, in: terms.warehouseID, by: terms.principal, problems: &problems, in: tx)
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
            WITH o AS (
                UPDATE sales_orders SET net_minor = \(totals.net.minorUnits), vat_minor = \(totals.vat.minorUnits),
                       gross_minor = \(totals.gross.minorUnits) WHERE id = \(id)
                RETURNING id
            )

            """ + insert(lines))
    }

    /// The INSERT of `lines`, numbered from 1, as the lines of the order `o` names — a WITH
    /// clause before it that inserts or updates the order — so the order and its lines are
    /// written in one statement.
    static func insert(_ lines: [PricedLine]) -> PostgresQuery {
        """
        INSERT INTO sales_order_lines (order_id, line_no, product_id, qty, price_minor, discount_bp, vat_rate,
                                       net_minor, vat_minor, gross_minor, stocked)
        SELECT o.id, l.n, l.p, l.q, l.price, l.d, l.v, l.net, l.vat, l.gross, l.s
        FROM o, unnest(\(lines.map(\.productID.rawValue))::bigint[], \(lines.map(\.qty.thousandths))::bigint[],
                       \(lines.map(\.price.minorUnits))::bigint[], \(lines.map(\.discount.basisPoints))::bigint[],
                       \(lines.map(\.vatRate.basisPoints))::bigint[], \(lines.map(\.amounts.net.minorUnits))::bigint[],
                       \(lines.map(\.amounts.vat.minorUnits))::bigint[], \(lines.map(\.amounts.gross.minorUnits))::bigint[],
                       \(lines.map(\.stocked))::boolean[]) WITH ORDINALITY AS l(p, q, price, d, v, net, vat, gross, s, n)
        """
    }
}

extension OrderLine {
    /// Line `lineNo` of a new order as `OrderPricing.price` made it: nothing reserved, shipped
    /// or returned yet.
    init(lineNo: Int, priced line: PricedLine) {
        self.init(lineNo: lineNo, productID: line.productID, sku: line.product.sku, name: line.product.name,
                  unit: line.product.unit, kind: line.product.kind, qty: line.qty, price: line.price, discountPct: line.discount,
                  vatRate: line.vatRate, net: line.amounts.net, vat: line.amounts.vat, gross: line.amounts.gross,
                  reserved: .zero, shipped: .zero, returned: .zero)
    }
}
