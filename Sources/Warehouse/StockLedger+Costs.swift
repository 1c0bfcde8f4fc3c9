// What a unit costs in a warehouse now, for rules above the warehouse that must not sell below
// cost (Sales' minimum price). Read-only; the valuation itself is Valuation's.

import Catalog
import ERPCore
import Postgres

extension StockLedger {
    /// The average unit cost of each of `products` in `warehouse` (absent: nothing on hand there):
    /// what Sales' "not below average cost" rule compares a line's net price with.
    /// - Throws: `PostgresError`, `ValueError` (a cost beyond Int64).
    package static func averageCosts(of products: [ProductID], in warehouse: WarehouseID, in tx: Transaction) throws -> [ProductID: Money] {
        guard !products.isEmpty else { return [:] }
        var costs: [ProductID: Money] = [:]
        for row in try tx.query("""
            SELECT product_id, on_hand, value_minor FROM stock_levels
            WHERE warehouse_id = \(warehouse) AND product_id = ANY(\(products.map(\.rawValue))) AND on_hand > 0
            """) {
            costs[try row.decode(0, as: ProductID.self)] = Money(minorUnits: try Valuation.averageUnitCost(
                value: try row.decode(2, as: Int64.self), onHand: try row.decode(1, as: Int64.self)))
        }
        return costs
    }
}
