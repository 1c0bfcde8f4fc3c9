// The storekeeper's pages: stock levels. Each handler reads the query or form into the service's
// filter or command struct, calls `WarehouseService`, and renders; rules and permissions are the
// service's.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Warehouse

/// `/stock` and the stock documents.
struct StockPages: PageGroup {
    let time: TimeSource
    var service: WarehouseService { WarehouseService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/stock", .stock, permission: .readStock, order: 100)]
    }

    var pages: [Page] {
        [
            Page(.get, "/stock", access: .permission(.readStock), query: [
                .text("warehouse", maxLength: 20, "Only this warehouse (its id; empty for all)"),
                .text("cursor", maxLength: 100, "The next page"),
            ]) { context in
                try levels(context)
            },
        ]
    }

    private func levels(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let warehouse = context.query("warehouse").flatMap(Int64.init).map(WarehouseID.init(rawValue:))
        let filter = StockLevelFilter(warehouseID: warehouse, limit: 50, cursor: context.query("cursor"))
        let service = service
        let (page, warehouses) = try context.withConnection { connection in
            (try service.levels(filter, by: principal, on: connection), try service.warehouses(by: principal, on: connection))
        }
        let names = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
        let options = warehouses.map { item -> HTML in
            let selected: HTML = item.id == warehouse ? " selected" : ""
            return "<option value=\"\(String(item.id.rawValue))\"\(selected)>\(item.name)</option>"
        }
        let rows = page.items.map { level -> HTML in
            """
            <tr><td>\(level.sku)</td><td>\(level.name)</td><td>\(names[level.warehouseID] ?? "")</td>
            <td class="num">\(WebFormat.quantity(level.onHand, unit: level.unit))</td>
            <td class="num">\(WebFormat.quantity(level.reserved, unit: level.unit))</td>
            <td class="num">\(WebFormat.quantity(level.available, unit: level.unit))</td></tr>
            """
        }
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.text(.emptyStock))</p>" : """
            <table><thead><tr><th>\(context.text(.sku))</th><th>\(context.text(.product))</th><th>\(context.text(.warehouse))</th>
            <th class="num">\(context.text(.onHand))</th><th class="num">\(context.text(.reserved))</th>
            <th class="num">\(context.text(.available))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let body: HTML = """
            <h1>\(context.text(.stock))</h1>
            <form method="get" action="/stock" class="filters">
            <label for="warehouse">\(context.text(.warehouse))</label>
            <select id="warehouse" name="warehouse"><option value="">\(context.text(.allWarehouses))</option>\(options)</select>
            <button type="submit">\(context.text(.find))</button></form>
            \(table)
            """
        return context.render(title: context.text(.stock), body)
    }
}
