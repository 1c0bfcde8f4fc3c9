// Reservations (DESIGN.md, "Reservation"): a confirmed sales order holds stock so no one else can
// sell, transfer or write it off. Each line is one conditional UPDATE, in ascending product order
// — the order in which postings lock levels too — so racing confirmations queue rather than
// deadlock, and the condition `on_hand − reserved ≥ q` means the last units go to exactly one of
// them. A short line does not stop the check: every short line is reported, then nothing is kept.

import Catalog
import ERPCore
import Postgres

/// A quantity of one product to reserve or release in a warehouse.
package struct ReservationLine: Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity

    package init(productID: ProductID, qty: Quantity) {
        self.productID = productID
        self.qty = qty
    }
}

extension StockLedger {
    /// Reserves every line in `warehouse`, or none.
    /// - Throws: `ERPError.insufficientStock` with every short line (the caller's transaction must
    ///   roll back: earlier lines were reserved); `ValueError` on overflow; `PostgresError`.
    package static func reserve(_ lines: [ReservationLine], in warehouse: WarehouseID, in tx: Transaction) throws {
        var short: [ShortLine] = []
        for line in try merged(lines) {
            let q = line.qty.thousandths
            if short.isEmpty {
                let reserved = try tx.query("""
                    UPDATE stock_levels SET reserved = reserved + \(q)
                    WHERE product_id = \(line.productID) AND warehouse_id = \(warehouse) AND on_hand - reserved >= \(q)
                    RETURNING product_id
                    """)
                if !reserved.isEmpty { continue }
            }
            let available = try tx.query("""
                SELECT on_hand - reserved FROM stock_levels WHERE product_id = \(line.productID) AND warehouse_id = \(warehouse)
                """).firstRow?.decode(0, as: Int64.self) ?? 0
            if available < q {
                short.append(ShortLine(product: line.productID, requested: line.qty, available: Quantity(thousandths: max(0, available))))
            }
        }
        guard short.isEmpty else { throw ERPError.insufficientStock(lines: short) }
    }

    /// Releases reservations made by `reserve` (an order cancelled, its unshipped rest).
    /// - Throws: `ERPError.invalidState` when less is reserved than asked back (a bug upstream:
    ///   the caller's transaction rolls back); `PostgresError`.
    package static func release(_ lines: [ReservationLine], in warehouse: WarehouseID, in tx: Transaction) throws {
        for line in try merged(lines) {
            let released = try tx.query("""
                UPDATE stock_levels SET reserved = reserved - \(line.qty.thousandths)
                WHERE product_id = \(line.productID) AND warehouse_id = \(warehouse) AND reserved >= \(line.qty.thousandths)
                RETURNING product_id
                """)
            guard !released.isEmpty else {
                throw ERPError.invalidState(entity: "stock reservation", current: "smaller than \(line.qty) of product \(line.productID)",
                                            action: "release")
            }
        }
    }

    /// Positive quantities summed per product, in ascending product order (the lock order).
    private static func merged(_ lines: [ReservationLine]) throws -> [ReservationLine] {
        var totals: [ProductID: Quantity] = [:]
        for line in lines where line.qty.isPositive {
            totals[line.productID] = try (totals[line.productID] ?? .zero) + line.qty
        }
        return totals.sorted { $0.key < $1.key }.map { ReservationLine(productID: $0.key, qty: $0.value) }
    }
}
