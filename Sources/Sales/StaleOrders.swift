// Releasing stale reservations: confirmed orders that have sat for more than N days with nothing
// shipped hold stock others could sell. The owner cancels them in bulk; each is cancelled (and
// audited) exactly as one cancel would, and the report lists what was released.

import Catalog
import ERPCore
import Foundation
import Postgres

/// One order cancelled by `release-stale`, with what it had reserved.
package struct ReleasedOrder: Codable, Sendable, Equatable {
    package var orderID: SalesOrderID
    package var number: String
    package var confirmedAt: Date?
    package var released: [OrderQuantity]
}

enum StaleOrders {
    /// Cancels every confirmed order confirmed more than `days` days before `now` with nothing shipped.
    /// - Throws: `ERPError.forbidden` (owners only), `.validationFailed` (days < 1); `PostgresError`.
    static func release(olderThan days: Int, by principal: Principal, at now: Date, in tx: Transaction) throws -> [ReleasedOrder] {
        try principal.require(.releaseStaleOrders)
        guard days >= 1 else { throw ERPError.validationFailed(fields: ["days": "must be at least 1"]) }
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        let ids = try tx.query("""
            SELECT o.id FROM sales_orders o
            WHERE o.status = 'confirmed' AND o.confirmed_at < \(cutoff)
              AND NOT EXISTS (SELECT 1 FROM sales_order_lines l WHERE l.order_id = o.id AND l.shipped > 0)
            ORDER BY o.id FOR UPDATE
            """).map { (row) throws(PostgresError) in try row.decode(0, as: SalesOrderID.self) }
        return try ids.map { id in
            let order = try Orders.fetch(id, in: tx)
            let held = order.lines.filter { $0.reserved.isPositive }.map { OrderQuantity(productID: $0.productID, qty: $0.reserved) }
            _ = try OrderLifecycle.cancelVisible(order, by: principal, at: now, in: tx)
            return ReleasedOrder(orderID: id, number: order.number, confirmedAt: order.confirmedAt, released: held)
        }
    }
}
