// `erp stock levels | moves | card | low`: what is where, what moved, what runs short — tables
// that fit an 80-column terminal, with totals; `--json` prints the API's shapes. Costs appear
// only for users who may see them (owners, accountants).

import Catalog
import ERPCore
import Foundation
import Postgres
import Purchasing
import Warehouse

enum StockQueryCommands {
    static let all: [Command] = [levels, moves, card, low]

    static let levels = Command(
        ["stock", "levels"], summary: "Stock on hand, reserved, available and incoming per product and warehouse",
        options: [
            .value("warehouse", "CODE", summary: "Only this warehouse"),
            .value("product", "SKU", summary: "Only this product (SKU, barcode or id)"),
            .flag("all", summary: "Include products with nothing on hand"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let service = WarehouseService(time: context.time)
            var filter = StockLevelFilter(
                warehouseID: try arguments.value("warehouse").map { try StockCommands.warehouse($0, principal, connection).id },
                productID: try arguments.value("product").map { try product($0, principal, connection) },
                includeEmpty: arguments.flag("all"), limit: PageRequest.maximumLimit)
            var items: [StockLevel] = []
            var page: StockLevelPage
            repeat {
                page = try PurchasingService(time: context.time).levels(filter, by: principal, on: connection)
                items += page.items
                filter.cursor = page.nextCursor
            } while page.nextCursor != nil
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(StockLevelPage(items: items, nextCursor: nil, totals: page.totals)))
                return 0
            }
            let names = try DisplayNames.load(by: principal, on: connection)
            let costs = page.totals.value != nil
            var table = TextTable([.init("SKU"), .init("NAME"), .init("WH"), .init("ON HAND", .right), .init("RESERVED", .right),
                                   .init("AVAILABLE", .right), .init("INCOMING", .right)] + (costs ? [.init("VALUE", .right)] : []))
            for level in items {
                table.append([level.sku, level.name, names.warehouse(level.warehouseID),
                              level.onHand.description, level.reserved.description, level.available.description,
                              level.incoming.description]
                             + (costs ? [level.value?.description ?? ""] : []))
            }
            table.footer = ["", "\(page.totals.levels) levels", "", "", "", "", ""] + (costs ? [page.totals.value?.description ?? ""] : [])
            context.output(table.render())
            return 0
        }
    }

    static let moves = Command(
        ["stock", "moves"], summary: "The stock ledger, newest first",
        options: [
            .value("product", "SKU", summary: "Only this product (SKU, barcode or id)"),
            .value("warehouse", "CODE", summary: "Only this warehouse"),
            .value("kind", "KIND", summary: "receipt, transfer_out, transfer_in, write_off, count_adjustment, shipment, return"),
            .value("from", "DATE", summary: "From this company day or RFC 3339 time"),
            .value("to", "DATE", summary: "Up to the end of this company day, or before an RFC 3339 time"),
            .value("limit", "N", summary: "At most N moves (default 50, at most 500)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let dateExpected = "a date like 2026-12-01 or an RFC 3339 time"
        let kind = CommandSupport.parsed(arguments, "kind", "a kind of move", problems: &problems, MoveKind.init(rawValue:))
        let limit = CommandSupport.bounded(arguments, "limit", 1...PageRequest.maximumLimit, problems: &problems)
        let from = CommandSupport.parsed(arguments, "from", dateExpected, problems: &problems, TimeBound.init)
        let to = CommandSupport.parsed(arguments, "to", dateExpected, problems: &problems, TimeBound.init)
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let (start, end) = try CompanyCalendar.instants(from: from, to: to, on: connection)
            let filter = StockMoveFilter(
                productID: try arguments.value("product").map { try product($0, principal, connection) },
                warehouseID: try arguments.value("warehouse").map { try StockCommands.warehouse($0, principal, connection).id },
                kind: kind, from: start, to: end, limit: limit ?? 50)
            let page = try WarehouseService(time: context.time).moves(filter, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(page))
                return 0
            }
            context.output(try movesTable(page.items, principal, connection).render())
            return 0
        }
    }

    static let card = Command(
        ["stock", "card"], summary: "A product's stock card: levels per warehouse and its latest moves",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("SKU", summary: "The product's SKU, barcode or id")]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "SKU")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let card = try WarehouseService(time: context.time).card(of: try product(reference, principal, connection), by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(card))
                return 0
            }
            var levels = TextTable([.init("WAREHOUSE"), .init("ON HAND", .right), .init("RESERVED", .right), .init("AVAILABLE", .right)])
            let names = try DisplayNames.load(by: principal, on: connection)
            for level in card.levels {
                levels.append([names.warehouse(level.warehouseID), level.onHand.description,
                               level.reserved.description, level.available.description])
            }
            let total = card.levels.reduce(Int64(0)) { $0 + $1.onHand.thousandths }
            levels.footer = ["total", Quantity(thousandths: total).description, "", ""]
            context.output("\(card.sku)  \(card.name)  (\(card.unit))\n" + levels.render() + "\nlatest moves\n"
                           + (try movesTable(card.recentMoves, principal, connection).render()))
            return 0
        }
    }

    static let low = Command(
        ["stock", "low"], summary: "Goods whose available stock is below their minimum",
        options: [.value("warehouse", "CODE", summary: "Only this warehouse"), CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let warehouse = try arguments.value("warehouse").map { try StockCommands.warehouse($0, principal, connection).id }
            let items = try WarehouseService(time: context.time).lowStock(warehouse: warehouse, by: principal, on: connection)
            return try CommandSupport.printList(items, arguments, context) { items in
                var table = TextTable([.init("SKU"), .init("NAME"), .init("MIN", .right), .init("AVAILABLE", .right),
                                       .init("SHORT", .right), .init("UNIT")])
                for item in items {
                    table.append([item.sku, item.name, item.minStock.description, item.available.description,
                                  item.shortfall.description, item.unit])
                }
                table.footer = ["", "\(items.count) products short", "", "", "", ""]
                return table
            }
        }
    }

    /// The product a SKU, barcode or id names.
    static func product(_ reference: String, _ principal: Principal, _ connection: Connection) throws -> ProductID {
        guard let id = try CatalogService().productIDs(for: [reference], by: principal, on: connection)[reference] else {
            throw ERPError.notFound(entity: "product", id: reference)
        }
        return id
    }

    private static func movesTable(_ moves: [StockMove], _ principal: Principal, _ connection: Connection) throws -> TextTable {
        let names = try DisplayNames.load(by: principal, on: connection)
        var table = TextTable([.init("TIME (UTC)"), .init("KIND"), .init("PRODUCT", .right), .init("WH"), .init("QTY", .right),
                               .init("BY")])
        for move in moves {
            table.append([String(RFC3339.string(from: move.at).prefix(16)).replacingOccurrences(of: "T", with: " "),
                          move.kind.rawValue + (move.reversesMoveID == nil ? "" : " (rev)"), String(move.productID.rawValue),
                          names.warehouse(move.warehouseID), move.qty.description, move.actorLogin])
        }
        table.footer = ["", CommandSupport.count(moves.count, "move"), "", "", "", ""]
        return table
    }
}
