// A supplier order as lists show it — `GET /api/v1/purchase-orders`, the orders page, the supplier
// card: the header, its stored total and how many lines it has, read in one query for a whole list
// (the order's own endpoint and page read the lines, like the sales order list since issue #20).

import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// One supplier order without its lines.
package struct PurchaseOrderSummary: Codable, Sendable, Equatable {
    package var id: PurchaseOrderID
    package var number: String
    package var status: PurchaseOrderStatus
    package var supplierID: PartyID
    package var warehouseID: WarehouseID
    package var expectedDate: CalendarDate?
    package var comment: String?
    /// The order's total with VAT (`gross_minor`, which its lines add up to); nil for those who may
    /// not see purchase prices.
    package var total: Money?
    /// How many lines the order has.
    package var lineCount: Int
    package var createdAt: Date
    package var createdBy: String
    package var orderedAt: Date?
    package var cancelledAt: Date?
    package var version: Int64
    /// The supplier's name and the warehouse's code beside their ids.
    package var supplierName: String? = nil
    package var warehouseCode: String? = nil
}

extension PurchaseOrderSummary {
    /// The orders `ids` (in that order, leaving out those that do not exist) with their suppliers'
    /// names and warehouses' codes, in three queries whatever their number; the total only for
    /// those who see purchase prices.
    /// - Throws: `PostgresError`.
    static func read(_ ids: [PurchaseOrderID], by principal: Principal, in tx: Transaction) throws -> [PurchaseOrderSummary] {
        let rows = try tx.query("""
            SELECT id, number, status, supplier_id, warehouse_id, expected_date::text, comment, gross_minor,
                   (SELECT count(*) FROM purchase_order_lines l WHERE l.order_id = purchase_orders.id),
                   created_at, created_by_login, ordered_at, cancelled_at, version
            FROM purchase_orders WHERE id = ANY(\(ids.map(\.rawValue))::bigint[])
            """)
        let prices = principal.may(.readPurchasePrices)
        var orders: [PurchaseOrderID: PurchaseOrderSummary] = [:]
        for row in rows {
            let id = try row.decode(0, as: PurchaseOrderID.self)
            orders[id] = PurchaseOrderSummary(
                id: id, number: try row.decode(1, as: String.self), status: try PurchaseOrderStatus(row, column: 2), supplierID: try row.decode(3, as: PartyID.self),
                warehouseID: try row.decode(4, as: WarehouseID.self),
                expectedDate: try row.decode(5, as: String?.self).map { text throws(ValueError) in try CalendarDate(parsing: text) },
                comment: try row.decode(6, as: String?.self),
                total: prices ? Money(minorUnits: try row.decode(7, as: Int64.self)) : nil,
                lineCount: Int(try row.decode(8, as: Int64.self)), createdAt: try row.decode(9, as: Date.self),
                createdBy: try row.decode(10, as: String.self), orderedAt: try row.decode(11, as: Date?.self),
                cancelledAt: try row.decode(12, as: Date?.self), version: try row.decode(13, as: Int64.self))
        }
        try orders.name(in: tx)
        return ids.compactMap { orders[$0] }
    }
}

/// A supplier order as the API shows it, whole or summarised: ids with the supplier's name and the
/// warehouse's code beside them, filled for a whole list at once by `name(in:)`.
protocol NamedPurchaseOrder {
    var supplierID: PartyID { get }
    var warehouseID: WarehouseID { get }
    var supplierName: String? { get set }
    var warehouseCode: String? { get set }
}

extension PurchaseOrder: NamedPurchaseOrder {}
extension PurchaseOrderSummary: NamedPurchaseOrder {}

extension Dictionary where Key == PurchaseOrderID, Value: NamedPurchaseOrder {
    /// Names the orders' suppliers and warehouses in two queries (none for no orders).
    /// - Throws: `PostgresError`.
    mutating func name(in tx: Transaction) throws {
        guard !isEmpty else { return }
        let names = try Parties.names(of: values.map(\.supplierID), in: tx)
        let codes = try Warehouses.codes(of: values.map(\.warehouseID), in: tx)
        for (id, order) in self {
            self[id]?.supplierName = names[order.supplierID]
            self[id]?.warehouseCode = codes[order.warehouseID]
        }
    }
}

extension PurchaseOrderStatus {
    /// The status stored in column `column` of `row` (`purchase_orders.status`).
    /// - Throws: `PostgresError` of kind `.decoding` for a status this program does not know.
    init(_ row: PostgresRow, column: Int) throws(PostgresError) {
        let text = try row.decode(column, as: String.self)
        guard let status = PurchaseOrderStatus(rawValue: text) else {
            throw PostgresError(.decoding, message: "purchase_orders.status \"\(text)\" is not an order status")
        }
        self = status
    }
}
