// A supplier order as the API returns it — header, lines with what was ordered, received and is
// still expected, and the totals — and how it is read back. Prices are without VAT: stock is
// valued net, so a receipt's unit cost is the order's price as it stands.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// Where a supplier order is in its life (PurchaseLifecycle has the transition table).
package enum PurchaseOrderStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case draft
    case ordered
    case partiallyReceived = "partially_received"
    case received
    case cancelled
}

/// One line of a supplier order.
package struct PurchaseOrderLine: Codable, Sendable, Equatable {
    package var lineNo: Int
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    package var qty: Quantity
    /// The unit price without VAT; nil for those who may not see purchase prices.
    package var price: Money?
    package var vatRate: VATRate
    package var net: Money?
    package var vat: Money?
    package var gross: Money?
    /// What the order's receipts brought in (more than `qty` only by an explicit over-receipt).
    package var received: Quantity
    /// `qty − received`, never below zero: what is still on its way.
    package var remaining: Quantity
}

/// A supplier order (заказ поставщику).
package struct PurchaseOrder: Codable, Sendable, Equatable {
    package var id: PurchaseOrderID
    /// `PO-2026-000001`.
    package var number: String
    package var status: PurchaseOrderStatus
    package var supplierID: PartyID
    package var warehouseID: WarehouseID
    /// When the supplier promised the goods.
    package var expectedDate: CalendarDate?
    package var comment: String?
    package var lines: [PurchaseOrderLine]
    /// Nil for those who may not see purchase prices.
    package var totals: LineTotals?
    package var createdAt: Date
    package var createdBy: String
    package var orderedAt: Date?
    package var cancelledAt: Date?
    package var version: Int64
    /// The supplier's name and the warehouse's code beside their ids.
    package var supplierName: String? = nil
    package var warehouseCode: String? = nil
}

extension PurchaseOrder {
    /// The order's lines as CSV (one row per line, a total row); price columns are empty for
    /// those who may not see purchase prices.
    package var csv: String {
        let header = ["line", "sku", "name", "unit", "qty", "price", "vat_rate", "net", "vat", "gross", "received", "remaining"]
        let rows = lines.map { line in
            [String(line.lineNo), line.sku, line.name, line.unit, line.qty.description, line.price?.description ?? "",
             line.vatRate.description, line.net?.description ?? "", line.vat?.description ?? "", line.gross?.description ?? "",
             line.received.description, line.remaining.description]
        }
        let total = ["", "", "total", "", "", "", "", totals?.net.description ?? "", totals?.vat.description ?? "",
                     totals?.gross.description ?? "", "", ""]
        return CSVDocument.write([header] + rows + [total])
    }

    static let headerColumns: PostgresQuery = """
        SELECT id, number, status, supplier_id, warehouse_id, expected_date::text, comment, created_at, created_by_login,
               ordered_at, cancelled_at, version
        FROM purchase_orders
        """

    /// Reads the order `id` with its lines, or nil; `lock` holds the order row until `tx` ends.
    /// - Throws: `PostgresError`, `ValueError` (a stored amount that does not add up).
    static func read(_ id: PurchaseOrderID, lock: Bool = false, in tx: Transaction) throws -> PurchaseOrder? {
        try read([id], lock: lock, in: tx).first
    }

    /// Reads the orders `ids` with their lines in three queries whatever their number (a list
    /// page), in the order of `ids`, leaving out those that do not exist; unless `lock`ed (a
    /// change's first step), two more name their suppliers and warehouses.
    /// - Throws: `PostgresError`, `ValueError` (a stored amount that does not add up).
    static func read(_ ids: [PurchaseOrderID], lock: Bool = false, in tx: Transaction) throws -> [PurchaseOrder] {
        let raw = ids.map(\.rawValue)
        let headers = try tx.query(headerColumns + " WHERE id = ANY(\(raw)::bigint[])" + (lock ? " FOR UPDATE" : ""))
        var lines = try readLines(of: raw, in: tx)
        var orders: [PurchaseOrderID: PurchaseOrder] = [:]
        for row in headers {
            let id = try row.decode(0, as: PurchaseOrderID.self)
            let status = try PurchaseOrderStatus(row, column: 2)
            let (orderLines, amounts) = lines.removeValue(forKey: id) ?? ([], [])
            orders[id] = PurchaseOrder(
                id: id, number: try row.decode(1, as: String.self), status: status, supplierID: try row.decode(3, as: PartyID.self),
                warehouseID: try row.decode(4, as: WarehouseID.self),
                expectedDate: try row.decode(5, as: String?.self).map { text throws(ValueError) in try CalendarDate(parsing: text) },
                comment: try row.decode(6, as: String?.self), lines: orderLines, totals: try LineTotals(lines: amounts),
                createdAt: try row.decode(7, as: Date.self), createdBy: try row.decode(8, as: String.self),
                orderedAt: try row.decode(9, as: Date?.self), cancelledAt: try row.decode(10, as: Date?.self),
                version: try row.decode(11, as: Int64.self))
        }
        if !lock { try orders.name(in: tx) }
        return ids.compactMap { orders[$0] }
    }

    private static func readLines(of ids: [Int64], in tx: Transaction) throws -> [PurchaseOrderID: ([PurchaseOrderLine], [LineAmounts])] {
        let rows = try tx.query("""
            SELECT order_id, line_no, product_id, qty, price_minor, vat_rate::bigint, received
            FROM purchase_order_lines WHERE order_id = ANY(\(ids)::bigint[]) ORDER BY order_id, line_no
            """)
        let facts = try Products.facts(of: try rows.map { (row) throws(PostgresError) in try row.decode(2, as: ProductID.self) }, in: tx)
        var lines: [PurchaseOrderID: ([PurchaseOrderLine], [LineAmounts])] = [:]
        for row in rows {
            let orderID = try row.decode(0, as: PurchaseOrderID.self)
            let productID = try row.decode(2, as: ProductID.self)
            let product = facts[productID]
            let qty = Quantity(thousandths: try row.decode(3, as: Int64.self))
            let price = Money(minorUnits: try row.decode(4, as: Int64.self))
            let vatRate = try VATRate(basisPoints: try row.decode(5, as: Int64?.self))
            let received = Quantity(thousandths: try row.decode(6, as: Int64.self))
            let line = try LineAmounts(quantity: qty, price: price, vatRate: vatRate, pricesIncludeVAT: false)
            lines[orderID, default: ([], [])].1.append(line)
            lines[orderID, default: ([], [])].0.append(PurchaseOrderLine(
                lineNo: Int(try row.decode(1, as: Int64.self)), productID: productID, sku: product?.sku ?? "",
                name: product?.name ?? "", unit: product?.unit ?? "", qty: qty, price: price, vatRate: vatRate,
                net: line.net, vat: line.vat, gross: line.gross, received: received,
                remaining: Quantity(thousandths: max(0, qty.thousandths - received.thousandths))))
        }
        return lines
    }

    /// The order once a receipt of `quantities` (by product) is counted on it, as the receipt's
    /// UPDATEs leave it: lines' received and remaining, the status, the version.
    /// - Throws: `ValueError` when a received quantity would not fit.
    func receiving(_ quantities: [ProductID: Quantity]) throws -> PurchaseOrder {
        var order = self
        for index in order.lines.indices {
            guard let qty = quantities[order.lines[index].productID] else { continue }
            let received = try order.lines[index].received + qty
            order.lines[index].received = received
            order.lines[index].remaining = Quantity(thousandths: max(0, order.lines[index].qty.thousandths - received.thousandths))
        }
        order.status = order.lines.allSatisfy { $0.received >= $0.qty } ? .received : .partiallyReceived
        order.version += 1
        return order
    }

    /// The order as `principal` may see it: quantities only without `readPurchasePrices`.
    func visible(to principal: Principal) -> PurchaseOrder {
        guard !principal.may(.readPurchasePrices) else { return self }
        var order = self
        order.totals = nil
        for index in order.lines.indices {
            (order.lines[index].price, order.lines[index].net, order.lines[index].vat, order.lines[index].gross) = (nil, nil, nil, nil)
        }
        return order
    }
}
