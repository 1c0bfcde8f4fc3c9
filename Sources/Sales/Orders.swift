// Creating and changing draft orders, and reading one as its viewer may see it. An order is
// visible exactly when its client is: a manager without `all_clients` gets `404` for another
// manager's client's order, never `403`.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

package enum Orders {
    /// Changes a draft at its version; given lines replace all lines (prices re-read from the catalog
    /// where not given).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (not a draft),
    ///   `.versionConflict`, `.validationFailed`; `PostgresError`.
    static func update(_ id: SalesOrderID, with changes: OrderChanges, by principal: Principal, at now: Date,
                       in tx: Transaction) throws -> SalesOrder {
        try principal.require(.sellOrders)
        let order = try get(id, by: principal, lock: true, in: tx)
        try OrderLifecycle.require(.edit, order)
        guard order.version == changes.version else { throw ERPError.versionConflict(current: order.version) }
        var problems = FieldErrors()
        let client = try changes.clientID.map { id in
            check(client: try Parties.get(id, by: principal, in: tx), field: "client_id", problems: &problems)
        }
        if let warehouse = changes.warehouseID {
            _ = try checkWarehouses([warehouse], field: { _ in "warehouse_id" }, by: principal, problems: &problems, in: tx)
        }
        let comment = changes.comment.map { checkedComment($0, problems: &problems) } ?? order.comment
        let company = try CompanySettings.current(in: tx)
        let day = try CompanyCalendar.day(of: order.createdAt, in: tx)
        let lines = try changes.lines.map {
            let terms = PricingTerms(client: try client ?? Parties.get(order.clientID, by: .system(), in: tx),
                                     warehouse: changes.warehouseID ?? order.warehouseID, day: day,
                                     by: principal)
            return try OrderPricing.price($0, terms: terms, company: company, pricesIncludeVAT: order.pricesIncludeVAT,
                                          problems: &problems, in: tx)
        }
        try problems.throwIfAny()
        try tx.query("""
            UPDATE sales_orders SET client_id = \(changes.clientID ?? order.clientID),
                   warehouse_id = \(changes.warehouseID ?? order.warehouseID), comment = \(comment), version = version + 1
            WHERE id = \(id) AND status = 'draft'
            """)
        if let lines { try OrderPricing.store(lines, of: order, in: tx) }
        let updated = try fetch(id, in: tx)
        try audit("update", updated, by: principal, in: tx)
        return updated
    }

    /// The order `id` as `principal` may see it (its client visible to them; a storekeeper with
    /// a scope: its warehouse in the scope).
    /// - Throws: `ERPError.forbidden` without `readOrders`, `.notFound`; `PostgresError`.
    package static func get(_ id: SalesOrderID, by principal: Principal, lock: Bool = false, in tx: Transaction) throws -> SalesOrder {
        try principal.require(.readOrders)
        guard let order = try SalesOrder.read(id, lock: lock, in: tx), principal.sees(order.warehouseID),
              try sees(client: order.clientID, principal, in: tx)
        else { throw ERPError.notFound(entity: "order", id: String(id.rawValue)) }
        // A locked read is a change's first step, which answers with `fetch`: no names needed yet.
        return lock ? order : try named([order], in: tx)[0]
    }

    /// The order with this number (`SO-2026-000001`) or id, as `get` shows it.
    /// - Throws: as `get`.
    static func get(reference: String, by principal: Principal, in tx: Transaction) throws -> SalesOrder {
        let byNumber = try tx.query("SELECT id FROM sales_orders WHERE upper(number) = upper(\(reference))").firstRow
        guard let id = try byNumber?.decode(0, as: SalesOrderID.self) ?? (try? SalesOrderID(parsing: reference)) else {
            throw ERPError.notFound(entity: "order", id: reference)
        }
        return try get(id, by: principal, in: tx)
    }

    /// The order as stored (no visibility check: the caller has done it), with its client's name
    /// and warehouse's code unless `named` is false (a list names its orders all at once).
    static func fetch(_ id: SalesOrderID, named: Bool = true, in tx: Transaction) throws -> SalesOrder {
        guard let order = try SalesOrder.read(id, in: tx) else { throw ERPError.notFound(entity: "order", id: String(id.rawValue)) }
        return named ? try self.named([order], in: tx)[0] : order
    }

    /// `orders` with their clients' names and warehouses' codes beside the ids: one query for
    /// each, whatever the number of orders (the caller has checked visibility).
    /// - Throws: `PostgresError`.
    static func named<Order: NamedOrder>(_ orders: [Order], in tx: Transaction) throws -> [Order] {
        let names = try Parties.names(of: orders.map(\.clientID), in: tx)
        let codes = try Warehouses.codes(of: orders.map(\.warehouseID), in: tx)
        return orders.map { order in
            var named = order
            (named.clientName, named.warehouseCode) = (names[order.clientID], codes[order.warehouseID])
            return named
        }
    }

    /// Records `order.action` in the audit log with the order's number, status and total, and the
    /// change event of a create, confirm, ship or cancel (the change feed).
    static func audit(_ action: String, _ order: SalesOrder, extra: [String: JSONValue] = [:], by principal: Principal,
                      in tx: Transaction) throws {
        try audit(action, [(order, extra)], by: principal, in: tx)
    }

    /// `audit(_:_:extra:by:in:)` for many orders, in two statements.
    static func audit(_ action: String, _ orders: [(order: SalesOrder, extra: [String: JSONValue])], by principal: Principal,
                      in tx: Transaction) throws {
        let changes: [[String: JSONValue]] = orders.map { order, _ in
            ["number": .string(order.number), "status": .string(order.status.rawValue),
             "client_id": .number(order.clientID.rawValue), "total": .string(order.totals.gross.description)]
        }
        try Audit.record(in: tx, by: principal, action: "order.\(action)", entityType: "sales_order",
                         changes: zip(orders, changes).map { entry, change in
                             (entry.order.id, AuditChange(.object(change.merging(entry.extra) { _, new in new })))
                         })
        let events: [String: ChangeEventType] = ["create": .orderCreated, "confirm": .orderConfirmed, "ship": .orderShipped,
                                                 "cancel": .orderCancelled]
        if let type = events[action] {
            // The warehouse keeps a storekeeper's feed to their own warehouses' orders.
            try ChangeEvents.record(zip(orders, changes).map { entry, change in
                NewChangeEvent(type, entity: "order", id: entry.order.id, client: entry.order.clientID.rawValue,
                               data: .object(change.merging(["warehouse_id": .number(entry.order.warehouseID.rawValue)]) { _, new in new }))
            }, in: tx)
        }
    }

    private static func sees(client: PartyID, _ principal: Principal, in tx: Transaction) throws -> Bool {
        guard let visible = try Parties.visibleIDs(for: principal, in: tx) else { return true }
        return visible.contains(client)
    }

    /// The comment trimmed (nil when empty); longer than 2000 characters is a problem.
    static func checkedComment(_ text: String?, field: String = "comment", problems: inout FieldErrors) -> String? {
        let comment = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let comment, comment.count > 2000 { problems.add(field, "must be at most 2000 characters") }
        return comment?.isEmpty == true ? nil : comment
    }
}
