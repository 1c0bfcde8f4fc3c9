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
        return try order(from: row, lines: try lines(from: tx.query(lineColumns + " WHERE order_id = \(id) ORDER BY line_no"), in: tx))
    }

    /// Reads the orders `ids` with their lines in three statements, in id order (missing ones left
    /// out); `lock` locks their rows, in id order too.
    /// - Throws: `PostgresError`, `ValueError`.
    static func read(_ ids: [SalesOrderID], lock: Bool = false, in tx: Transaction) throws -> [SalesOrder] {
        let ids = Set(ids).map(\.rawValue).sorted()
        guard !ids.isEmpty else { return [] }
        let headers = try tx.query(headerColumns + " WHERE id = ANY(\(ids)) ORDER BY id" + (lock ? " FOR UPDATE" : ""))
        let rows = try tx.query(lineColumns + " WHERE order_id = ANY(\(ids)) ORDER BY order_id, line_no")
        var linesOf: [Int64: [OrderLine]] = [:]
        for (row, line) in zip(rows, try lines(from: rows, in: tx)) { linesOf[try row.decode(13, as: Int64.self), default: []].append(line) }
        return try headers.map { row in try order(from: row, lines: linesOf[try row.decode(0, as: Int64.self)] ?? []) }
    }

    /// The order after a shipment of `shipped` (quantity and cost per product) left it: the
    /// lines hold that much less and have shipped that much more, the status is `shipped` once
    /// every goods line is shipped in full (else `partially_shipped`), the version one more —
    /// as the shipment's statements leave the stored order.
    /// - Throws: `ERPError.validationFailed` when a quantity would overflow.
    func afterShipping(_ shipped: [ProductID: (qty: Quantity, cost: Money)]) throws -> SalesOrder {
        var order = self
        for index in order.lines.indices {
            guard let qty = shipped[order.lines[index].productID]?.qty else { continue }
            order.lines[index].reserved = try order.lines[index].reserved - qty
            order.lines[index].shipped = try order.lines[index].shipped + qty
        }
        order.status = order.lines.allSatisfy { $0.kind == .service || $0.shipped >= $0.qty } ? .shipped : .partiallyShipped
        order.version += 1
        return order
    }

    /// The columns of `sales_order_lines` that `lines(from:in:)` decodes, then the order's id.
    static let lineColumns: PostgresQuery = """
        SELECT line_no, product_id, qty, price_minor, discount_bp, vat_rate::bigint, net_minor, vat_minor, gross_minor,
               stocked, reserved, shipped, returned, order_id
        FROM sales_order_lines
        """

    /// The order in a row of `headerColumns` with `lines`.
    /// - Throws: `PostgresError`, `ValueError` (totals that do not fit).
    static func order(from row: PostgresRow, lines: [OrderLine]) throws -> SalesOrder {
        let statusText = try row.decode(2, as: String.self)
        guard let status = OrderStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, message: "sales_orders.status \"\(statusText)\" is not an order status")
        }
        return SalesOrder(
            id: try row.decode(0, as: SalesOrderID.self), number: try row.decode(1, as: String.self), status: status,
            clientID: try row.decode(3, as: PartyID.self),
            warehouseID: try row.decode(4, as: WarehouseID.self), managerID: try row.decode(5, as: UserID?.self),
            comment: try row.decode(6, as: String?.self), pricesIncludeVAT: try row.decode(7, as: Bool.self), lines: lines,
            totals: try LineTotals(lines: lines), createdAt: try row.decode(8, as: Date.self),
            createdBy: try row.decode(9, as: String.self), confirmedAt: try row.decode(10, as: Date?.self),
            cancelledAt: try row.decode(11, as: Date?.self), version: try row.decode(12, as: Int64.self))
    }

    /// The lines in rows of `lineColumns`, named from the catalog in one read.
    /// - Throws: `PostgresError`, `ValueError`.
    static func lines(from rows: PostgresRows, in tx: Transaction) throws -> [OrderLine] {
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
