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
    /// Creates a draft: numbered now (gapless per year; drafts are cancelled, never deleted).
    /// - Throws: `ERPError.forbidden`, `.notFound` (a client the user does not see),
    ///   `.validationFailed` (every bad field); `PostgresError`.
    static func create(_ command: NewOrder, by principal: Principal, at now: Date, in tx: Transaction) throws -> SalesOrder {
        try principal.require(.sellOrders)
        var problems = FieldErrors()
        let client = try checkClient(command.clientID, by: principal, problems: &problems, in: tx)
        try checkWarehouse(command.warehouseID, by: principal, problems: &problems, in: tx)
        let manager = try managerID(command.managerID, by: principal, problems: &problems, in: tx)
        let comment = try checkedComment(command.comment, problems: &problems)
        let company = try CompanySettings.current(in: tx)
        let pricesIncludeVAT = company.pricesIncludeVAT
        let day = try CompanyCalendar.day(of: now, in: tx)
        let terms = PricingTerms(client: client, warehouse: command.warehouseID, day: day, by: principal)
        let lines = try OrderPricing.price(command.lines, terms: terms, company: company, problems: &problems, in: tx)
        try problems.throwIfAny()

        // The order (its number taken in the same statement) and its lines in one statement; the
        // order is built from what was written.
        let totals = try LineTotals(lines: lines.map(\.amounts))
        let row = try tx.query("""
            WITH o AS (
                INSERT INTO sales_orders (number, status, client_id, warehouse_id, manager_id, comment, prices_include_vat,
                                          net_minor, vat_minor, gross_minor, created_at, created_by_login)
                VALUES (
            """ + DocumentNumbers.taking(prefix: "SO", series: "sales_order", year: day.year) + """
                        , 'draft', \(command.clientID), \(command.warehouseID), \(manager), \(comment),
                        \(pricesIncludeVAT), \(totals.net.minorUnits), \(totals.vat.minorUnits), \(totals.gross.minorUnits),
                        \(now), \(principal.login))
                RETURNING id, created_at, version, number
            ), l AS (

            """ + OrderPricing.insert(lines) + """

            )
            SELECT id, created_at, version, number FROM o
            """).single()
        var order = SalesOrder(
            id: try row.decode(0, as: SalesOrderID.self), number: try row.decode(3, as: String.self), status: .draft, clientID: command.clientID,
            warehouseID: command.warehouseID, managerID: manager, comment: comment, pricesIncludeVAT: pricesIncludeVAT,
            lines: lines.enumerated().map { OrderLine(lineNo: $0.offset + 1, priced: $0.element) }, totals: totals,
            createdAt: try row.decode(1, as: Date.self), createdBy: principal.login, confirmedAt: nil, cancelledAt: nil,
            version: try row.decode(2, as: Int64.self))
        (order.clientName, order.warehouseCode) = (client.name, try Warehouses.codes(of: [command.warehouseID], in: tx)[command.warehouseID])
        try audit("create", order, by: principal, in: tx)
        return order
    }

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
        let client = try changes.clientID.map { try checkClient($0, by: principal, problems: &problems, in: tx) }
        if let warehouse = changes.warehouseID { try checkWarehouse(warehouse, by: principal, problems: &problems, in: tx) }
        let comment = try changes.comment.map { try checkedComment($0, problems: &problems) } ?? order.comment
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
        if let lines { try OrderPricing.store(lines, in: id, in: tx) }
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

    /// The client `id` names, visible to `principal`; not a client or archived is a problem.
    private static func checkClient(_ id: PartyID, by principal: Principal, problems: inout FieldErrors, in tx: Transaction) throws -> Party {
        let client = try Parties.get(id, by: principal, in: tx)
        if !client.isClient { problems.add("client_id", "\(client.name) is not marked as a client") }
        if client.archived { problems.add("client_id", "\(client.name) is archived") }
        return client
    }

    private static func checkWarehouse(_ id: WarehouseID, by principal: Principal, problems: inout FieldErrors, in tx: Transaction) throws {
        let warehouse = try Warehouses.get(String(id.rawValue), by: principal, in: tx)
        if !warehouse.active { problems.add("warehouse_id", "warehouse \(warehouse.code) is inactive") }
    }

    /// The order's manager: the one asked for (owners only may name someone else), else the creator.
    private static func managerID(_ asked: UserID?, by principal: Principal, problems: inout FieldErrors,
                                  in tx: Transaction) throws -> UserID? {
        guard let asked, asked != principal.userID else { return principal.isSystem ? nil : principal.userID }
        guard principal.role == .owner else { throw ERPError.forbidden(action: "assign an order to another manager") }
        if try Users.existing([asked], in: tx).isEmpty { problems.add("manager_id", "there is no user \(asked)") }
        return asked
    }

    private static func checkedComment(_ text: String?, problems: inout FieldErrors) throws -> String? {
        let comment = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let comment, comment.count > 2000 { problems.add("comment", "must be at most 2000 characters") }
        return comment?.isEmpty == true ? nil : comment
    }
}
