// Quantity breaks: a lower price from a quantity on ("from 10 pcs: 380.00"), per price type or for
// clients without one. A product's list is replaced whole by a create or change that gives
// `quantity_breaks`; an order line without a typed price takes the break of the largest quantity
// it reaches (Sales), before the type's price and the base price.

import ERPCore
import Postgres

/// A lower price from a quantity on, as the product resource shows it.
package struct QuantityBreak: Codable, Sendable, Equatable {
    /// The price type's code it applies to; nil: clients without a price type.
    package var priceType: String?
    /// From this quantity on (inclusive).
    package var minQty: Quantity
    /// The unit price from `min_qty` on.
    package var price: Money

    /// A break with the given fields.
    package init(priceType: String?, minQty: Quantity, price: Money) {
        (self.priceType, self.minQty, self.price) = (priceType, minQty, price)
    }

    /// Encodes every field; `price_type` is `null` for clients without a type.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(priceType, forKey: .priceType)
        try container.encode(minQty, forKey: .minQty)
        try container.encode(price, forKey: .price)
    }

    private enum CodingKeys: String, CodingKey { case priceType, minQty, price }
}

/// The quantity break rules; `Products` replaces a product's list, Sales reads it.
package enum QuantityBreaks {
    /// The most breaks one product may have.
    static let maximumCount = 100

    /// Each product's breaks for clients of `type` (nil: of no type), by quantity ascending.
    /// - Throws: `PostgresError`.
    package static func breaks(of ids: [ProductID], type: PriceTypeID?,
                               in tx: Transaction) throws -> [ProductID: [(minQty: Quantity, price: Money)]] {
        guard !ids.isEmpty else { return [:] }
        var breaks: [ProductID: [(minQty: Quantity, price: Money)]] = [:]
        for row in try tx.query("""
            SELECT product_id, min_qty, price_minor FROM product_quantity_breaks
            WHERE product_id = ANY(\(ids.map(\.rawValue))) AND price_type_id IS NOT DISTINCT FROM \(type)
            ORDER BY product_id, min_qty
            """) {
            breaks[try row.decode(0, as: ProductID.self), default: []].append(
                (Quantity(thousandths: try row.decode(1, as: Int64.self)), Money(minorUnits: try row.decode(2, as: Int64.self))))
        }
        return breaks
    }

    /// The price of the break of the largest quantity `qty` reaches, or nil.
    package static func price(for qty: Quantity, in breaks: [(minQty: Quantity, price: Money)]) -> Money? {
        breaks.last { $0.minQty <= qty }?.price
    }

    /// Every product's breaks as the resource shows them, by type code then quantity.
    /// - Throws: `PostgresError`.
    static func all(of ids: [ProductID], in tx: Transaction) throws -> [ProductID: [QuantityBreak]] {
        guard !ids.isEmpty else { return [:] }
        var breaks: [ProductID: [QuantityBreak]] = [:]
        for row in try tx.query("""
            SELECT b.product_id, t.code, b.min_qty, b.price_minor FROM product_quantity_breaks b
            LEFT JOIN price_types t ON t.id = b.price_type_id
            WHERE b.product_id = ANY(\(ids.map(\.rawValue))) ORDER BY b.product_id, t.code NULLS FIRST, b.min_qty
            """) {
            breaks[try row.decode(0, as: ProductID.self), default: []].append(QuantityBreak(
                priceType: try row.decode(1, as: String?.self), minQty: Quantity(thousandths: try row.decode(2, as: Int64.self)),
                price: Money(minorUnits: try row.decode(3, as: Int64.self))))
        }
        return breaks
    }

    /// Checks a command's breaks for a product sold in `unit`, recording every problem under
    /// `quantity_breaks[i].field`.
    static func validate(_ breaks: [QuantityBreak], types: [PriceType], unit: UnitOfMeasure,
                         problems: inout FieldErrors) -> [(PriceTypeID?, Quantity, Money)] {
        let byCode = Dictionary(uniqueKeysWithValues: types.map { ($0.code, $0.id) })
        if breaks.count > maximumCount { problems.add("quantity_breaks", "must have at most \(maximumCount) breaks") }
        var valid: [(PriceTypeID?, Quantity, Money)] = []
        var seen: Set<String> = []
        for (index, entry) in breaks.enumerated() {
            let field = "quantity_breaks[\(index)]"
            var type: PriceTypeID?
            if let code = entry.priceType {
                type = byCode[code]
                if type == nil { problems.add("\(field).price_type", "'\(code)' is not a price type") }
            }
            if !entry.minQty.isPositive {
                problems.add("\(field).min_qty", "must be greater than zero")
            } else {
                problems.check("\(field).min_qty") { () throws(ValueError) in
                    try entry.minQty.requireWhole(unless: unit.fractionsAllowed, unit: unit.code)
                }
            }
            if entry.price.isNegative || entry.price.currency != .default {
                problems.add("\(field).price", "must be an amount in \(Currency.default.code), not negative")
            }
            if !seen.insert("\(entry.priceType ?? "")/\(entry.minQty.thousandths)").inserted {
                problems.add("\(field).min_qty", "is listed twice for this price type")
            }
            valid.append((type, entry.minQty, entry.price))
        }
        return valid
    }

    /// Replaces product `id`'s breaks with `breaks` and audits `product.quantity_breaks` (the new list).
    /// - Throws: `PostgresError`.
    static func replace(_ breaks: [(PriceTypeID?, Quantity, Money)], of id: ProductID, by principal: Principal,
                        in tx: Transaction) throws {
        try tx.query("DELETE FROM product_quantity_breaks WHERE product_id = \(id)")
        if !breaks.isEmpty {
            try tx.query("""
                INSERT INTO product_quantity_breaks (product_id, price_type_id, min_qty, price_minor)
                SELECT \(id), r.t, r.q, r.p
                FROM unnest(\(breaks.map { $0.0?.rawValue })::bigint[], \(breaks.map(\.1.thousandths))::bigint[],
                            \(breaks.map(\.2.minorUnits))::bigint[]) AS r(t, q, p)
                """)
        }
        let listed: [JSONValue] = breaks.map { type, qty, price in
            .object(["price_type_id": type.map { .number($0.rawValue) } ?? .null, "min_qty": .string(qty.description),
                     "price": .string(price.description)])
        }
        try Audit.record(in: tx, by: principal, action: "product.quantity_breaks", entityType: "product", entityID: id,
                         change: .object(["quantity_breaks": .array(listed)]))
    }
}
