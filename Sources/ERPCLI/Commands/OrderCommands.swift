// `erp order create | list | show | confirm | ship | cancel | return | release-stale`: selling from
// the command line — thin adapters over SalesService, acting as the user of `--as` (or
// ERP_USER), so the managers' visibility, the roles and the audit log apply exactly as over HTTP.
// Orders are named by number (SO-2026-000001) or id, products by SKU or barcode.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Warehouse

enum OrderCommands {
    static let all: [Command] = [create, confirm, ship, cancel, takeReturn, releaseStale, releaseStaleAlias] + OrderListCommands.all

    private static let orderArgument = PositionalSpec("ORDER", summary: "The order's number (SO-2026-000001) or id")

    static let create = Command(
        ["order", "create"], summary: "Create a draft order for a client",
        options: [
            CommandSupport.clientOption("The client", required: true), CommandSupport.clientKPP,
            .value("warehouse", "CODE", summary: "The warehouse it ships from", required: true),
            .repeatable("line", "SKU:QTY[:PRICE]", summary: "A line; the price defaults to the catalog price"),
            .value("comment", "TEXT", summary: "A comment on the order"),
            .flag("confirm", summary: "Confirm it at once (reserve the stock)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        guard !arguments.values("line").isEmpty else {
            throw UsageError("give at least one --line SKU:QTY for 'erp order create'", hint: arguments.seeHelp)
        }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let client = try CommandSupport.client(try arguments.required("client"), arguments, by: principal, on: connection)
            let lines = try StockLineInput.orderLines(arguments.values("line"), by: principal, on: connection)
            let sales = SalesService(time: context.time)
            var order = try sales.create(NewOrder(
                clientID: client, warehouseID: try StockCommands.warehouse(arguments.required("warehouse"), principal, connection).id,
                comment: arguments.value("comment"),
                lines: lines.map { NewOrderLine(productID: $0.productID, qty: $0.qty, price: $0.unitCost) }), by: principal, on: connection)
            if arguments.flag("confirm") { order = try sales.confirm(order.id, by: principal, on: connection) }
            return try OrderPrinter.print(order, by: principal, on: connection, arguments, context)
        }
    }

    static let confirm = Command(
        ["order", "confirm"], summary: "Confirm a draft: reserve every goods line, or none (exit 4 naming the short lines)",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [orderArgument]
    ) { arguments, context in
        try withOrder(arguments, context) { order, principal, connection in
            try SalesService(time: context.time).confirm(order.id, by: principal, on: connection)
        }
    }

    static let ship = Command(
        ["order", "ship"], summary: "Ship a confirmed order: everything reserved, or the --line quantities",
        options: [.repeatable("line", "SKU:QTY", summary: "Ship only this much of a product"), CommandSupport.actingUser, CommandSupport.json],
        positionals: [orderArgument]
    ) { arguments, context in
        try withOrder(arguments, context) { order, principal, connection in
            let lines = arguments.values("line").isEmpty ? nil
                : try StockLineInput.lines(arguments, context, costs: false, by: principal, on: connection)
                    .map { OrderQuantity(productID: $0.productID, qty: $0.qty) }
            let (shipped, shipment) = try SalesService(time: context.time).ship(order.id, ShipRequest(lines: lines), by: principal, on: connection)
            context.note("shipment \(shipment.number): \(CommandSupport.count(shipment.lines.count, "line"))")
            return shipped
        }
    }

    static let cancel = Command(
        ["order", "cancel"], summary: "Cancel an order, releasing what is still reserved",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [orderArgument]
    ) { arguments, context in
        try withOrder(arguments, context) { order, principal, connection in
            try SalesService(time: context.time).cancel(order.id, by: principal, on: connection)
        }
    }

    static let takeReturn = Command(
        ["order", "return"], summary: "Take goods back against an order's shipments",
        options: [
            .value("reason", "REASON", summary: "defective, wrong_item, not_needed, damaged_in_transit or other", required: true),
            .value("note", "TEXT", summary: "What happened (required for other)"),
            .repeatable("line", "SKU:QTY", summary: "A product and how much of it came back"),
            CommandSupport.actingUser, CommandSupport.json,
        ],
        positionals: [orderArgument]
    ) { arguments, context in
        let reasonText = try arguments.required("reason")
        guard let reason = ReturnReason(rawValue: reasonText) else {
            throw ERPError.validationFailed(fields: ["reason": "'\(reasonText)' is not one of "
                + ReturnReason.allCases.map(\.rawValue).joined(separator: ", ")])
        }
        return try withOrder(arguments, context) { order, principal, connection in
            let lines = try StockLineInput.lines(arguments, context, costs: false, by: principal, on: connection)
                .map { OrderQuantity(productID: $0.productID, qty: $0.qty) }
            let (updated, taken) = try SalesService(time: context.time).takeReturn(ReturnRequest(reason: reason, note: arguments.value("note"), lines: lines),
                                                                 against: order.id, by: principal, on: connection)
            context.note("return \(taken.number): \(CommandSupport.count(taken.lines.count, "line"))")
            return updated
        }
    }

    static let releaseStale = Command(
        ["order", "release-stale"], summary: "Cancel confirmed orders older than N days with nothing shipped (owners)",
        options: [.value("days", "N", summary: "Confirmed more than N days ago", required: true), CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        let daysText = try arguments.required("days")
        guard let days = Int(daysText) else { throw ERPError.validationFailed(fields: ["days": "'\(daysText)' is not a number"]) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let released = try SalesService(time: context.time).releaseStale(olderThan: days, by: principal, on: connection)
            return try CommandSupport.printList(released, arguments, context) { released in
                var table = TextTable([.init("ORDER"), .init("CONFIRMED"), .init("LINES", .right), .init("RELEASED", .right)])
                for order in released {
                    let total = order.released.reduce(Int64(0)) { $0 + $1.qty.thousandths }
                    table.append([order.number, order.confirmedAt.map { String(RFC3339.string(from: $0).prefix(10)) } ?? "",
                                  String(order.released.count), Quantity(thousandths: total).description])
                }
                table.footer = ["\(released.count) orders released", "", "", ""]
                return table
            }
        }
    }

    /// `erp orders release-stale`, as issue #7 spells it: the same command.
    static let releaseStaleAlias = Command(["orders", "release-stale"], summary: releaseStale.spec.summary,
                                           options: releaseStale.spec.options, run: releaseStale.run)

    /// Finds the ORDER argument's order as the acting user sees it, runs `body`, prints the result.
    static func withOrder(_ arguments: ParsedArguments, _ context: CommandContext,
                          _ body: (SalesOrder, Principal, Connection) throws -> SalesOrder) throws -> Int32 {
        let reference = try CommandSupport.required(arguments, positional: "ORDER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let order = try SalesService(time: context.time).order(reference: reference, by: principal, on: connection)
            return try OrderPrinter.print(try body(order, principal, connection), by: principal, on: connection, arguments, context)
        }
    }
}
