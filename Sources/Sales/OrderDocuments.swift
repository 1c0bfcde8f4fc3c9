// What the billing module reads of an order to document it: its shipments and returns with their
// lines, one order or a batch's orders at once, as package functions inside the caller's
// transaction (billing never reads sales tables).

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres

extension Orders {
    /// The orders `ids` as `get` shows them to `principal`, in the order asked — read (and with
    /// `lock`, locked in id order) in one go: what a batch of documents reads of its orders.
    /// - Throws: `ERPError.forbidden` without `readOrders`, `.notFound` (the first order missing or
    ///   not visible); `PostgresError`, `ValueError`.
    package static func get(_ ids: [SalesOrderID], by principal: Principal, lock: Bool = false,
                            in tx: Transaction) throws -> [SalesOrder] {
        try principal.require(.readOrders)
        let read = Dictionary(uniqueKeysWithValues: try SalesOrder.read(ids, lock: lock, in: tx).map { ($0.id, $0) })
        let visible = try Parties.visibleIDs(for: principal, in: tx).map(Set.init)
        return try ids.map { id throws(ERPError) in
            guard let order = read[id], principal.sees(order.warehouseID), visible?.contains(order.clientID) ?? true else {
                throw ERPError.notFound(entity: "order", id: String(id.rawValue))
            }
            return order
        }
    }
}

extension Shipments {
    /// The shipments of order `id`, oldest first, with their lines (costs included: callers decide
    /// what to show).
    /// - Throws: `PostgresError`.
    package static func list(of id: SalesOrderID, in tx: Transaction) throws -> [Shipment] {
        try list(of: [id], in: tx)[id] ?? []
    }

    /// The shipments of each of the orders `ids`, oldest first, with their lines: two statements
    /// whatever the number of orders (an order without shipments is absent).
    /// - Throws: `PostgresError`.
    package static func list(of ids: [SalesOrderID], in tx: Transaction) throws -> [SalesOrderID: [Shipment]] {
        let ids = Array(Set(ids.map(\.rawValue)))
        let headers = try tx.query("""
            SELECT id, number, shipped_at, shipped_by_login, order_id FROM shipments WHERE order_id = ANY(\(ids)::bigint[]) ORDER BY id
            """)
        let lines = try tx.query("""
            SELECT l.shipment_id, l.product_id, l.qty, l.cost_minor FROM shipment_lines l
            JOIN shipments s ON s.id = l.shipment_id WHERE s.order_id = ANY(\(ids)::bigint[]) ORDER BY l.shipment_id, l.product_id
            """)
        var byShipment: [ShipmentID: [ShipmentLine]] = [:]
        for row in lines {
            byShipment[try row.decode(0, as: ShipmentID.self), default: []].append(ShipmentLine(
                productID: try row.decode(1, as: ProductID.self), qty: Quantity(thousandths: try row.decode(2, as: Int64.self)),
                cost: Money(minorUnits: try row.decode(3, as: Int64.self))))
        }
        var byOrder: [SalesOrderID: [Shipment]] = [:]
        for row in headers {
            let shipmentID = try row.decode(0, as: ShipmentID.self), orderID = try row.decode(4, as: SalesOrderID.self)
            byOrder[orderID, default: []].append(Shipment(
                id: shipmentID, number: try row.decode(1, as: String.self), orderID: orderID,
                shippedAt: try row.decode(2, as: Date.self), shippedBy: try row.decode(3, as: String.self),
                lines: byShipment[shipmentID] ?? []))
        }
        return byOrder
    }
}

extension SalesReturns {
    /// The returns against order `id`, oldest first, with their lines.
    /// - Throws: `PostgresError`.
    package static func list(of id: SalesOrderID, in tx: Transaction) throws -> [SalesReturn] {
        let headers = try tx.query("""
            SELECT id, number, reason, note, returned_at, returned_by_login FROM sales_returns WHERE order_id = \(id) ORDER BY id
            """)
        let lines = try tx.query("""
            SELECT l.return_id, l.product_id, l.qty FROM sales_return_lines l
            JOIN sales_returns r ON r.id = l.return_id WHERE r.order_id = \(id) ORDER BY l.return_id, l.product_id
            """)
        var byReturn: [SalesReturnID: [OrderQuantity]] = [:]
        for row in lines {
            byReturn[try row.decode(0, as: SalesReturnID.self), default: []].append(OrderQuantity(
                productID: try row.decode(1, as: ProductID.self), qty: Quantity(thousandths: try row.decode(2, as: Int64.self))))
        }
        return try headers.map { (row) throws(PostgresError) in
            let returnID = try row.decode(0, as: SalesReturnID.self)
            let reasonText = try row.decode(2, as: String.self)
            guard let reason = ReturnReason(rawValue: reasonText) else {
                throw PostgresError(.decoding, message: "sales_returns.reason \"\(reasonText)\" is not a reason")
            }
            return SalesReturn(id: returnID, number: try row.decode(1, as: String.self), orderID: id, reason: reason,
                               note: try row.decode(3, as: String?.self), returnedAt: try row.decode(4, as: Date.self),
                               returnedBy: try row.decode(5, as: String.self), lines: byReturn[returnID] ?? [])
        }
    }
}
