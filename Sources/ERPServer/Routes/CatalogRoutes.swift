// The catalog endpoints of API.md: products, categories and units. Thin adapters: decode the
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
            Route(.get, "/api/v1/products", summary: "Products: q (barcode, sku prefix, fuzzy name), category_id, archived, kind, limit, cursor",
                  access: .permission(.readCatalog), response: "ProductPage") { ctx in
                let principal = try ctx.requirePrincipal()
                let filter = try Self.productFilter(ctx)
                return try .json(encoding: try ctx.withConnection { try catalog.products(matching: filter, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/products", summary: "Create a product (Idempotency-Key honoured)",
                  access: .permission(.editCatalog), bodyLimit: 64 << 10, request: "NewProduct", response: "Product",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewProduct.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try Products.create(command, by: principal, time: time, in: tx))
                }
            },
            Route.csvImport("/api/v1/products/import", summary: "Import products from CSV (text/csv, all or nothing; dry_run=true)",
                            permission: .editCatalog, request: "ProductCSV") { text, dryRun, principal, connection in
                try ProductTransfer.importCSV(text, dryRun: dryRun, by: principal, time: time, on: connection)
            },
            Route(.get, "/api/v1/products/export", summary: "Every product as CSV (import reads it back unchanged)",
                  access: .permission(.readCatalog), response: "ProductCSV") { ctx in
                let principal = try ctx.requirePrincipal()
                let csv = try ctx.withConnection { try ProductTransfer.export(by: principal, on: $0) }
                return .csv(csv)
            },
            Route(.get, "/api/v1/products/{id}", summary: "One product", access: .permission(.readCatalog),
                  response: "Product") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: ProductID.self, entity: "product")
                return try .json(encoding: try ctx.withConnection { try catalog.product(id, by: principal, on: $0) })
            },
            Route(.patch, "/api/v1/products/{id}", summary: "Change a product (with its version; archived: true archives)",
                  access: .permission(.editCatalog), bodyLimit: 64 << 10, request: "ProductChanges", response: "Product") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: ProductID.self, entity: "product")
                let changes = try ctx.decode(ProductChanges.self)
                return try .json(encoding: try ctx.withConnection { try catalog.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/categories", summary: "Categories in id order (limit, cursor)",
                  access: .permission(.readCatalog), response: "CategoryPage") { ctx in
                let principal = try ctx.requirePrincipal()
                let limit = try ctx.query("limit", as: Int.self) ?? 100
                let cursor = ctx.query("cursor")
                return try .json(encoding: try ctx.withConnection {
                    try catalog.categories(limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/categories", summary: "Create a category (Idempotency-Key honoured)",
                  access: .permission(.editCatalog), bodyLimit: 16 << 10, request: "NewCategory", response: "Category",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewCategory.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try Categories.create(command, by: principal, in: tx))
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

    /// The product filter of the query string; every bad parameter reported at once.
    /// - Throws: `ERPError.validationFailed` naming the parameters that do not parse.
    static func productFilter(_ ctx: RequestContext) throws(ERPError) -> ProductFilter {
        var problems = FieldErrors()
        var filter = ProductFilter(q: ctx.query("q"), cursor: ctx.query("cursor"))
        if let text = ctx.query("category_id") {
            filter.categoryID = problems.check("category_id") { () throws(ValueError) in try CategoryID(parsing: text) }
        }
        do {
            filter.archived = try ctx.flag("archived") ?? false
        } catch {
            if case .validationFailed(let fields) = error { for (field, message) in fields { problems.add(field, message) } }
        }
        if let text = ctx.query("kind") {
            filter.kind = ProductKind(rawValue: text)
            if filter.kind == nil { problems.add("kind", "'\(text)' is not goods or service") }
        }
        if let text = ctx.query("limit") {
            if let limit = Int(text) { filter.limit = limit } else { problems.add("limit", "'\(text)' is not a whole number") }
        }
        try problems.throwIfAny()
        return filter
    }

    /// Request and response schemas for `/openapi.json` (field names and JSON types).
    package var schemas: [String: JSONValue] {
        let fields: [String: String] = [
            "sku": "string", "name": "string", "unit": "string", "kind": "string", "barcodes": "array",
            "category_id": "integer", "price": "string", "vat_rate": "string", "min_stock": "string",
        ]
        var product = fields
        product.merge(["id": "integer", "archived": "boolean", "version": "integer", "created_at": "string",
                       "updated_at": "string"]) { $1 }
        var changes = fields
        changes.merge(["version": "integer", "archived": "boolean"]) { $1 }
        let page = JSONValue.objectSchema(["items": "array", "next_cursor": "string"])
        return [
            "Product": JSONValue.objectSchema(product),
            "NewProduct": JSONValue.objectSchema(fields, required: ["sku", "name", "unit", "price", "vat_rate"]),
            "ProductChanges": JSONValue.objectSchema(changes, required: ["version"]),
            "ProductPage": page,
            "Category": JSONValue.objectSchema(["id": "integer", "name": "string", "parent_id": "integer", "version": "integer"]),
            "NewCategory": JSONValue.objectSchema(["name": "string", "parent_id": "integer"], required: ["name"]),
            "CategoryPage": page,
            "UnitPage": page,
            "ProductCSV": .object(["type": .string("string"), "description": .string("text/csv: " + ProductTransfer.columns.joined(separator: ","))]),
        ]
    }
}
