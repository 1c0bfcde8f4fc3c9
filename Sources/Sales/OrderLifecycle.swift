// The life of a sales order as an explicit transition table, and the two transitions that only
// touch reservations: confirm (reserve every goods line or none) and cancel (release exactly
// what is still reserved). Every transition locks the order row first, checks the table, and
// changes the status with `WHERE status = ANY(allowed)`, so a concurrent change is a clean 409.
//
//   draft ──confirm──▶ confirmed ──ship──▶ partially_shipped ──ship──▶ shipped
//     │                   │                     │
//     └──────cancel───────┴────────cancel───────┘──▶ cancelled
//   returns: against shipped quantities (partially_shipped, shipped, or cancelled after a partial shipment)

import Catalog
import ERPCore
import Foundation
import Postgres
import Warehouse

/// What can be done to an order.
enum OrderAction: String {
    case edit
    case confirm
    case ship
    case cancel
    case `return`
}

enum OrderLifecycle {
    /// The statuses each action is allowed from.
    static let allowed: [OrderAction: Set<OrderStatus>] = [
        .edit: [.draft],
        .confirm: [.draft],
        .ship: [.confirmed, .partiallyShipped],
        .cancel: [.draft, .confirmed, .partiallyShipped],
        .return: [.partiallyShipped, .shipped, .cancelled],
    ]

    /// Refuses `action` on `order` unless its status allows it.
    /// - Throws: `ERPError.invalidState` naming the current status.
    static func require(_ action: OrderAction, _ order: SalesOrder) throws(ERPError) {
        guard allowed[action]?.contains(order.status) == true else {
            throw ERPError.invalidState(entity: "order", current: order.status.rawValue, action: action.rawValue)
        }
    }

    /// Moves `order` to `status`, checking in SQL that it is still in a status `action` allows,
    /// and writes `lines` (the UPDATE of its lines, if any) in the same statement: one round trip.
    /// - Returns: the order as it now is — the header's new version and dates as the UPDATE
    ///   returned them, `changedLines` (what the UPDATE wrote) for its lines, named like a read —
    ///   so nothing just written is read back.
    /// - Throws: `ERPError.invalidState` when a concurrent change got there first; `PostgresError`.
    static func move(_ order: SalesOrder, to status: OrderStatus, by action: OrderAction, at now: Date,
                     lines: (update: PostgresQuery, changedLines: [OrderLine])? = nil, in tx: Transaction) throws -> SalesOrder {
        let from = (allowed[action] ?? []).map(\.rawValue).sorted()
        let header: PostgresQuery = """
            UPDATE sales_orders SET status = \(status.rawValue), version = version + 1,
                   confirmed_at = CASE WHEN \(status.rawValue) = 'confirmed' THEN \(now) ELSE confirmed_at END,
                   cancelled_at = CASE WHEN \(status.rawValue) = 'cancelled' THEN \(now) ELSE cancelled_at END
            WHERE id = \(order.id) AND status = ANY(\(from))
            RETURNING version, confirmed_at, cancelled_at
            """
        let changed = try tx.query(lines.map { "WITH lines AS (" + $0.update + ") " + header } ?? header)
        guard let row = changed.firstRow else {
            throw ERPError.invalidState(entity: "order", current: order.status.rawValue, action: action.rawValue)
        }
        var moved = order
        moved.status = status
        moved.version = try row.decode(0, as: Int64.self)
        moved.confirmedAt = try row.decode(1, as: Date?.self)
        moved.cancelledAt = try row.decode(2, as: Date?.self)
        if let lines { moved.lines = lines.changedLines }
        return try Orders.named([moved], in: tx)[0]
    }

    /// Moves each order to its status in one statement (a batch's), checking in SQL that each is
    /// still in a status `action` allows, and writes `lines` (the UPDATE of their lines, if any)
    /// in the same statement; the caller builds the answers from what it wrote.
    /// - Returns: each order's new version and dates, as the UPDATE wrote them.
    /// - Throws: `ERPError.invalidState` naming the first order a concurrent change got to first; `PostgresError`.
    @discardableResult
    static func move(_ moves: [(order: SalesOrder, status: OrderStatus)], by action: OrderAction, at now: Date,
                     lines: PostgresQuery? = nil, in tx: Transaction) throws -> [SalesOrderID: Moved] {
        let from = (allowed[action] ?? []).map(\.rawValue).sorted()
        let header: PostgresQuery = """
            UPDATE sales_orders o SET status = m.s, version = o.version + 1,
                   confirmed_at = CASE WHEN m.s = 'confirmed' THEN \(now) ELSE o.confirmed_at END,
                   cancelled_at = CASE WHEN m.s = 'cancelled' THEN \(now) ELSE o.cancelled_at END
            FROM unnest(\(moves.map(\.order.id.rawValue))::bigint[], \(moves.map(\.status.rawValue))::text[]) AS m(id, s)
            WHERE o.id = m.id AND o.status = ANY(\(from))
            RETURNING o.id, o.version, o.confirmed_at, o.cancelled_at
            """
        var moved: [SalesOrderID: Moved] = [:]
        for row in try tx.query(lines.map { "WITH lines AS (" + $0 + ") " + header } ?? header) {
            moved[try row.decode(0, as: SalesOrderID.self)] = Moved(version: try row.decode(1, as: Int64.self),
                                                                    confirmedAt: try row.decode(2, as: Date?.self),
                                                                    cancelledAt: try row.decode(3, as: Date?.self))
        }
        if let lost = moves.first(where: { moved[$0.order.id] == nil }) {
            throw ERPError.invalidState(entity: "order", current: lost.order.status.rawValue, action: action.rawValue)
        }
        return moved
    }

    /// What a batch move wrote to an order's header.
    struct Moved {
        var version: Int64
        var confirmedAt: Date?
        var cancelledAt: Date?
    }

    /// Confirms a draft, reserving every goods line in the order's warehouse or none.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState`, `.insufficientStock` with
    ///   every short line; `PostgresError`.
    static func confirm(_ id: SalesOrderID, by principal: Principal, at now: Date, in tx: Transaction) throws -> SalesOrder {
        try confirm([id], field: { _ in "" }, by: principal, at: now, in: tx)[0]
    }

    /// Confirms the drafts `ids` — a day's confirmations — reserving every goods line of every
    /// order or none: the orders locked in id order, the reservations through one ledger call
    /// (levels locked once, in the ledger's order, deciding from the rows the lock returned), the
    /// lines, statuses, audit and change feed in one statement each.
    /// - Throws: as the single confirm, for the first order that fails; `.insufficientStock`
    ///   naming every short line as `orders[i].lines[j]`; `.validationFailed` for an order named
    ///   twice or a line below its floor. Nothing is written then.
    static func confirm(_ ids: [SalesOrderID], by principal: Principal, at now: Date, in tx: Transaction) throws -> [SalesOrder] {
        try confirm(ids, field: { "orders[\($0)]." }, by: principal, at: now, in: tx)
    }

    private static func confirm(_ ids: [SalesOrderID], field prefix: (Int) -> String, by principal: Principal, at now: Date,
                                in tx: Transaction) throws -> [SalesOrder] {
        try principal.require(.sellOrders)
        guard !ids.isEmpty else { return [] }
        guard Set(ids).count == ids.count else { throw ERPError.validationFailed(fields: ["orders": "names an order more than once"]) }
        let orders = try Orders.get(ids, by: principal, lock: true, in: tx)
        for order in orders { try require(.confirm, order) }
        try MinimumPrice.requireAbove(orders, field: prefix, by: principal, in: tx)
        try StockLedger.reserve(orders.enumerated().flatMap { index, order in
            order.lines.filter { $0.kind == .goods }.sorted { $0.productID < $1.productID }.map { line in
                LevelReservation(productID: line.productID, warehouseID: order.warehouseID, qty: line.qty,
                                 field: prefix(index).isEmpty ? nil : "\(prefix(index))lines[\(line.lineNo - 1)]")
            }
        }, in: tx)
        let moved = try move(orders.map { ($0, .confirmed) }, by: .confirm, at: now, lines: """
            UPDATE sales_order_lines SET reserved = qty WHERE order_id = ANY(\(orders.map(\.id.rawValue))) AND stocked
            """, in: tx)
        let confirmed = try Orders.named(orders.map { order in
            var confirmed = order
            confirmed.status = .confirmed
            for index in confirmed.lines.indices where confirmed.lines[index].kind == .goods {
                confirmed.lines[index].reserved = confirmed.lines[index].qty
            }
            if let written = moved[order.id] {
                (confirmed.version, confirmed.confirmedAt, confirmed.cancelledAt) = (written.version, written.confirmedAt, written.cancelledAt)
            }
            return confirmed
        }, in: tx)
        try Orders.audit("confirm", confirmed.map { ($0, [:]) }, by: principal, in: tx)
        return confirmed
    }

    /// Cancels an order, releasing exactly what its lines still hold.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState`; `PostgresError`.
    static func cancel(_ id: SalesOrderID, by principal: Principal, at now: Date, in tx: Transaction) throws -> SalesOrder {
        try principal.require(.sellOrders)
        return try cancelVisible(try Orders.get(id, by: principal, lock: true, in: tx), by: principal, at: now, in: tx)
    }

    /// Cancels an order already read (and locked) for `principal`.
    static func cancelVisible(_ order: SalesOrder, by principal: Principal, at now: Date, in tx: Transaction) throws -> SalesOrder {
        try require(.cancel, order)
        let held = order.lines.filter { $0.reserved.isPositive }
        try StockLedger.release(held.map { ReservationLine(productID: $0.productID, qty: $0.reserved) }, in: order.warehouseID, in: tx)
        let released = order.lines.map { line in
            var line = line
            line.reserved = .zero
            return line
        }
        let cancelled = try move(order, to: .cancelled, by: .cancel, at: now, lines: (
            "UPDATE sales_order_lines SET reserved = 0 WHERE order_id = \(order.id)", released), in: tx)
        let releasedLines: JSONValue = .array(held.map { .object(["product_id": .number($0.productID.rawValue), "qty": .string($0.reserved.description)]) })
        try Orders.audit("cancel", cancelled, extra: ["released": releasedLines], by: principal, in: tx)
        return cancelled
    }
}
