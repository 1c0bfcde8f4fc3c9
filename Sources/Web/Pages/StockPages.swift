// The storekeeper's stock pages: levels (search by name, SKU or barcode, a warehouse filter, low
// stock highlighted, paging, totals) and a product's stock card (levels per warehouse, the latest
// moves with a running balance and links to their documents). Rules and visibility (warehouse
// scope, costs) are the services'.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Warehouse

/// `/stock`, `/stock/products/{id}`.
struct StockPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/stock", .stock, permission: .readStock, order: 100)]
    }

    var pages: [Page] {
        [
            Page(.get, "/stock", access: .permission(.readStock), query: [
                .text("q", maxLength: 200, "Name, SKU or barcode"),
                .text("warehouse", maxLength: 20, "Only this warehouse (its id; empty for all)"),
                .text("cursor", maxLength: 100, "The next page"),
            ]) { context in
                try levels(context)
            },
            Page(.get, "/stock/products/{id}", access: .permission(.readStock)) { context in
                try card(context)
            },
        ]
    }

    private func levels(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let warehouse = context.query("warehouse").flatMap(Int64.init).map(WarehouseID.init(rawValue:))
        let search = context.query("q")?.trimmingCharacters(in: .whitespaces).nonEmpty
        let service = WarehouseService(time: time)
        let catalog = CatalogService(time: time)
        let (page, warehouses, low) = try context.withConnection { connection in
            let found = try search.map { try catalog.products(matching: ProductFilter(q: $0, limit: 200), by: principal, on: connection).items.map(\.id) }
            let filter = StockLevelFilter(warehouseID: warehouse, productIDs: found, includeEmpty: search != nil, limit: 50,
                                          cursor: context.query("cursor"))
            return (try service.levels(filter, by: principal, on: connection), try service.warehouses(by: principal, on: connection),
                    try service.lowStock(warehouse: warehouse, by: principal, on: connection))
        }
        let lowProducts = Set(low.map(\.productID))
        let names = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
        let options = warehouses.map { item -> HTML in
            let selected: HTML = item.id == warehouse ? " selected" : ""
            return "<option value=\"\(String(item.id.rawValue))\"\(selected)>\(item.name)</option>"
        }
        let rows = page.items.map { level -> HTML in
            let isLow = lowProducts.contains(level.productID)
            let mark: HTML = isLow ? " <span class=\"badge low\">\(context.text(.lowStock))</span>" : ""
            let row: HTML = isLow ? " class=\"low\"" : ""
            return """
                <tr\(row)><td>\(level.sku)</td><td><a href="/stock/products/\(String(level.productID.rawValue))">\(level.name)</a>\(mark)</td>
                <td>\(names[level.warehouseID] ?? "")</td>
                <td class="num">\(WebFormat.quantity(level.onHand, unit: level.unit))</td>
                <td class="num">\(WebFormat.quantity(level.reserved, unit: level.unit))</td>
                <td class="num">\(WebFormat.quantity(level.available, unit: level.unit))</td></tr>
                """
        }
        var more: [String] = []
        if let search { more.append("q=" + WebSite.queryEscaped(search)) }
        if let warehouse { more.append("warehouse=\(warehouse.rawValue)") }
        let next: HTML = page.nextCursor.map { cursor in
            "<p><a href=\"/stock?\((more + ["cursor=" + WebSite.queryEscaped(cursor)]).joined(separator: "&"))\">\(context.text(.nextPage))</a></p>"
        } ?? ""
        let value: HTML = page.totals.value.map { " · \(context.text(.value)): \(WebFormat.money($0))" } ?? ""
        let table: HTML = page.items.isEmpty
            ? "<p class=\"empty\">\(context.text(search == nil && warehouse == nil ? .emptyStock : .nothingFound))</p>" : """
            <div class="scroll"><table><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th><th>\(context.text(.warehouse))</th>
            <th class="num">\(context.text(.onHand))</th><th class="num">\(context.text(.reserved))</th>
            <th class="num">\(context.text(.available))</th></tr></thead><tbody>\(rows)</tbody>
            <tfoot><tr><td colspan="6">\(context.text(.total)): \(String(page.totals.levels))\(value)</td></tr></tfoot></table></div>\(next)
            """
        let body: HTML = """
            <h1>\(context.text(.stock))</h1>
            <form method="get" action="/stock" class="filters">
            <div><label for="q">\(context.text(.search))</label><input id="q" name="q" type="search" value="\(search ?? "")" placeholder="\(context.text(.searchHint))"></div>
            <div><label for="warehouse">\(context.text(.warehouse))</label>
            <select id="warehouse" name="warehouse"><option value="">\(context.text(.allWarehouses))</option>\(options)</select></div>
            <button type="submit">\(context.text(.find))</button></form>
            \(table)
            """
        return context.render(title: context.text(.stock), body)
    }

    private func card(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: ProductID.self, entity: "product")
        let service = WarehouseService(time: time)
        let (card, warehouses) = try context.withConnection { connection in
            (try service.card(of: id, by: principal, on: connection), try service.warehouses(by: principal, on: connection))
        }
        let names = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
        let levels = card.levels.map { level -> HTML in
            """
            <tr><td>\(names[level.warehouseID] ?? "")</td><td class="num">\(WebFormat.quantity(level.onHand, unit: card.unit))</td>
            <td class="num">\(WebFormat.quantity(level.reserved, unit: card.unit))</td>
            <td class="num">\(WebFormat.quantity(level.available, unit: card.unit))</td></tr>
            """
        }
        // The balance after each move, walking back from what is on hand now (moves are newest first).
        var balance = card.levels.reduce(Quantity.zero) { (try? $0.adding($1.onHand)) ?? $0 }
        let moves = card.recentMoves.map { move -> HTML in
            let after = balance
            balance = (try? balance.subtracting(move.qty)) ?? balance
            let isStockDocument = StockDocumentType(rawValue: move.documentType) != nil
            let label = context.text(.documentType(move.documentType)) + " №" + String(move.documentID)
            let link: HTML = isStockDocument ? "<a href=\"/stock/documents/\(String(move.documentID))\">\(label)</a>" : "\(label)"
            return """
                <tr><td>\(WebFormat.dateTime(move.at))</td><td>\(link)</td><td>\(names[move.warehouseID] ?? "")</td>
                <td class="num">\(WebFormat.quantity(move.qty, unit: card.unit))</td><td class="num">\(WebFormat.quantity(after, unit: card.unit))</td></tr>
                """
        }
        let title = card.sku + " " + card.name
        let body: HTML = """
            <h1>\(title)</h1>
            <div class="scroll"><table><thead><tr><th>\(context.text(.warehouse))</th><th class="num">\(context.text(.onHand))</th>
            <th class="num">\(context.text(.reserved))</th><th class="num">\(context.text(.available))</th></tr></thead><tbody>\(levels)</tbody></table></div>
            <h2>\(context.text(.moves))</h2>
            <div class="scroll"><table><thead><tr><th>\(context.text(.date))</th><th>\(context.text(.document))</th><th>\(context.text(.warehouse))</th>
            <th class="num">\(context.text(.quantity))</th><th class="num">\(context.text(.balance))</th></tr></thead><tbody>\(moves)</tbody></table></div>
            """
        return context.render(title: title, body)
    }
}

extension String {
    /// Nil when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
