// The catalog endpoints (docs/http.md): products, categories and units. Thin adapters: decode the
// command, call `CatalogService`, encode the result; rules and authorization live in the service
// (the route's `access` only answers 401/403 early and documents the route).
//
// `POST /api/v1/products/import` takes `text/csv` up to 20 MiB and is all or nothing (a retry
// of a committed import finds every row unchanged, so it needs no idempotency key).
//
// Idempotency: `POST /api/v1/products` and `POST /api/v1/categories` honour `Idempotency-Key`:
// the creation and the stored response commit together, so a retried request gets the first
// response back instead of a `409 duplicate`.

import Catalog
import ERPCore
import Foundation
import HTTP1
import Postgres

/// `/api/v1/products…`, `/api/v1/categories`, `/api/v1/units`.
package struct CatalogRoutes: RouteGroup {
    /// Where the catalog reads "now" (fixed in tests).
    package var time: TimeSource

    /// The catalog routes, reading time from `time`.
    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// The catalog routes; see the file comment for which honour `Idempotency-Key`.
    package var routes: [Route] {
        let time = self.time
        let catalog = CatalogService(time: time)
        return [
            Route(.get, "/api/v1/products",
                  summary: "Products: q (barcode, sku prefix, fuzzy name), sku, barcode, category_id, archived, kind, limit, cursor",
                  access: .permission(.readCatalog), response: "ProductPage", query: Self.productQuery) { ctx in
                let principal = try ctx.requirePrincipal()
                let filter = try Self.productFilter(ctx)
                return try .json(encoding: try ctx.withConnection { try catalog.products(matching: filter, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/products", summary: "Create a product (Idempotency-Key honoured)",
                  access: .permission(.editCatalog), bodyLimit: 64 << 10, request: .newProduct, response: "Product",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewProduct.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try catalog.create(command, by: principal, in: tx))
                }
            },
            Route.csvImport("/api/v1/products/import", summary: "Import products from CSV (text/csv, all or nothing; dry_run=true)",
                            permission: .editCatalog, request: .csv("ProductCSV", ProductTransfer.columns)) { text, dryRun, principal, connection in
                try ProductTransfer.importCSV(text, dryRun: dryRun, by: principal, time: time, on: connection)
            },
            Route(.get, "/api/v1/products/export", summary: "Every product as CSV (import reads it back unchanged)",
                  access: .permission(.readCatalog), produces: [Route.csv]) { ctx in
                let principal = try ctx.requirePrincipal()
                let csv = try ctx.withConnection { try ProductTransfer.export(by: principal, time: time, on: $0) }
                return .csv(csv)
            },
            Route(.get, "/api/v1/products/{id}", summary: "One product", access: .permission(.readCatalog),
                  response: "Product") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: ProductID.self, entity: "product")
                return try .json(encoding: try ctx.withConnection { try catalog.product(id, by: principal, on: $0) })
            },
            Route(.patch, "/api/v1/products/{id}", summary: "Change a product (with its version; archived: true archives)",
                  access: .permission(.editCatalog), bodyLimit: 64 << 10, request: .productChanges, response: "Product") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: ProductID.self, entity: "product")
                let changes = try ctx.decode(ProductChanges.self)
                return try .json(encoding: try ctx.withConnection { try catalog.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/categories", summary: "Categories in id order (limit, cursor)",
                  access: .permission(.readCatalog), response: "CategoryPage", query: [.limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try catalog.categories(limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/categories", summary: "Create a category (Idempotency-Key honoured)",
                  access: .permission(.editCatalog), bodyLimit: 16 << 10, request: .newCategory, response: "Category",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewCategory.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try Categories.create(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/price-types", summary: "Price types (розничная, оптовая, …) in id order",
                  access: .permission(.readCatalog), response: "PriceTypePage") { ctx in
                let principal = try ctx.requirePrincipal()
                let types = try ctx.withConnection { try catalog.priceTypes(by: principal, on: $0) }
                return try .json(encoding: Page(items: types, nextCursor: nil))
            },
            Route(.post, "/api/v1/price-types", summary: "Create a price type: code, name (Idempotency-Key honoured)",
                  access: .permission(.editCatalog), bodyLimit: 4 << 10, request: .newPriceType, response: "PriceType",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewPriceType.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try catalog.create(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/units", summary: "Units of measure", access: .permission(.readCatalog),
                  response: "UnitPage") { ctx in
                let principal = try ctx.requirePrincipal()
                let units = try ctx.withConnection { try catalog.units(by: principal, on: $0) }
                return try .json(encoding: Page(items: units, nextCursor: nil))
            },
        ]
    }

    /// The product list's filters.
    static let productQuery: [QueryParameter] = [
        .text("q", maxLength: SearchText.maxLength, "Search: exact barcode, SKU prefix, name (substring or similar)"),
        .text("sku", maxLength: 64, "Only the product with exactly this SKU"),
        .text("barcode", maxLength: 64, "Only the product with exactly this barcode"),
        .id("category_id", "One category"), .boolean("archived", "Archived products instead of current ones"),
        .enumeration("kind", ProductKind.self, "Only goods or only services"), .limit, .cursor,
    ]

    /// The product filter of the query string (checked against `productQuery` before the handler).
    /// - Throws: `RouteParameterError` when it reads an undeclared parameter (a bug).
    static func productFilter(_ ctx: RequestContext) throws -> ProductFilter {
        var query = QueryFilterReader(ctx)
        let filter = ProductFilter(
            q: query.text("q"), categoryID: query.value("category_id", as: CategoryID.self),
            archived: query.value("archived", as: Bool.self) ?? false, kind: query.value("kind", as: ProductKind.self),
            sku: query.text("sku"), barcode: query.text("barcode"), limit: query.limit(), cursor: query.text("cursor"))
        try query.finish()
        return filter
    }

    /// Request and response schemas for `/openapi.json` (field names and JSON types).
    package var schemas: [String: JSONValue] {
        let fields: [String: String] = [
            "sku": "string", "name": "string", "unit": "string", "kind": "string", "barcodes": "array",
            "category_id": "integer", "price": "string", "vat_rate": "string", "min_stock": "string",
            "prices": "object", "min_price": "string", "min_price_at_cost": "boolean", "quantity_breaks": "array",
            "max_stock": "string", "preferred_supplier_id": "integer", "pack_size": "string",
        ]
        var product = fields
        product.merge(["id": "integer", "vat_category": "string", "archived": "boolean", "version": "integer", "created_at": "string",
                       "updated_at": "string"]) { $1 }
        var changes = fields
        changes.merge(["version": "integer", "archived": "boolean", "prices_valid_from": "string"]) { $1 }
        let page = JSONValue.objectSchema(["items": "array", "next_cursor": "string"])
        return [
            "Product": JSONValue.objectSchema(product),
            "ProductPage": page,
            "Category": JSONValue.objectSchema(["id": "integer", "name": "string", "parent_id": "integer", "version": "integer"]),
            "CategoryPage": page,
            "UnitPage": page,
            "PriceType": JSONValue.objectSchema(["id": "integer", "code": "string", "name": "string"]),
            "PriceTypePage": page,
        ]
    }
}
