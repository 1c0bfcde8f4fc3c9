// Listing orders newest first, with the filters of `GET /api/v1/orders`, as summaries without their
// lines (the API's list, the CLI's and the pages'; the item endpoint has the lines). The managers'
// visibility is part of the SQL: another manager's client's orders never reach a page.

import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// The filters of `GET /api/v1/orders`.
package struct OrderFilter: Sendable, Equatable {
    package var status: OrderStatus?
    package var clientID: PartyID?
    package var managerID: UserID?
    package var warehouseID: WarehouseID?
    /// Created at or after `from` and before `to`.
    package var from: Date?
    package var to: Date?
    package var limit: Int
    package var cursor: String?
    /// Confirmed before this instant (holding its reservation since then).
    package var confirmedBefore: Date?

    package init(status: OrderStatus? = nil, clientID: PartyID? = nil, managerID: UserID? = nil, warehouseID: WarehouseID? = nil,
                 from: Date? = nil, to: Date? = nil, limit: Int = 100, cursor: String? = nil, confirmedBefore: Date? = nil) {
        self.status = status
        self.clientID = clientID
        self.managerID = managerID
        self.warehouseID = warehouseID
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
        self.confirmedBefore = confirmedBefore
    }
}

enum OrderQueries {
    /// One page of the orders `principal` sees that match `filter`, newest first, as summaries:
    /// one query for the page, whatever its size.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func summaries(_ filter: OrderFilter, by principal: Principal, in tx: Transaction) throws -> Page<OrderSummary> {
        try principal.require(.readOrders)
        let before = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor) ?? Int64.max
        let clients = try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
        let scope = principal.warehouseScope.map { Array($0) }
        let rows = try tx.query(OrderSummary.columns + """
             WHERE id < \(before)
              AND (\(clients)::bigint[] IS NULL OR client_id = ANY(\(clients)))
              AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
              AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
              AND (\(filter.clientID)::bigint IS NULL OR client_id = \(filter.clientID))
              AND (\(filter.managerID)::bigint IS NULL OR manager_id = \(filter.managerID))
              AND (\(filter.warehouseID)::bigint IS NULL OR warehouse_id = \(filter.warehouseID))
              AND (\(filter.from)::timestamptz IS NULL OR created_at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR created_at < \(filter.to))
              AND (\(filter.confirmedBefore)::timestamptz IS NULL OR confirmed_at < \(filter.confirmedBefore))
            ORDER BY id DESC LIMIT \(Int64(filter.limit) + 1)
            """)
        let summaries = try rows.prefix(filter.limit).map { (row) throws(PostgresError) in try OrderSummary(row: row) }
        let next = rows.count > filter.limit ? summaries.last.map { String($0.id.rawValue) } : nil
        return Page(items: try Orders.named(summaries, in: tx), nextCursor: next)
    }

    /// Confirmed orders `principal` sees that have held their reservation for more than `days`
    /// days (7 unless given), newest first, at most `limit`.
    /// - Throws: `ERPError.validationFailed` (days outside 1–365), as `summaries`; `PostgresError`.
    static func heldLongerThan(days: Int?, limit: Int, by principal: Principal, at now: Date, in tx: Transaction) throws -> Page<OrderSummary> {
        let days = days ?? SalesService.reservationAgeDays
        guard (1...365).contains(days) else { throw ERPError.validationFailed(fields: ["days": "must be between 1 and 365"]) }
        return try summaries(OrderFilter(status: .confirmed, limit: limit, confirmedBefore: now.addingTimeInterval(-Double(days) * 86_400)),
                        by: principal, in: tx)
    }
}
