// Shipping a confirmed order: reserved goods leave the warehouse as `shipment` moves at the
// average cost (stored: the cost of goods sold), in full or line by line, never more than a line
// holds. A shipment is a numbered document (SHP-2026-000001) of its own.

import Catalog
import ERPCore
import Foundation
import Postgres
import Warehouse

/// A shipment as the API returns it.
package struct Shipment: Codable, Sendable, Equatable {
    package var id: ShipmentID
    package var number: String
    package var orderID: SalesOrderID
    package var shippedAt: Date
    package var shippedBy: String
    package var lines: [ShipmentLine]
}

/// One product shipped and what it cost.
package struct ShipmentLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    /// Nil for users who may not see costs.
    package var cost: Money?
}

package enum Shipments {
    /// Ships `request` (everything still reserved when it names no lines) from order `id`.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState`, `.validationFailed` (a line
    ///   not on the order, a service, more than reserved); `PostgresError`.
    static func ship(_ id: SalesOrderID, _ request: ShipRequest, by principal: Principal, at now: Date,
                     in tx: Transaction) throws -> (order: SalesOrder, shipment: Shipment) {
        try principal.require(.shipOrders)
        let order = try Orders.get(id, by: principal, lock: true, in: tx)
        try OrderLifecycle.require(.ship, order)
        let wanted = try quantities(request, of: order, products: try Products.facts(of: order.lines.map(\.productID), in: tx))

        let year = try CompanyCalendar.year(of: now, in: tx)
        let number = DocumentNumbers.format(prefix: "SHP", year: year,
                                            sequence: try DocumentNumbers.next(series: "shipment", year: year, in: tx))
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let shipmentID = try tx.query("""
            INSERT INTO shipments (number, order_id, shipped_at, shipped_by, shipped_by_login)
            VALUES (\(number), \(id), \(now), \(actorID), \(principal.login)) RETURNING id
            """).single().decode(0, as: ShipmentID.self)
        let moves = try StockLedger.post(try wanted.map { line in
            MoveRequest(productID: line.productID, warehouseID: order.warehouseID, qty: try -line.qty, kind: .shipment,
                        pricing: .averageCost, documentType: "shipment", documentID: shipmentID.rawValue, releasesReserved: line.qty)
        }, by: principal, at: now, in: tx)
        let costs = try moves.map { try -($0.cost ?? .zero()) }
        try tx.query("""
            INSERT INTO shipment_lines (shipment_id, product_id, qty, cost_minor)
            SELECT \(shipmentID), l.p, l.q, l.c
            FROM unnest(\(wanted.map(\.productID.rawValue))::bigint[], \(wanted.map(\.qty.thousandths))::bigint[],
                        \(costs.map(\.minorUnits))::bigint[]) AS l(p, q, c)
            """)
        try RevenueHours.add(zip(wanted, costs).map { ShippedRevenue($0, of: order, cost: $1) }, at: now, in: tx)
        // The lines were read under the order's lock, which every change of them takes: what
        // they hold after this shipment, and so whether it completes the order, follows from them.
        let shippedLines = try order.lines.map { line in
            var line = line
            if let taken = wanted.first(where: { $0.productID == line.productID })?.qty {
                line.reserved = try line.reserved - taken
                line.shipped = try line.shipped + taken
            }
            return line
        }
        let complete = shippedLines.allSatisfy { $0.kind != .goods || $0.shipped >= $0.qty }
        let shipped = try OrderLifecycle.move(order, to: complete ? .shipped : .partiallyShipped, by: .ship, at: now, lines: ("""
            UPDATE sales_order_lines l SET reserved = l.reserved - s.q, shipped = l.shipped + s.q,
                   shipped_cost_minor = l.shipped_cost_minor + s.c
            FROM unnest(\(wanted.map(\.productID.rawValue))::bigint[], \(wanted.map(\.qty.thousandths))::bigint[],
                        \(costs.map(\.minorUnits))::bigint[]) AS s(p, q, c)
            WHERE l.order_id = \(id) AND l.product_id = s.p
            """, shippedLines), in: tx)
        try Orders.audit("ship", shipped, extra: ["shipment": .string(number)], by: principal, in: tx)
        let seesCosts = principal.may(.readStockCosts)
        let shipment = Shipment(id: shipmentID, number: number, orderID: id, shippedAt: now, shippedBy: principal.login,
                                lines: zip(wanted, costs).map { ShipmentLine(productID: $0.productID, qty: $0.qty, cost: seesCosts ? $1 : nil) })
        return (shipped, shipment)
    }

    /// What to ship, validated against what each line holds and its unit; every problem at once,
    /// named under `field` (a batch's `orders[i].`).
    static func quantities(_ request: ShipRequest, of order: SalesOrder, products: [ProductID: ProductFacts],
                           field prefix: String = "") throws(ERPError) -> [OrderQuantity] {
        guard let asked = request.lines else {
            return order.lines.filter { $0.reserved.isPositive }.map { OrderQuantity(productID: $0.productID, qty: $0.reserved) }
        }
        var problems = FieldErrors()
        if asked.isEmpty { problems.add(prefix + "lines", "must have at least one line (or leave lines out to ship everything)") }
        var seen = Set<ProductID>()
        for (index, line) in asked.enumerated() {
            let field = prefix + "lines[\(index)]"
            guard let onOrder = order.lines.first(where: { $0.productID == line.productID }) else {
                problems.add("\(field).product_id", "product \(line.productID) is not on order \(order.number)")
                continue
            }
            if !seen.insert(line.productID).inserted {
                problems.add("\(field).product_id", "\(onOrder.sku) is already on another line")
            } else if onOrder.kind == .service {
                problems.add("\(field).product_id", "\(onOrder.sku) is a service, which is never shipped from stock")
            } else if !line.qty.isPositive {
                problems.add("\(field).qty", "must be greater than zero")
            } else if !line.qty.fits(products[line.productID], field: "\(field).qty", problems: &problems) {
                // named by `fits`
            } else if onOrder.reserved < line.qty {
                problems.add("\(field).qty", "only \(onOrder.reserved) of \(onOrder.sku) is reserved for this order")
            }
        }
        try problems.throwIfAny()
        return asked
    }
}
