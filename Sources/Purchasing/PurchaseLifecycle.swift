// The life of a supplier order as an explicit transition table. Every transition locks the order
// row first, checks the table, and changes the status with `WHERE status = ANY(allowed)`, so a
// concurrent change is a clean 409.
//
//   draft ──order──▶ ordered ──receive──▶ partially_received ──receive──▶ received
//     │                 │                        │
//     └─────cancel──────┴─────────cancel─────────┘──▶ cancelled
//   cancelling a partially received order closes the rest: nothing more is expected.

import ERPCore
import Foundation
import Postgres

/// What can be done to a supplier order.
enum PurchaseAction: String {
    case edit
    case order
    case receive
    case cancel
}

enum PurchaseLifecycle {
    /// The statuses each action is allowed from.
    static let allowed: [PurchaseAction: Set<PurchaseOrderStatus>] = [
        .edit: [.draft],
        .order: [.draft],
        .receive: [.ordered, .partiallyReceived],
        .cancel: [.draft, .ordered, .partiallyReceived],
    ]

    /// Refuses `action` on `order` unless its status allows it.
    /// - Throws: `ERPError.invalidState` naming the current status.
    static func require(_ action: PurchaseAction, _ order: PurchaseOrder) throws(ERPError) {
        guard allowed[action]?.contains(order.status) == true else {
            throw ERPError.invalidState(entity: "purchase order", current: order.status.rawValue, action: action.rawValue)
        }
    }

    /// Moves `order` to `status`, checking in SQL that it is still in a status `action` allows.
    /// - Throws: `ERPError.invalidState` when a concurrent change got there first; `PostgresError`.
    static func move(_ order: PurchaseOrder, to status: PurchaseOrderStatus, by action: PurchaseAction, at now: Date,
                     in tx: Transaction) throws {
        let from = (allowed[action] ?? []).map(\.rawValue).sorted()
        let changed = try tx.query("""
            UPDATE purchase_orders SET status = \(status.rawValue), version = version + 1,
                   ordered_at = CASE WHEN \(status.rawValue) = 'ordered' THEN \(now) ELSE ordered_at END,
                   cancelled_at = CASE WHEN \(status.rawValue) = 'cancelled' THEN \(now) ELSE cancelled_at END
            WHERE id = \(order.id) AND status = ANY(\(from))
            RETURNING id
            """)
        guard !changed.isEmpty else {
            throw ERPError.invalidState(entity: "purchase order", current: order.status.rawValue, action: action.rawValue)
        }
    }

    /// Places a draft with the supplier: from now on its lines are incoming stock.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState`; `PostgresError`.
    static func order(_ id: PurchaseOrderID, by principal: Principal, at now: Date, in tx: Transaction) throws -> PurchaseOrder {
        try transition(id, .order, to: .ordered, by: principal, at: now, in: tx)
    }

    /// Cancels an order; what a partially received order still expects is no longer incoming.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState`; `PostgresError`.
    static func cancel(_ id: PurchaseOrderID, by principal: Principal, at now: Date, in tx: Transaction) throws -> PurchaseOrder {
        try transition(id, .cancel, to: .cancelled, by: principal, at: now, in: tx)
    }

    private static func transition(_ id: PurchaseOrderID, _ action: PurchaseAction, to status: PurchaseOrderStatus,
                                   by principal: Principal, at now: Date, in tx: Transaction) throws -> PurchaseOrder {
        try principal.require(.editPurchasing)
        let order = try PurchaseOrders.get(id, by: principal, lock: true, in: tx)
        try require(action, order)
        try move(order, to: status, by: action, at: now, in: tx)
        let changed = try PurchaseOrders.fetch(id, in: tx)
        try PurchaseOrders.audit(action.rawValue, changed, by: principal, in: tx)
        return changed.visible(to: principal)
    }
}
