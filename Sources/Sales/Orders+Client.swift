// What the client card reads of a client's orders: light summaries (no lines, so a client with a
// thousand orders costs one indexed query) and timeline events for orders and shipments.

import ERPCore
import Foundation
import Parties
import Postgres

extension Orders {
    /// The client's orders in `statuses` (all when nil), newest first, at most `limit`.
    /// - Throws: `PostgresError`.
    package static func summaries(of client: PartyID, statuses: [OrderStatus]?, limit: Int, in tx: Transaction) throws -> [OrderSummary] {
        let wanted = statuses?.map(\.rawValue)
        return try tx.query(OrderSummary.columns + """
             WHERE client_id = \(client) AND (\(wanted)::text[] IS NULL OR status = ANY(\(wanted)))
            ORDER BY id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in try OrderSummary(row: row) }
    }

    /// The client's orders and shipments as timeline events before `position`, newest first.
    /// - Throws: `PostgresError`.
    package static func timeline(of client: PartyID, before position: TimelinePosition, limit: Int, in tx: Transaction) throws -> [TimelineEvent] {
        let orders = try tx.query("""
            SELECT id, created_at, number, status, gross_minor, created_by_login FROM sales_orders
            WHERE client_id = \(client) AND (created_at, 'order', id) < (\(position.at), \(position.kind), \(position.id))
            ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in
            TimelineEvent(at: try row.decode(1, as: Date.self), kind: "order", id: try row.decode(0, as: Int64.self),
                          title: "Order \(try row.decode(2, as: String.self)) (\(try row.decode(3, as: String.self)))",
                          detail: "by \(try row.decode(5, as: String.self))", amount: Money(minorUnits: try row.decode(4, as: Int64.self)))
        }
        let shipments = try tx.query("""
            SELECT s.id, s.shipped_at, s.number, o.number, s.shipped_by_login FROM shipments s JOIN sales_orders o ON o.id = s.order_id
            WHERE o.client_id = \(client) AND (s.shipped_at, 'shipment', s.id) < (\(position.at), \(position.kind), \(position.id))
            ORDER BY s.shipped_at DESC, s.id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in
            TimelineEvent(at: try row.decode(1, as: Date.self), kind: "shipment", id: try row.decode(0, as: Int64.self),
                          title: "Shipment \(try row.decode(2, as: String.self)) of \(try row.decode(3, as: String.self))",
                          detail: "by \(try row.decode(4, as: String.self))")
        }
        return orders + shipments
    }
}
