// Creating drafts: one order from the API, or a day's new orders at once (a history load, an
// import) — the single create is the batch of one. Every rule of an order is checked for each
// (the client visible and a client, the warehouse active, the manager, every line priced by
// OrderPricing and above its floor), but what they read is read once for the batch: the clients
// in one query, each warehouse once, the catalog's prices once, the floors once; then the orders
// and all their lines are written in one statement, numbered in the batch's order, and audited
// in one statement. All or nothing: any problem refuses the batch, named under `orders[i]…`.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

extension Orders {
    /// Creates a draft: numbered now (gapless per year; drafts are cancelled, never deleted).
    /// - Throws: `ERPError.forbidden`, `.notFound` (a client the user does not see),
    ///   `.validationFailed` (every bad field); `PostgresError`.
    static func create(_ command: NewOrder, by principal: Principal, at now: Date, in tx: Transaction) throws -> SalesOrder {
        try create([command], field: { _ in "" }, by: principal, at: now, in: tx)[0]
    }

    /// Creates the drafts of `commands`, numbered in their order, and answers them in that order.
    /// - Throws: as the single create, every field error named `orders[i].…`; nothing is written then.
    static func create(_ commands: [NewOrder], by principal: Principal, at now: Date, in tx: Transaction) throws -> [SalesOrder] {
        try create(commands, field: { "orders[\($0)]." }, by: principal, at: now, in: tx)
    }

    private static func create(_ commands: [NewOrder], field prefix: (Int) -> String, by principal: Principal, at now: Date,
                               in tx: Transaction) throws -> [SalesOrder] {
        try principal.require(.sellOrders)
        guard !commands.isEmpty else { return [] }
        var problems = FieldErrors()
        let clients = try Parties.get(commands.map(\.clientID), by: principal, in: tx)
        let warehouses = try checkWarehouses(commands.map(\.warehouseID), field: { prefix($0) + "warehouse_id" }, by: principal,
                                             problems: &problems, in: tx)
        let company = try CompanySettings.current(in: tx)
        let day = try CompanyCalendar.day(of: now, in: tx)
        var managers: [UserID?] = []
        var comments: [String?] = []
        var terms: [PricingTerms] = []
        for (index, command) in commands.enumerated() {
            let client = check(client: try clients[command.clientID] ?? Parties.get(command.clientID, by: principal, in: tx),
                               field: prefix(index) + "client_id", problems: &problems)
            managers.append(try managerID(command.managerID, field: prefix(index) + "manager_id", by: principal, problems: &problems, in: tx))
            comments.append(checkedComment(command.comment, field: prefix(index) + "comment", problems: &problems))
            terms.append(PricingTerms(client: client, warehouse: command.warehouseID, day: day, by: principal))
        }
        let list = try PriceList(Array(zip(commands.map(\.lines), terms)), on: day, company: company, in: tx)
        var priced: [[PricedLine]] = []
        var floors: [FloorLine] = []
        for index in commands.indices {
            let order = OrderPricing.price(commands[index].lines, terms: terms[index], list: list, company: company,
                                           field: prefix(index), problems: &problems)
            priced.append(order.lines)
            floors += order.floors
        }
        try MinimumPrice.check(floors, by: principal, problems: &problems, in: tx)
        try problems.throwIfAny()

        let numbers = try DocumentNumbers.next(count: commands.count, series: "sales_order", year: day.year, in: tx)
            .map { DocumentNumbers.format(prefix: "SO", year: day.year, sequence: $0) }
        let totals = try priced.map { try LineTotals(lines: $0.map(\.amounts)) }
        // The orders and their lines in one statement; the orders are built from what was written.
        let rows = try tx.query("""
            WITH o AS (
                INSERT INTO sales_orders (number, status, client_id, warehouse_id, manager_id, comment, prices_include_vat,
                                          net_minor, vat_minor, gross_minor, created_at, created_by_login)
                SELECT c.number, 'draft', c.client, c.warehouse, c.manager, c.comment, \(company.pricesIncludeVAT),
                       c.net, c.vat, c.gross, \(now), \(principal.login)
                FROM unnest(\(numbers)::text[], \(commands.map(\.clientID.rawValue))::bigint[],
                            \(commands.map(\.warehouseID.rawValue))::bigint[], \(managers.map { $0?.rawValue })::bigint[],
                            \(comments)::text[], \(totals.map(\.net.minorUnits))::bigint[], \(totals.map(\.vat.minorUnits))::bigint[],
                            \(totals.map(\.gross.minorUnits))::bigint[])
                     WITH ORDINALITY AS c(number, client, warehouse, manager, comment, net, vat, gross, n)
                ORDER BY c.n
                RETURNING id, number, created_at, version
            ), l AS (

            """ + OrderPricing.insert(Array(zip(numbers, priced))) + """

            )
            SELECT number, id, created_at, version FROM o
            """)
        var written: [String: PostgresRow] = [:]
        for row in rows { written[try row.decode(0, as: String.self)] = row }
        var orders: [SalesOrder] = []
        for (index, command) in commands.enumerated() {
            guard let row = written[numbers[index]] else { throw PostgresError(.decoding, message: "order \(numbers[index]) was not written") }
            var order = SalesOrder(
                id: try row.decode(1, as: SalesOrderID.self), number: numbers[index], status: .draft, clientID: command.clientID,
                warehouseID: command.warehouseID, managerID: managers[index], comment: comments[index],
                pricesIncludeVAT: company.pricesIncludeVAT,
                lines: priced[index].enumerated().map { OrderLine(lineNo: $0.offset + 1, priced: $0.element) }, totals: totals[index],
                createdAt: try row.decode(2, as: Date.self), createdBy: principal.login, confirmedAt: nil, cancelledAt: nil,
                version: try row.decode(3, as: Int64.self))
            (order.clientName, order.warehouseCode) = (clients[command.clientID]?.name, warehouses[command.warehouseID]?.code)
            orders.append(order)
        }
        try audit("create", orders.map { ($0, [:]) }, by: principal, in: tx)
        return orders
    }

    /// `client` (read for the order's viewer); not a client or archived is a problem under `field`.
    static func check(client: Party, field: String, problems: inout FieldErrors) -> Party {
        if !client.isClient { problems.add(field, "\(client.name) is not marked as a client") }
        if client.archived { problems.add(field, "\(client.name) is archived") }
        return client
    }

    /// The warehouses `ids` names, each read once as `principal` may see it; an inactive one is a
    /// problem under `field(i)` of every order `i` naming it.
    /// - Throws: `ERPError.notFound` (a warehouse outside the user's scope), `.forbidden`; `PostgresError`.
    static func checkWarehouses(_ ids: [WarehouseID], field: (Int) -> String, by principal: Principal, problems: inout FieldErrors,
                                in tx: Transaction) throws -> [WarehouseID: Warehouse] {
        var warehouses: [WarehouseID: Warehouse] = [:]
        for (index, id) in ids.enumerated() {
            let warehouse = try warehouses[id] ?? Warehouses.get(String(id.rawValue), by: principal, in: tx)
            warehouses[id] = warehouse
            if !warehouse.active { problems.add(field(index), "warehouse \(warehouse.code) is inactive") }
        }
        return warehouses
    }

    /// The order's manager: the one asked for (owners only may name someone else), else the creator.
    private static func managerID(_ asked: UserID?, field: String, by principal: Principal, problems: inout FieldErrors,
                                  in tx: Transaction) throws -> UserID? {
        guard let asked, asked != principal.userID else { return principal.isSystem ? nil : principal.userID }
        guard principal.role == .owner else { throw ERPError.forbidden(action: "assign an order to another manager") }
        if try Users.existing([asked], in: tx).isEmpty { problems.add(field, "there is no user \(asked)") }
        return asked
    }
}
