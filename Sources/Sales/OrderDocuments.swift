// What the billing module reads of an order to document it: its shipments and returns with their
// lines, as package functions inside the caller's transaction (billing never reads sales tables).

import Catalog
import ERPCore
import Foundation
import Postgres

extension Shipments {
    /// The shipments of order `id`, oldest first, with their lines (costs included: callers decide
    /// what to show).
    /// - Throws: `PostgresError`.
    package static func list(of id: SalesOrderID, in tx: Transaction) throws -> [Shipment] {
        let headers = try tx.query("""
            SELECT id, number, shipped_at, shipped_by_login FROM shipments WHERE order_id = \(id) ORDER BY id
            """)
        let lines = try tx.query("""
            SELECT l.shipment_id, l.product_id, l.qty, l.cost_minor FROM shipment_lines l
            JOIN shipments s ON s.id = l.shipment_id WHERE s.order_id = \(id) ORDER BY l.shipment_id, l.product_id
            """)
        var byShipment: [ShipmentID: [ShipmentLine]] = [:]
        for row in lines {
            byShipment[try row.decode(0, as: ShipmentID.self), default: []].append(ShipmentLine(
                productID: try row.decode(1, as: ProductID.self), qty: Quantity(thousandths: try row.decode(2, as: Int64.self)),
                cost: Money(minorUnits: try row.decode(3, as: Int64.self))))
        }
        return try headers.map { (row) throws(PostgresError) in
            let shipmentID = try row.decode(0, as: ShipmentID.self)
            return Shipment(id: shipmentID, number: try row.decode(1, as: String.self), orderID: id,
                            shippedAt: try row.decode(2, as: Date.self), shippedBy: try row.decode(3, as: String.self),
                            lines: byShipment[shipmentID] ?? [])
        }
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
