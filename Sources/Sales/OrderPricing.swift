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

/// What pricing reads for a batch of orders of one day, read once for all of them: the products,
/// the price types' prices and quantity breaks, and the VAT rate in force of each distinct rate.
struct PriceList {
    var facts: [ProductID: ProductFacts]
    var typePrices: [PriceTypeID: [ProductID: Money]]
    var breaks: [PriceTypeID?: [ProductID: [(minQty: Quantity, price: Money)]]]
    /// A product category's rate → the rate in force on the day (nothing for a company without VAT).
    var rates: [VATRate: VATRate]

    /// Reads what the lines of `orders` need on `day`: one query per table whatever the number
    /// of orders, and per price type the clients have.
    /// - Throws: `PostgresError`.
    init(_ orders: [(lines: [NewOrderLine], terms: PricingTerms)], on day: CalendarDate, company: CompanySettings,
         in tx: Transaction) throws {
        let ids = Array(Set(orders.flatMap { $0.lines.map(\.productID) }))
        let types = Set(orders.map(\.terms.priceTypeID))
        facts = try Products.facts(of: ids, in: tx)
        typePrices = [:]
        breaks = [:]
        for type in types {
            if let type { typePrices[type] = try ProductTypePrices.prices(of: ids, type: type, on: day, in: tx) }
            breaks[type] = try QuantityBreaks.breaks(of: ids, type: type, in: tx)
        }
        let categories = company.vatPayer ? Array(Set(facts.values.map(\.vatRate))) : []
        rates = Dictionary(uniqueKeysWithValues: zip(categories, try VATRate.inForce(categories, on: day, in: tx)))
    }
}

enum OrderPricing {
    /// The most lines one order may have.
    static let maximumLines = 1_000

    /// Prices `lines` of one order, recording every problem under `lines[i].field` (and under
    /// `lines` when the order's totals would not fit in Int64 kopecks), floors included.
    /// - Throws: `PostgresError`.
    /// A company that pays no VAT sells every line "without VAT"; otherwise a line takes the rate
    /// of its product's VAT category in force on `terms.day`, the order's day. `pricesIncludeVAT`
    /// defaults to the company's setting (an order keeps the one it was created with).
    static func price(_ lines: [NewOrderLine], terms: PricingTerms, company: CompanySettings, pricesIncludeVAT: Bool? = nil,
                      problems: inout FieldErrors, in tx: Transaction) throws -> [PricedLine] {
        let list = try PriceList([(lines, terms)], on: terms.day, company: company, in: tx)
        let (priced, floors) = price(lines, terms: terms, list: list, company: company, pricesIncludeVAT: pricesIncludeVAT,
                                     field: "", problems: &problems)
        try MinimumPrice.check(floors, by: terms.principal, problems: &problems, in: tx)
        return priced
    }

    /// Prices `lines` from `list` without a round trip, each problem under `field` + `lines[i]…`;
    /// returns the priced lines (none when the totals overflow) and the lines the minimum price
    /// rule must still check (the caller checks a batch's at once).
    static func price(_ lines: [NewOrderLine], terms: PricingTerms, list: PriceList, company: CompanySettings,
                      pricesIncludeVAT: Bool? = nil, field prefix: String,
                      problems: inout FieldErrors) -> (lines: [PricedLine], floors: [FloorLine]) {
        let pricesIncludeVAT = pricesIncludeVAT ?? company.pricesIncludeVAT
        if lines.isEmpty { problems.add("\(prefix)lines", "must have at least one line") }
        if lines.count > maximumLines { problems.add("\(prefix)lines", "must have at most \(maximumLines) lines") }
        let typePrices = terms.priceTypeID.flatMap { list.typePrices[$0] } ?? [:]
        let breaks = list.breaks[terms.priceTypeID] ?? [:]
        var floorLines: [FloorLine] = []
        var seen: [ProductID: Int] = [:]
        var priced: [PricedLine] = []
        for (index, line) in lines.enumerated() {
            let field = "\(prefix)lines[\(index)]"
            if let first = seen[line.productID] {
                problems.add("\(field).product_id", "product \(line.productID) is already on line \(first + 1)")
                continue
            }
            seen[line.productID] = index
            guard let product = list.facts[line.productID] else {
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
            let vatRate = company.vatPayer ? list.rates[product.vatRate] ?? product.vatRate : .withoutVAT
            guard valid, let amounts = problems.check(field, { () throws(ValueError) in
                try LineAmounts(quantity: line.qty, price: price, discount: discount, vatRate: vatRate,
                                pricesIncludeVAT: pricesIncludeVAT)
            }) else { continue }
            priced.append(PricedLine(productID: line.productID, qty: line.qty, price: price, discount: discount,
                                     vatRate: vatRate, amounts: amounts, product: product))
            floorLines.append(FloorLine(field: field, productID: product.id, sku: product.sku, warehouseID: terms.warehouseID,
                                        qty: line.qty, unitPrice: price.discounted(by: discount), net: amounts.net))
        }
        if problems.check("\(prefix)lines", { () throws(ValueError) in try LineTotals(lines: priced.map(\.amounts)) }) == nil {
            return ([], floorLines)
        }
        return (priced, floorLines)
    }

    /// Replaces the lines of `order` with `lines` and stores the order's totals.
    /// - Throws: `PostgresError`, `ValueError` (totals overflow).
    static func store(_ lines: [PricedLine], of order: SalesOrder, in tx: Transaction) throws {
        let totals = try LineTotals(lines: lines.map(\.amounts))
        try tx.query("DELETE FROM sales_order_lines WHERE order_id = \(order.id)")
        try tx.query("""
            WITH o AS (
                UPDATE sales_orders SET net_minor = \(totals.net.minorUnits), vat_minor = \(totals.vat.minorUnits),
                       gross_minor = \(totals.gross.minorUnits) WHERE id = \(order.id)
                RETURNING id, number
            )

            """ + insert([(order.number, lines)]))
    }

    /// The INSERT of the lines of `orders`, each order's numbered from 1, as lines of the rows of
    /// `o` — a WITH clause before it that inserts or updates the orders, returning their `id` and
    /// `number` — joined by number, so orders and lines are written in one statement.
    static func insert(_ orders: [(number: String, lines: [PricedLine])]) -> PostgresQuery {
        let numbers = orders.flatMap { order in order.lines.map { _ in order.number } }
        let lineNumbers = orders.flatMap { $0.lines.indices.map { Int64($0 + 1) } }
        let lines = orders.flatMap(\.lines)
        return """
            INSERT INTO sales_order_lines (order_id, line_no, product_id, qty, price_minor, discount_bp, vat_rate,
                                           net_minor, vat_minor, gross_minor, stocked)
            SELECT o.id, l.n, l.p, l.q, l.price, l.d, l.v, l.net, l.vat, l.gross, l.s
            FROM o JOIN unnest(\(numbers)::text[], \(lineNumbers)::bigint[], \(lines.map(\.productID.rawValue))::bigint[],
                               \(lines.map(\.qty.thousandths))::bigint[], \(lines.map(\.price.minorUnits))::bigint[],
                               \(lines.map(\.discount.basisPoints))::bigint[], \(lines.map(\.vatRate.basisPoints))::bigint[],
                               \(lines.map(\.amounts.net.minorUnits))::bigint[], \(lines.map(\.amounts.vat.minorUnits))::bigint[],
                               \(lines.map(\.amounts.gross.minorUnits))::bigint[], \(lines.map(\.stocked))::boolean[])
                        AS l(k, n, p, q, price, d, v, net, vat, gross, s) ON o.number = l.k
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
