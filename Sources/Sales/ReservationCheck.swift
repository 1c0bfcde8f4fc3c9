// The sales side of `erp check`: what the stock levels hold in reservation must be exactly what
// the orders' lines say they hold, product by product and warehouse by warehouse. Warehouse says
// what its levels hold; the orders' side is summed here; the two are compared in Swift, so no
// query names the other module's tables.

import Catalog
import ERPCore
import Postgres
import Warehouse

enum ReservationCheck {
    /// Every product × warehouse whose reserved quantity differs from its orders' reservations.
    /// Both sides are read in the caller's snapshot (a repeatable-read transaction).
    /// - Throws: `PostgresError`.
    static func run(in tx: Transaction) throws -> [LedgerViolation] {
        let levels = try StockLedger.reservedQuantities(in: tx)
        let orders = try ordersReservations(in: tx)
        return Set(levels.keys).union(orders.keys).sorted().compactMap { key in
            let inStock = levels[key] ?? .zero, held = orders[key] ?? .zero
            guard inStock != held else { return nil }
            return LedgerViolation(rule: "reservations_match_orders", message: """
                product \(key.productID.rawValue) in warehouse \(key.warehouseID.rawValue): \
                \(inStock) reserved in stock, but orders hold \(held)
                """)
        }
    }

    /// What the orders' lines hold, summed by product and warehouse (non-zero only).
    private static func ordersReservations(in tx: Transaction) throws -> [StockLevelKey: Quantity] {
        let rows = try tx.query("""
            SELECT ol.product_id, so.warehouse_id, sum(ol.reserved)::bigint
            FROM sales_order_lines ol JOIN sales_orders so ON so.id = ol.order_id
            WHERE ol.reserved <> 0 GROUP BY 1, 2
            """)
        var held: [StockLevelKey: Quantity] = [:]
        for row in rows {
            let key = StockLevelKey(productID: try row.decode(0, as: ProductID.self), warehouseID: try row.decode(1, as: WarehouseID.self))
            held[key] = Quantity(thousandths: try row.decode(2, as: Int64.self))
        }
        return held
    }
}
