// An order as lists show it — the client card's open and recent orders, the orders and to-ship
// pages: the header and its stored total, and how many lines it has, read in one query for a whole
// list (the order's own page reads the lines).

import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// One order without its lines.
package struct OrderSummary: Codable, Sendable, Equatable {
    package var id: SalesOrderID
    package var number: String
    package var status: OrderStatus
    package var clientID: PartyID
    package var warehouseID: WarehouseID
    package var managerID: UserID?
    package var createdAt: Date
    package var confirmedAt: Date?
    /// The order's total with VAT (`gross_minor`, which its lines add up to).
    package var total: Money
    /// How many lines the order has.
    package var lineCount: Int
    /// The client's name and the warehouse's code beside their ids (`Orders.named`).
    package var clientName: String? = nil
    package var warehouseCode: String? = nil

    /// The select list `init(row:)` reads, for `… FROM sales_orders WHERE …`.
    static let columns: PostgresQuery = """
        SELECT id, number, status, client_id, warehouse_id, manager_id, created_at, confirmed_at, gross_minor,
               (SELECT count(*) FROM sales_order_lines l WHERE l.order_id = sales_orders.id)
        FROM sales_orders
        """

    /// Reads a row selected with `columns`.
    /// - Throws: `PostgresError` of kind `.decoding`.
    init(row: PostgresRow) throws(PostgresError) {
        let statusText = try row.decode(2, as: String.self)
        guard let status = OrderStatus(rawValue: statusText) else {
            throw PostgresError(.decoding, message: "sales_orders.status \"\(statusText)\" is not an order status")
        }
        self.init(id: try row.decode(0, as: SalesOrderID.self), number: try row.decode(1, as: String.self), status: status,
                  clientID: try row.decode(3, as: PartyID.self), warehouseID: try row.decode(4, as: WarehouseID.self),
                  managerID: try row.decode(5, as: UserID?.self), createdAt: try row.decode(6, as: Date.self),
                  confirmedAt: try row.decode(7, as: Date?.self), total: Money(minorUnits: try row.decode(8, as: Int64.self)),
                  lineCount: Int(try row.decode(9, as: Int64.self)))
    }

    init(id: SalesOrderID, number: String, status: OrderStatus, clientID: PartyID, warehouseID: WarehouseID, managerID: UserID?,
         createdAt: Date, confirmedAt: Date?, total: Money, lineCount: Int) {
        self.id = id
        self.number = number
        self.status = status
        self.clientID = clientID
        self.warehouseID = warehouseID
        self.managerID = managerID
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
        self.total = total
        self.lineCount = lineCount
    }
}

/// An order as the API shows it, whole or summarised: ids with the client's name and the
/// warehouse's code beside them, filled for a whole list at once by `Orders.named`.
protocol NamedOrder {
    var clientID: PartyID { get }
    var warehouseID: WarehouseID { get }
    var clientName: String? { get set }
    var warehouseCode: String? { get set }
}

extension SalesOrder: NamedOrder {}
extension OrderSummary: NamedOrder {}
