// The sales side of `erp check`: what the stock levels hold in reservation must be exactly what
// the orders' lines say they hold, product by product and warehouse by warehouse.

import ERPCore
import Postgres
import Warehouse

enum ReservationCheck {
    /// Every product × warehouse whose reserved quantity differs from its orders' reservations.
    /// - Throws: `PostgresError`.
    static func run(in tx: Transaction) throws -> [LedgerViolation] {
        let rows = try tx.query("""
            SELECT COALESCE(l.product_id, o.product_id), COALESCE(l.warehouse_id, o.warehouse_id),
                   COALESCE(l.reserved, 0), COALESCE(o.reserved, 0)::bigint
            FROM (SELECT product_id, warehouse_id, reserved FROM stock_levels WHERE reserved <> 0) l
            FULL JOIN (SELECT ol.product_id, so.warehouse_id, sum(ol.reserved) AS reserved
                       FROM sales_order_lines ol JOIN sales_orders so ON so.id = ol.order_id
                       WHERE ol.reserved <> 0 GROUP BY 1, 2) o
                   ON o.product_id = l.product_id AND o.warehouse_id = l.warehouse_id
            WHERE COALESCE(l.reserved, 0) <> COALESCE(o.reserved, 0)
            ORDER BY 1, 2
            """)
        return try rows.map { (row) throws(PostgresError) in
            LedgerViolation(rule: "reservations_match_orders", message: """
                product \(try row.decode(0, as: Int64.self)) in warehouse \(try row.decode(1, as: Int64.self)): \
                \(Quantity(thousandths: try row.decode(2, as: Int64.self))) reserved in stock, \
                but orders hold \(Quantity(thousandths: try row.decode(3, as: Int64.self)))
                """)
        }
    }
}
