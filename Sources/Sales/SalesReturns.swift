// Returns: goods the client sends back come into the order's warehouse at the cost they left at —
// never more than was shipped less what already came back. Over several returns of one line the
// costs add up exactly to the line's shipped cost (each return takes the difference of two
// rounded shares, not a rounded share of its own).

import Catalog
import ERPCore
import Foundation
import Postgres
import Warehouse

/// A return as the API returns it.
package struct SalesReturn: Codable, Sendable, Equatable {
    package var id: SalesReturnID
    package var number: String
    package var orderID: SalesOrderID
    package var reason: ReturnReason
    package var note: String?
    package var returnedAt: Date
    package var returnedBy: String
    package var lines: [OrderQuantity]
}

package enum SalesReturns {
    /// Takes goods back against order `id`.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (nothing shipped yet),
    ///   `.validationFailed` (more than shipped less returned, a missing note for `other`); `PostgresError`.
    static func take(_ request: ReturnRequest, against id: SalesOrderID, by principal: Principal, at now: Date,
                     in tx: Transaction) throws -> (order: SalesOrder, return: SalesReturn) {
        try principal.require(.shipOrders)
        let order = try Orders.get(id, by: principal, lock: true, in: tx)
        try OrderLifecycle.require(.return, order)
        var problems = FieldErrors()
        let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if request.reason == .other, note == nil { problems.add("note", "is required when the reason is other") }
        if let note, note.count > 2000 { problems.add("note", "must be at most 2000 characters") }
        if request.lines.isEmpty { problems.add("lines", "must have at least one line") }
        let units = try Products.facts(of: request.lines.map(\.productID), in: tx)
        var seen = Set<ProductID>()
        for (index, line) in request.lines.enumerated() {
            let field = "lines[\(index)]"
            guard let onOrder = order.lines.first(where: { $0.productID == line.productID }), onOrder.kind == .goods else {
                problems.add("\(field).product_id", "product \(line.productID) was not shipped on order \(order.number)")
                continue
            }
            let returnable = try onOrder.shipped - onOrder.returned
            if !seen.insert(line.productID).inserted {
                problems.add("\(field).product_id", "\(onOrder.sku) is already on another line")
            } else if !line.qty.isPositive {
                problems.add("\(field).qty", "must be greater than zero")
            } else if !line.qty.fits(units[line.productID], field: "\(field).qty", problems: &problems) {
                // named by `fits`
            } else if returnable < line.qty {
                problems.add("\(field).qty", "only \(returnable) of \(onOrder.sku) can still be returned")
            }
        }
        try problems.throwIfAny()

        let costs = try tx.query("""
            SELECT product_id, shipped, returned, shipped_cost_minor FROM sales_order_lines WHERE order_id = \(id)
            """)
        var share: [ProductID: (shipped: Int64, returned: Int64, cost: Int64)] = [:]
        for row in costs {
            share[try row.decode(0, as: ProductID.self)] = (try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self),
                                                            try row.decode(3, as: Int64.self))
        }
        let lineCosts = try request.lines.map { line -> Int64 in
            guard let s = share[line.productID], s.shipped > 0 else { return 0 }
            return try costShare(s.cost, of: s.returned + line.qty.thousandths, per: s.shipped)
                - (try costShare(s.cost, of: s.returned, per: s.shipped))
        }

        let year = try CompanyCalendar.year(of: now, in: tx)
        let number = DocumentNumbers.format(prefix: "RET", year: year,
                                            sequence: try DocumentNumbers.next(series: "sales_return", year: year, in: tx))
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let returnID = try tx.query("""
            INSERT INTO sales_returns (number, order_id, reason, note, returned_at, returned_by, returned_by_login)
            VALUES (\(number), \(id), \(request.reason.rawValue), \(note), \(now), \(actorID), \(principal.login)) RETURNING id
            """).single().decode(0, as: SalesReturnID.self)
        try StockLedger.post(zip(request.lines, lineCosts).map { line, cost in
            MoveRequest(productID: line.productID, warehouseID: order.warehouseID, qty: line.qty, kind: .return,
                        pricing: .totalCost(Money(minorUnits: cost)), documentType: "return", documentID: returnID.rawValue)
        }, by: principal, at: now, in: tx)
        let products = request.lines.map(\.productID.rawValue), quantities = request.lines.map(\.qty.thousandths)
        try tx.query("""
            INSERT INTO sales_return_lines (return_id, product_id, qty, cost_minor)
            SELECT \(returnID), l.p, l.q, l.c FROM unnest(\(products)::bigint[], \(quantities)::bigint[], \(lineCosts)::bigint[]) AS l(p, q, c)
            """)
        try tx.query("""
            UPDATE sales_order_lines l SET returned = l.returned + r.q
            FROM unnest(\(products)::bigint[], \(quantities)::bigint[]) AS r(p, q)
            WHERE l.order_id = \(id) AND l.product_id = r.p
            """)
        try tx.query("UPDATE sales_orders SET version = version + 1 WHERE id = \(id)")
        let updated = try Orders.fetch(id, in: tx)
        try Orders.audit("return", updated, extra: ["return": .string(number), "reason": .string(request.reason.rawValue)],
                         by: principal, in: tx)
        return (updated, SalesReturn(id: returnID, number: number, orderID: id, reason: request.reason, note: note,
                                     returnedAt: now, returnedBy: principal.login, lines: request.lines))
    }

    /// `cost × qty / shipped`, rounded half-up (all non-negative; qty ≤ shipped).
    private static func costShare(_ cost: Int64, of qty: Int64, per shipped: Int64) throws -> Int64 {
        try DecimalText.narrow(DecimalText.divideRoundingHalfUp(Int128(cost) * Int128(qty), by: Int128(shipped)),
                               operation: "returned cost")
    }
}

extension String {
    /// Nil for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
