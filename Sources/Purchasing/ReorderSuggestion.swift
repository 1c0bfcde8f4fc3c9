// What reorder suggestions answer with, and the arithmetic of one line: a product is suggested
// when what the warehouse will have (available + incoming) is below its `min_stock`; it is ordered
// up to `max_stock`, or — without one — to cover `cover_days` of the average daily sales of the
// last 30 days (never below `min_stock`); the quantity is rounded up to the supplier's pack, or to
// a whole unit when the unit has no fractions. All in thousandths, exact.

import Catalog
import ERPCore
import Parties
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
    /// The suggestion for a product, or nil when it is not below its minimum.
    init?(_ product: ProductFacts, available: Quantity, incoming: Quantity, sold: Quantity, coverDays: Int) {
        let position = available.thousandths + incoming.thousandths
        guard position < product.minStock.thousandths else { return nil }
        let reorder = product.reorder
        let cover = Self.divideRoundingUp(sold.thousandths * Int64(coverDays), by: ReorderSuggestions.salesDays)
        let target = reorder.maxStock.isZero ? max(product.minStock.thousandths, cover) : reorder.maxStock.thousandths
        let step = reorder.packSize.isZero ? (product.fractionsAllowed ? 1 : Quantity.thousandthsPerUnit) : reorder.packSize.thousandths
        let qty = Self.divideRoundingUp(target - position, by: step) * step
        self.init(productID: product.id, sku: product.sku, name: product.name, unit: product.unit, minStock: product.minStock,
                  maxStock: reorder.maxStock, available: available, incoming: incoming, sold: sold,
                  target: Quantity(thousandths: target), packSize: reorder.packSize, qty: Quantity(thousandths: qty))
    }

    /// `⌈a / b⌉` for `a ≥ 0`, `b > 0`.
    static func divideRoundingUp(_ a: Int64, by b: Int64) -> Int64 { (a + b - 1) / b }
}
