// The product type-ahead's data: `GET /products/suggest?q=…&warehouse=…` answers the first matches
// of the catalog's own search (barcode, SKU prefix, fuzzy name — `ProductSearch`, the ranking the
// API's `GET /products?q=` uses) with what the warehouse has available, already formatted for the
// list under the field. `suggest.js` calls it while a person types; without script the forms' own
// "Найти" and plain SKU fields work as before.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Warehouse

/// `/products/suggest`.
struct ProductSuggestPages: PageGroup {
    let time: TimeSource

    /// How many suggestions the list shows.
    static let limit = 8

    var menu: [MenuEntry] { [] }

    var pages: [Page] {
        [
            Page(.get, "/products/suggest", access: .permission(.readCatalog), query: [
                .text("q", maxLength: 200, "What was typed: a barcode, an SKU prefix or words of the name"),
                .id("warehouse", "Show what this warehouse has available"),
            ]) { context in try suggest(context) },
        ]
    }

    /// One suggestion as the script shows it.
    struct Suggestion: Codable, Equatable {
        var sku: String
        var name: String
        /// `12 шт.`, or empty without a warehouse.
        var available: String
        /// `1 234,50 ₽`.
        var price: String
        /// The price in kopecks, for the order form's totals as you type.
        var priceMinor: String
    }

    private func suggest(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        guard let q = context.query("q")?.trimmingCharacters(in: .whitespaces), !q.isEmpty else { return try .json(encoding: [Suggestion]()) }
        let warehouse = context.query("warehouse").flatMap(WarehouseID.init)
        let catalog = CatalogService(time: time), stock = WarehouseService(time: time)
        let (products, levels) = try context.withConnection { connection in
            let products = try catalog.products(matching: ProductFilter(q: q, limit: Self.limit), by: principal, on: connection).items
            guard let warehouse, !products.isEmpty else { return (products, [ProductID: Quantity]()) }
            let levels = try stock.levels(StockLevelFilter(warehouseID: warehouse, productIDs: products.map(\.id), limit: Self.limit),
                                          by: principal, on: connection).items
            return (products, Dictionary(levels.map { ($0.productID, $0.available) }, uniquingKeysWith: { first, _ in first }))
        }
        let suggestions = products.map { product in
            Suggestion(sku: product.sku, name: product.name,
                       available: warehouse == nil ? "" : WebFormat.quantity(levels[product.id] ?? Quantity(thousandths: 0), unit: product.unit),
                       price: WebFormat.money(product.price), priceMinor: String(product.price.minorUnits))
        }
        var response = try HTTPResponse.json(encoding: suggestions)
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }
}
