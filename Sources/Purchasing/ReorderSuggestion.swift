// What reorder suggestions answer with, and the arithmetic of one line: a product is suggested
// when what the warehouse will have (available + incoming) is below its `min_stock`; it is ordered
// up to `max_stock`, or — without one — to cover `cover_days` of the average daily sales of the
// last 30 days (never below `min_stock`); the quantity is rounded up to the supplier's pack, or to
// a whole unit when the unit has no fractions. All in thousandths, exact.

import Catalog
import ERPCore
import Parties
import Postgres
import Warehouse

/// One product to reorder.
package struct ReorderSuggestion: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    package var minStock: Quantity
    /// `0` when the product has no target of its own (then `target` covers days of sales).
    package var maxStock: Quantity
    /// On hand less reserved at the warehouse.
    package var available: Quantity
    /// What placed supplier orders still bring to the warehouse.
    package var incoming: Quantity
    /// Shipped from the warehouse in the last `ReorderSuggestions.salesDays` days.
    package var sold: Quantity
    /// The level ordered up to.
    package var target: Quantity
    /// `0`: none.
    package var packSize: Quantity
    /// What to order: `target − available − incoming`, rounded up.
    package var qty: Quantity
}

/// The suggestions for one supplier (or, with `supplier_id` null, for products without a preferred one).
package struct SupplierSuggestions: Codable, Sendable, Equatable {
    package var supplierID: PartyID?
    package var supplierName: String?
    package var lines: [ReorderSuggestion]
}

/// `GET /api/v1/purchasing/suggestions`: what to order for a warehouse, by supplier.
package struct ReorderSuggestions: Codable, Sendable, Equatable {
    /// The days of sales the average is taken over.
    package static let salesDays: Int64 = 30

    package var warehouseID: WarehouseID
    /// The days of sales a target without `max_stock` covers.
    package var coverDays: Int
    /// By supplier id; products without a preferred supplier last.
    package var suppliers: [SupplierSuggestions]
}

extension ReorderSuggestion {
    /// A row of `Suggestions.candidates` as a suggestion: the product (id, SKU, name, unit, whether
    /// the unit has fractions, minimum, maximum, pack) and its available, incoming and sold quantities.
    init(_ row: PostgresRow, coverDays: Int) throws(PostgresError) {
        let quantity = { (column: Int) throws(PostgresError) in Quantity(thousandths: try row.decode(column, as: Int64.self)) }
        let minStock = try quantity(5), maxStock = try quantity(6), packSize = try quantity(7)
        let available = try quantity(8), incoming = try quantity(9), sold = try quantity(10)
        let position = available.thousandths + incoming.thousandths
        let cover = Self.divideRoundingUp(sold.thousandths * Int64(coverDays), by: ReorderSuggestions.salesDays)
        let target = maxStock.isZero ? max(minStock.thousandths, cover) : maxStock.thousandths
        let step = packSize.isZero ? (try row.decode(4, as: Bool.self) ? 1 : Quantity.thousandthsPerUnit) : packSize.thousandths
        let qty = Self.divideRoundingUp(target - position, by: step) * step
        self.init(productID: try row.decode(0, as: ProductID.self), sku: try row.decode(1, as: String.self),
                  name: try row.decode(2, as: String.self), unit: try row.decode(3, as: String.self), minStock: minStock,
                  maxStock: maxStock, available: available, incoming: incoming, sold: sold,
                  target: Quantity(thousandths: target), packSize: packSize, qty: Quantity(thousandths: qty))
    }

    /// `⌈a / b⌉` for `a ≥ 0`, `b > 0`.
    static func divideRoundingUp(_ a: Int64, by b: Int64) -> Int64 { (a + b - 1) / b }
}
