// Shipping many orders in one go — a storekeeper's wave of the day's shipments, or a load of
// history — with the rules of `Shipments.ship` for each order and the writes of all of them
// together: the orders are read and locked in one statement (id order), every move of every
// shipment is posted through one `StockLedger.post` (levels locked once, in the ledger's order),
// and shipments, their lines, the order lines, the statuses, revenue hours, the audit log and the
// change feed each take one statement for the whole batch. The batch is all or nothing: a problem
// with any order refuses it (its errors named under `orders[i]`) and nothing is written.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// One order of a batch shipment and what to ship of it (everything still reserved when the
/// request names no lines).
package struct OrderShipment: Sendable, Equatable {
    package var orderID: SalesOrderID
    package var request: ShipRequest

    package init(orderID: SalesOrderID, request: ShipRequest = ShipRequest()) {
        (self.orderID, self.request) = (orderID, request)
    }
}

extension Shipments {
    /// Ships every order of `batch`, in the batch's order (shipments are numbered so).
    /// - Throws: as `ship(_:_:by:at:in:)`, for the first order that fails (a field error names
    ///   it as `orders[i]…`); `.validationFailed` for an order named twice. Nothing is written then.
    static func ship(_ batch: [OrderShipment], by principal: Principal, at now: Date,
                     in tx: Transaction) throws -> [(order: SalesOrder, shipment: Shipment)] {
        try principal.require(.shipOrders)
        guard !batch.isEmpty else { return [] }
        guard Set(batch.map(\.orderID)).count == batch.count else {
            throw ERPError.validationFailed(fields: ["orders": "names an order more than once"])
        }
        let orders = try Orders.get(batch.map(\.orderID), by: principal, lock: true, in: tx)
        let facts = try Products.facts(of: Array(Set(orders.flatMap { $0.lines.map(\.productID) })), in: tx)
        var wanted: [[OrderQuantity]] = []
        for index in batch.indices {
            try OrderLifecycle.require(.ship, orders[index])
            wanted.append(try quantities(batch[index].request, of: orders[index], products: facts, field: "orders[\(index)]."))
        }

        let year = try CompanyCalendar.year(of: now, in: tx)
        let numbers = try DocumentNumbers.next(count: batch.count, series: "shipment", year: year, in: tx)
            .map { DocumentNumbers.format(prefix: "SHP", year: year, sequence: $0) }
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let shipmentIDs = try tx.query("""
            INSERT INTO shipments (number, order_id, shipped_at, shipped_by, shipped_by_login)
            SELECT s.number, s.order_id, \(now), \(actorID), \(principal.login)
            FROM unnest(\(numbers)::text[], \(orders.map(\.id.rawValue))::bigint[]) WITH ORDINALITY AS s(number, order_id, n)
            ORDER BY s.n
            RETURNING id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: ShipmentID.self) }
        var lines: [BatchLine] = []
        for index in orders.indices {
            lines += wanted[index].map { BatchLine(order: orders[index], shipmentID: shipmentIDs[index], line: $0) }
        }
        let moves = try StockLedger.post(try lines.map { item in
            MoveRequest(productID: item.line.productID, warehouseID: item.order.warehouseID, qty: try -item.line.qty, kind: .shipment,
                        pricing: .averageCost, documentType: "shipment", documentID: item.shipmentID.rawValue,
                        releasesReserved: item.line.qty)
        }, by: principal, at: now, in: tx)
        let costs = try moves.map { try -($0.cost ?? .zero()) }
        try tx.query("""
            INSERT INTO shipment_lines (shipment_id, product_id, qty, cost_minor)
            SELECT l.s, l.p, l.q, l.c
            FROM unnest(\(lines.map(\.shipmentID.rawValue))::bigint[], \(lines.map(\.line.productID.rawValue))::bigint[],
                        \(lines.map(\.line.qty.thousandths))::bigint[], \(costs.map(\.minorUnits))::bigint[]) AS l(s, p, q, c)
            """)
        try RevenueHours.add(zip(lines, costs).map { ShippedRevenue($0.line, of: $0.order, cost: $1) }, at: now, in: tx)
        try tx.query("""
            UPDATE sales_order_lines l SET reserved = l.reserved - s.q, shipped = l.shipped + s.q,
                   shipped_cost_minor = l.shipped_cost_minor + s.c
            FROM unnest(\(lines.map(\.order.id.rawValue))::bigint[], \(lines.map(\.line.productID.rawValue))::bigint[],
                        \(lines.map(\.line.qty.thousandths))::bigint[], \(costs.map(\.minorUnits))::bigint[]) AS s(o, p, q, c)
            WHERE l.order_id = s.o AND l.product_id = s.p
            """)
        var shippedCosts: [SalesOrderID: [ProductID: (qty: Quantity, cost: Money)]] = [:]
        for index in lines.indices {
            shippedCosts[lines[index].order.id, default: [:]][lines[index].line.productID] = (lines[index].line.qty, costs[index])
        }
        var shipped: [SalesOrder] = []
        for order in orders { shipped.append(try order.afterShipping(shippedCosts[order.id] ?? [:])) }
        try OrderLifecycle.move(orders.indices.map { (orders[$0], shipped[$0].status) }, by: .ship, at: now, in: tx)
        shipped = try Orders.named(shipped, in: tx)
        let seesCosts = principal.may(.readStockCosts)
        var results: [(order: SalesOrder, shipment: Shipment)] = []
        for index in orders.indices {
            let costOf = shippedCosts[orders[index].id] ?? [:]
            let shipmentLines = wanted[index].map { line in
                ShipmentLine(productID: line.productID, qty: line.qty, cost: seesCosts ? costOf[line.productID]?.cost : nil)
            }
            results.append((shipped[index], Shipment(id: shipmentIDs[index], number: numbers[index], orderID: orders[index].id, shippedAt: now,
                                                     shippedBy: principal.login, lines: shipmentLines)))
        }
        try Orders.audit("ship", orders.indices.map { (shipped[$0], ["shipment": .string(numbers[$0])]) }, by: principal, in: tx)
        return results
    }

    /// One line of a batch shipment: the order and shipment it belongs to, and what it ships.
    private struct BatchLine {
        var order: SalesOrder
        var shipmentID: ShipmentID
        var line: OrderQuantity
    }
}
