// A sales order as the API returns it — header, lines with what each has reserved, shipped and
// returned, and the totals with their VAT breakdown — and how it is read back.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// Where an order is in its life (OrderLifecycle has the transition table).
package enum OrderStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case draft
    case confirmed
    case partiallyShipped = "partially_shipped"
    case shipped
    case cancelled
}

/// One line of an order.
package struct OrderLine: Codable, Sendable, Equatable, VATAmounts {
    package var lineNo: Int
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    /// Goods are reserved and shipped; services never are.
    package var kind: ProductKind
    package var qty: Quantity
    /// The unit price (the catalog price when the line was added, unless given).
    package var price: Money
    package var discountPct: Percentage
    package var vatRate: VATRate
    package var net: Money
    package var vat: Money
    package var gross: Money
    /// Held in stock for this line now.
    package var reserved: Quantity
    package var shipped: Quantity
    package var returned: Quantity
}

/// A sales order.
package struct SalesOrder: Codable, Sendable, Equatable {
    package var id: SalesOrderID
    /// `SO-2026-000001`.
    package var number: String
    package var status: OrderStatus
    package var clientID: PartyID
    package var warehouseID: WarehouseID
    /// The manager responsible (the creating user by default).
    package var managerID: UserID?
    package var comment: String?
    /// Whether the prices contain VAT (copied from the company's settings at creation).
    package var pricesIncludeVAT: Bool
    package var lines: [OrderLine]
    package var totals: LineTotals
    package var createdAt: Date
    package var createdBy: String
    package var confirmedAt: Date?
    package var cancelledAt: Date?
    package var version: Int64
    /// The client's name and the warehouse's code beside their ids (`Orders.named`).
    package var clientName: String? = nil
    package var warehouseCode: String? = nil

    private enum CodingKeys: String, CodingKey {
        case id, number, status, clientID, warehouseID, managerID, comment, lines, totals, createdAt, createdBy
        case confirmedAt, cancelledAt, version, clientName, warehouseCode
        // The house coder would spell it `prices_include_v_a_t` both ways.
        case pricesIncludeVAT = "pricesIncludeVat"
    }
}

extension SalesOrder {
    static let headerColumns: PostgresQuery = """
        SELECT id, number, status, client_id, warehouse_id, manager_id, comment, prices_include_vat,
               created_at, created_by_login, confirmed_at, cancelled_at, version
        FROM sales_orders
        """

    /// Reads the order `id` with its lines, or nil.
    /// - Throws: `PostgresError`, `ValueError` (a stored amount that does not add up).
    static func read(_ id: SalesOrderID, lock: Bool = false, in tx: Transaction) throws -> SalesOrder? {
        guard let row = try tx.query(headerColumns + " WHERE id = \(id)" + (lock ? " FOR UPDATE" : "")).firstRow else { return nil }
        let statusText = try row.decode(2, as: String.self)
        guard let status = OrderStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, message: "sales_orders.status \"\(statusText)\" is not an order status")
        }
        let lines = try readLines(of: id, in: tx)
        return SalesOrder(
            id: id, number: try row.decode(1, as: String.self), status: status, clientID: try row.decode(3, as: PartyID.self),
            warehouseID: try row.decode(4, as: WarehouseID.self), managerID: try row.decode(5, as: UserID?.self),
            comment: try row.decode(6, as: String?.self), pricesIncludeVAT: try row.decode(7, as: Bool.self), lines: lines,
            totals: try LineTotals(lines: lines), createdAt: try row.decode(8, as: Date.self),
            createdBy: try row.decode(9, as: String.self), confirmedAt: try row.decode(10, as: Date?.self),
            cancelledAt: try row.decode(11, as: Date?.self), version: try row.decode(12, as: Int64.self))
    }

    private static func readLines(of id: SalesOrderID, in tx: Transaction) throws -> [OrderLine] {
        let rows = try tx.query("""
            SELECT line_no, product_id, qty, price_minor, discount_bp, vat_rate::bigint, net_minor, vat_minor, gross_minor,
                   stocked, reserved, shipped, returned
            FROM sales_order_lines WHERE order_id = \(id) ORDER BY line_no
            """)
        let facts = try Products.facts(of: try rows.map { (row) throws(PostgresError) in try row.decode(1, as: ProductID.self) }, in: tx)
        return try rows.map { row in
            let productID = try row.decode(1, as: ProductID.self)
            let product = facts[productID]
            return OrderLine(
                lineNo: Int(try row.decode(0, as: Int64.self)), productID: productID, sku: product?.sku ?? "",
                name: product?.name ?? "", unit: product?.unit ?? "", kind: try row.decode(9, as: Bool.self) ? .goods : .service,
                qty: Quantity(thousandths: try row.decode(2, as: Int64.self)), price: Money(minorUnits: try row.decode(3, as: Int64.self)),
                discountPct: try Percentage(basisPoints: try row.decode(4, as: Int64.self)),
                vatRate: try VATRate(basisPoints: try row.decode(5, as: Int64?.self)),
                net: Money(minorUnits: try row.decode(6, as: Int64.self)), vat: Money(minorUnits: try row.decode(7, as: Int64.self)),
                gross: Money(minorUnits: try row.decode(8, as: Int64.self)),
                reserved: Quantity(thousandths: try row.decode(10, as: Int64.self)),
                shipped: Quantity(thousandths: try row.decode(11, as: Int64.self)),
                returned: Quantity(thousandths: try row.decode(12, as: Int64.self)))
        }
    }
}
