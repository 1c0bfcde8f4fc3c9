// Reservations (docs/architecture.md, "Invariants"): a confirmed sales order holds stock so no one else can
// sell, transfer or write it off. The levels of every line are locked first, in ascending product
// order — the order in which postings lock levels too — so racing confirmations queue rather than
// deadlock; the decision is taken on exactly the rows the lock returned (never on a later read: a
// posting that commits in between must not make a line look available that was not reserved);
// every short line is reported, and only when none is short are all lines reserved at once.

import Catalog
import ERPCore
import Postgres

/// A quantity of one product to reserve in a warehouse, as one line of a batch: `field` names the
/// line in the request (`orders[2].lines[5]`) when it is short.
package struct LevelReservation: Sendable, Equatable {
    package var productID: ProductID
    package var warehouseID: WarehouseID
    package var qty: Quantity
    package var field: String?

    package init(productID: ProductID, warehouseID: WarehouseID, qty: Quantity, field: String? = nil) {
        (self.productID, self.warehouseID, self.qty, self.field) = (productID, warehouseID, qty, field)
    }
}

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
    /// - Throws: `ERPError.insufficientStock` with every short line (nothing reserved);
    ///   `ValueError` on overflow; `PostgresError`.
    package static func reserve(_ lines: [ReservationLine], in warehouse: WarehouseID, in tx: Transaction) throws {
        try reserve(try merged(lines).map { LevelReservation(productID: $0.productID, warehouseID: warehouse, qty: $0.qty) }, in: tx)
    }

    /// Reserves every line of a batch — many documents, many warehouses — or none. The levels are
    /// locked in one statement in the ledger's order (product, then warehouse); the lines then take
    /// from what the lock returned in the order given, so a line is short when what is left of its
    /// level after the lines before it is less than it needs.
    /// - Throws: `ERPError.insufficientStock` with every short line, each with its `field`
    ///   (nothing reserved); `ValueError` on overflow; `PostgresError`.
    package static func reserve(_ lines: [LevelReservation], in tx: Transaction) throws {
        let lines = lines.filter(\.qty.isPositive)
        guard !lines.isEmpty else { return }
        let keys = Set(lines.map { LevelKey(product: $0.productID.rawValue, warehouse: $0.warehouseID.rawValue) }).sorted()
        // Lock, decide, update: FOR UPDATE returns each level as committed once its lock is ours.
        let locked = try tx.query("""
            SELECT l.product_id, l.warehouse_id, l.on_hand - l.reserved FROM stock_levels l
            JOIN unnest(\(keys.map(\.product))::bigint[], \(keys.map(\.warehouse))::bigint[]) AS k(p, w)
              ON l.product_id = k.p AND l.warehouse_id = k.w
            ORDER BY l.product_id, l.warehouse_id FOR UPDATE OF l
            """)
        var available: [LevelKey: Int64] = [:]
        for row in locked {
            available[LevelKey(product: try row.decode(0, as: Int64.self), warehouse: try row.decode(1, as: Int64.self))] = try row.decode(2, as: Int64.self)
        }
        var left = available
        var short: [ShortLine] = []
        for line in lines {
            let key = LevelKey(product: line.productID.rawValue, warehouse: line.warehouseID.rawValue)
            let free = left[key] ?? 0
            guard free >= line.qty.thousandths else {
                short.append(ShortLine(product: line.productID, requested: line.qty, available: Quantity(thousandths: max(0, free)),
                                       field: line.field))
                continue
            }
            left[key] = free - line.qty.thousandths
        }
        guard short.isEmpty else { throw ERPError.insufficientStock(lines: short) }
        try tx.query("""
            UPDATE stock_levels l SET reserved = l.reserved + r.q
            FROM unnest(\(keys.map(\.product))::bigint[], \(keys.map(\.warehouse))::bigint[],
                        \(keys.map { (available[$0] ?? 0) - (left[$0] ?? 0) })::bigint[]) AS r(p, w, q)
            WHERE l.product_id = r.p AND l.warehouse_id = r.w
            """)
        try recordAvailable(before: available, after: left, in: tx)
    }

    /// Releases reservations made by `reserve` (an order cancelled, its unshipped rest).
    /// - Throws: `ERPError.invalidState` when less is reserved than asked back (a bug upstream:
    ///   the caller's transaction rolls back); `PostgresError`.
    package static func release(_ lines: [ReservationLine], in warehouse: WarehouseID, in tx: Transaction) throws {
        var available: [LevelKey: Int64] = [:]
        for line in try merged(lines) {
            let released = try tx.query("""
                UPDATE stock_levels SET reserved = reserved - \(line.qty.thousandths)
                WHERE product_id = \(line.productID) AND warehouse_id = \(warehouse) AND reserved >= \(line.qty.thousandths)
                RETURNING on_hand - reserved
                """)
            guard let row = released.firstRow else {
                throw ERPError.invalidState(entity: "stock reservation", current: "smaller than \(line.qty) of product \(line.productID)",
                                            action: "release")
            }
            available[LevelKey(product: line.productID.rawValue, warehouse: warehouse.rawValue)] = try row.decode(0, as: Int64.self)
        }
        try recordAvailable(before: [:], after: available, in: tx)
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

/// A stock level's place: one product in one warehouse.
package struct StockLevelKey: Hashable, Sendable, Comparable {
    package var productID: ProductID
    package var warehouseID: WarehouseID

    package init(productID: ProductID, warehouseID: WarehouseID) {
        self.productID = productID
        self.warehouseID = warehouseID
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.productID, lhs.warehouseID) < (rhs.productID, rhs.warehouseID)
    }
}

extension StockLedger {
    /// What every level holding a reservation holds, by product and warehouse: the warehouse side
    /// of the check that levels reserve exactly what the orders say (Sales compares).
    /// - Throws: `PostgresError`.
    package static func reservedQuantities(in tx: Transaction) throws -> [StockLevelKey: Quantity] {
        var reserved: [StockLevelKey: Quantity] = [:]
        for row in try tx.query("SELECT product_id, warehouse_id, reserved FROM stock_levels WHERE reserved <> 0") {
            let key = StockLevelKey(productID: try row.decode(0, as: ProductID.self), warehouseID: try row.decode(1, as: WarehouseID.self))
            reserved[key] = Quantity(thousandths: try row.decode(2, as: Int64.self))
        }
        return reserved
    }
}
