// `erp purchase suggest`: what a warehouse should order now, by preferred supplier, and with
// `--create` the draft supplier orders for every suggested line that has a supplier — the same
// PurchasingService calls as `GET /api/v1/purchasing/suggestions` and its `orders` POST.

import ERPCore
import Foundation
import Postgres
import Purchasing
import Warehouse

enum PurchaseSuggestCommands {
    static let all: [Command] = [suggest]

    static let suggest = Command(
        ["purchase", "suggest"], summary: "Suggest what to order (available + incoming below min stock), by preferred supplier",
        options: [
            .value("warehouse", "CODE", summary: "The warehouse to reorder for (default: the only one)"),
            .value("cover-days", "N", summary: "Days of average sales a target without max stock covers (default 30)"),
            .flag("create", summary: "Create a draft supplier order per supplier from the suggestions"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let coverDays = CommandSupport.parsed(arguments, "cover-days", "a number of days from 1 to 365", problems: &problems) {
            Int($0).flatMap { (1...365).contains($0) ? $0 : nil }
        } ?? 30
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let warehouse = try chosenWarehouse(arguments, principal, connection)
            let purchasing = PurchasingService(time: context.time)
            let suggestions = try purchasing.suggestions(warehouse: warehouse.id, coverDays: coverDays, by: principal, on: connection)
            guard arguments.flag("create") else { return try print(suggestions, arguments, context) }
            let lines = suggestions.suppliers.filter { $0.supplierID != nil }.flatMap(\.lines)
            guard !lines.isEmpty else {
                context.note("nothing to order: no suggested product has a preferred supplier")
                return 0
            }
            let orders = try purchasing.order(SuggestedOrders(warehouseID: warehouse.id, lines: lines.map { SuggestedOrderLine(productID: $0.productID, qty: $0.qty) }),
                                              coverDays: coverDays, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(SuggestedOrdersResult(orders: orders)))
            } else {
                for order in orders { context.note("created \(order.number) (\(order.lines.count) lines) for supplier \(order.supplierID)") }
            }
            return 0
        }
    }

    /// `--warehouse`, or the only active warehouse the user sees.
    /// - Throws: `UsageError` when there is a choice to make.
    private static func chosenWarehouse(_ arguments: ParsedArguments, _ principal: Principal, _ connection: Connection) throws -> Warehouse {
        if let reference = arguments.value("warehouse") { return try StockCommands.warehouse(reference, principal, connection) }
        let active = try WarehouseService().warehouses(by: principal, on: connection).filter(\.active)
        guard active.count == 1, let only = active.first else {
            throw UsageError("give --warehouse CODE (\(active.map(\.code).joined(separator: ", ")))", hint: arguments.seeHelp)
        }
        return only
    }

    /// The suggestions as one table with a supplier column (the API's JSON with `--json`).
    private static func print(_ suggestions: ReorderSuggestions, _ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(suggestions))
            return 0
        }
        var table = TextTable([.init("SUPPLIER"), .init("SKU"), .init("NAME"), .init("AVAILABLE", .right), .init("INCOMING", .right),
                               .init("SOLD 30D", .right), .init("MIN", .right), .init("TARGET", .right), .init("PACK", .right),
                               .init("ORDER", .right)])
        for group in suggestions.suppliers {
            let supplier = group.supplierID.map { "\($0) \(group.supplierName ?? "")" } ?? "-"
            for line in group.lines {
                table.append([supplier, line.sku, line.name, line.available.description, line.incoming.description, line.sold.description,
                              line.minStock.description, line.target.description, line.packSize.isZero ? "" : line.packSize.description,
                              line.qty.description])
            }
        }
        let count = suggestions.suppliers.reduce(0) { $0 + $1.lines.count }
        context.output(table.render() + "\(CommandSupport.count(count, "product")) to order\n")
        return 0
    }
}
