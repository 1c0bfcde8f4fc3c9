// `erp purchase list | show | print`, and how a supplier order reads in a terminal: its lines with what
// was ordered, received and is still expected, and the totals (for those who see prices).

import Billing
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing

enum PurchaseListCommands {
    static let all: [Command] = [list, show, print]

    static let list = Command(
        ["purchase", "list"], summary: "List supplier orders, newest first",
        options: [
            .value("status", "STATUS", summary: PurchaseOrderStatus.allCases.map(\.rawValue).joined(separator: ", ")),
            .value("supplier", "ID", summary: "Only this supplier's orders"),
            .value("limit", "N", summary: "At most N orders (default 50, at most 500)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        func parsed<T>(_ name: String, _ expected: String, _ convert: (String) -> T?) -> T? {
            CommandSupport.parsed(arguments, name, expected, problems: &problems, convert)
        }
        let filter = PurchaseOrderFilter(
            status: parsed("status", "an order status", PurchaseOrderStatus.init(rawValue:)),
            supplierID: parsed("supplier", "a party id") { try? PartyID(parsing: $0) },
            limit: parsed("limit", "a number") { Int($0) } ?? 50)
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let orders = try PurchasingService(time: context.time).orders(filter, by: principal, on: connection).items
            return try CommandSupport.printList(orders, arguments, context) { orders in
                var table = TextTable([.init("NUMBER"), .init("STATUS"), .init("SUPPLIER", .right), .init("EXPECTED"),
                                       .init("LINES", .right), .init("TOTAL", .right)])
                for order in orders {
                    table.append([order.number, order.status.rawValue, String(order.supplierID.rawValue),
                                  order.expectedDate?.description ?? "", String(order.lineCount), order.total?.description ?? ""])
                }
                table.footer = [CommandSupport.count(orders.count, "order"), "", "", "", "", ""]
                return table
            }
        }
    }

    static let show = Command(
        ["purchase", "show"], summary: "Show a supplier order: ordered, received and remaining per line",
        options: [CommandSupport.actingUser, CommandSupport.json], positionals: [PurchaseCommands.orderArgument]
    ) { arguments, context in
        try PurchaseCommands.withOrder(arguments, context) { order, _, _ in order }
    }

    static let print = Command(
        ["purchase", "print"], summary: "Write a supplier order's printable HTML form (or --csv) to stdout",
        options: [.flag("csv", summary: "The lines as CSV instead"), CommandSupport.actingUser],
        positionals: [PurchaseCommands.orderArgument]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "ORDER")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let purchasing = PurchasingService(time: context.time)
            let order = try purchasing.order(reference: reference, by: principal, on: connection)
            context.output(arguments.flag("csv") ? try purchasing.csv(of: order, by: principal, on: connection)
                : try BillingService(time: context.time).print(order.id, by: principal, on: connection))
            return 0
        }
    }
}

enum PurchaseOrderPrinter {
    /// Prints `order` (the API's JSON with `--json`), its supplier and warehouse by name and code
    /// as `principal` sees them; returns exit code 0.
    static func print(_ order: PurchaseOrder, by principal: Principal, on connection: Connection, _ arguments: ParsedArguments,
                      _ context: CommandContext) throws -> Int32 {
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(order))
            return 0
        }
        let supplier = PartyID(rawValue: order.supplierID.rawValue)
        let names = try DisplayNames.load(parties: [supplier], by: principal, on: connection)
        var head = "\(order.number)  \(order.status.rawValue)  supplier \(names.party(supplier))  warehouse \(names.warehouse(order.warehouseID))"
        if let expected = order.expectedDate { head += "  expected \(expected)" }
        if let comment = order.comment { head += "\n\(comment)" }
        var table = TextTable([.init("#", .right), .init("SKU"), .init("NAME"), .init("QTY", .right), .init("PRICE", .right),
                               .init("RECEIVED", .right), .init("REMAINING", .right), .init("TOTAL", .right)])
        for line in order.lines {
            table.append([String(line.lineNo), line.sku, line.name, line.qty.description, line.price?.description ?? "",
                          line.received.description, line.remaining.description, line.gross?.description ?? ""])
        }
        table.footer = ["", CommandSupport.count(order.lines.count, "line"), order.totals.map { "VAT \($0.vat)" } ?? "", "", "", "", "",
                        order.totals?.gross.description ?? ""]
        context.output(head + "\n" + table.render())
        return 0
    }
}
