// `erp order list | show`, and how an order reads in a terminal: its header, its lines with what
// each has reserved and shipped, and the totals with VAT at the bottom.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales

enum OrderListCommands {
    static let all: [Command] = [list, show]

    static let list = Command(
        ["order", "list"], summary: "List the orders you see, newest first",
        options: [
            .value("status", "STATUS", summary: "draft, confirmed, partially_shipped, shipped or cancelled"),
            .value("client", "ID", summary: "Only this client's orders"),
            .value("manager", "USER_ID", summary: "Only this manager's orders"),
            .value("from", "DATE", summary: "Created on or after this company day (or RFC 3339 time)"),
            .value("to", "DATE", summary: "Created on or before this company day (or before an RFC 3339 time)"),
            .value("limit", "N", summary: "At most N orders (default 50, at most 500)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        func parsed<T>(_ name: String, _ expected: String, _ convert: (String) -> T?) -> T? {
            CommandSupport.parsed(arguments, name, expected, problems: &problems, convert)
        }
        let bound = "a date like 2026-12-01 or an RFC 3339 time"
        var filter = OrderFilter(
            status: parsed("status", "an order status", OrderStatus.init(rawValue:)),
            clientID: parsed("client", "a party id") { try? PartyID(parsing: $0) },
            managerID: parsed("manager", "a user id") { try? UserID(parsing: $0) },
            limit: parsed("limit", "a number") { Int($0) } ?? 50)
        let (from, to) = (parsed("from", bound, TimeBound.init), parsed("to", bound, TimeBound.init))
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            (filter.from, filter.to) = try CompanyCalendar.instants(from: from, to: to, on: connection)
            let orders = try SalesService(time: context.time).orders(filter, by: principal, on: connection).items
            let names = try DisplayNames.load(parties: orders.map(\.clientID), by: principal, on: connection)
            return try CommandSupport.printList(orders, arguments, context) { orders in
                var table = TextTable([.init("NUMBER"), .init("STATUS"), .init("CLIENT"), .init("CREATED"),
                                       .init("LINES", .right), .init("TOTAL", .right)])
                for order in orders {
                    table.append([order.number, order.status.rawValue, names.party(order.clientID),
                                  String(RFC3339.string(from: order.createdAt).prefix(10)), String(order.lineCount),
                                  order.total.description])
                }
                let total = (try? Money.sum(orders.map(\.total)))?.description ?? ""
                table.footer = [CommandSupport.count(orders.count, "order"), "", "", "", "", total]
                return table
            }
        }
    }

    static let show = Command(
        ["order", "show"], summary: "Show an order with its lines and totals",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ORDER", summary: "The order's number (SO-2026-000001) or id")]
    ) { arguments, context in
        try OrderCommands.withOrder(arguments, context) { order, _, _ in order }
    }
}

enum OrderPrinter {
    /// Prints `order` (the API's JSON with `--json`), its client and warehouse by name and code as
    /// `principal` sees them; returns exit code 0.
    static func print(_ order: SalesOrder, by principal: Principal, on connection: Connection, _ arguments: ParsedArguments,
                      _ context: CommandContext) throws -> Int32 {
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(order))
            return 0
        }
        let names = try DisplayNames.load(parties: [order.clientID], by: principal, on: connection)
        var head = "\(order.number)  \(order.status.rawValue)  client \(names.party(order.clientID))  warehouse \(names.warehouse(order.warehouseID))"
        if let comment = order.comment { head += "\n\(comment)" }
        var table = TextTable([.init("#", .right), .init("SKU"), .init("NAME"), .init("QTY", .right), .init("PRICE", .right),
                               .init("DISC%", .right), .init("RESERVED", .right), .init("SHIPPED", .right), .init("RETURNED", .right),
                               .init("TOTAL", .right)])
        for line in order.lines {
            table.append([String(line.lineNo), line.sku, line.name, line.qty.description, line.price.description,
                          line.discountPct.description, line.reserved.description, line.shipped.description, line.returned.description,
                          line.gross.description])
        }
        table.footer = ["", CommandSupport.count(order.lines.count, "line"), "VAT \(order.totals.vat)", "", "", "", "", "", "",
                        order.totals.gross.description]
        context.output(head + "\n" + table.render())
        return 0
    }
}
