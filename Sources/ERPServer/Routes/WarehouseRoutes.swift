// Warehouses and the stock queries (docs/http.md): levels, the ledger, low stock, a product's stock
// card. Thin adapters: parse, call WarehouseService (which checks roles, the warehouse scope and
// who sees costs), encode. Levels come through Purchasing, which adds what is `incoming`.

import Catalog
import ERPCore
import HTTP1
import Postgres
import Purchasing
import Warehouse

/// `/api/v1/warehouses`, `/api/v1/stock/…` and `/api/v1/products/{id}/stock`.
package struct WarehouseRoutes: RouteGroup {
    package var service: WarehouseService
    package var purchasing: PurchasingService

    package init(time: TimeSource = .system) {
        service = WarehouseService(time: time)
        purchasing = PurchasingService(time: time)
    }

    package var routes: [Route] {
        let (service, purchasing) = (self.service, self.purchasing)
        return [
            Route(.get, "/api/v1/warehouses", summary: "The warehouses the user works with, in code order",
                  access: .permission(.readStock), response: "WarehouseList") { ctx in
                let principal = try ctx.requirePrincipal()
                let warehouses = try ctx.withConnection { try service.warehouses(by: principal, on: $0) }
                return try .json(encoding: Page(items: warehouses, nextCursor: nil))
            },
            Route(.post, "/api/v1/warehouses", summary: "Create a warehouse (owners; Idempotency-Key honoured)",
                  access: .permission(.manageWarehouses), bodyLimit: 16 << 10, request: .newWarehouse,
                  response: "Warehouse", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewWarehouse.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.create(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/warehouses/{id}", summary: "One warehouse", access: .permission(.readStock),
                  response: "Warehouse") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: WarehouseID.self, entity: "warehouse")
                return try .json(encoding: try ctx.withConnection { try service.warehouse(id.description, by: principal, on: $0) })
            },
            Route(.patch, "/api/v1/warehouses/{id}", summary: "Rename or (de)activate a warehouse at its version (owners)",
                  access: .permission(.manageWarehouses), bodyLimit: 16 << 10, request: .warehouseChanges, response: "Warehouse") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: WarehouseID.self, entity: "warehouse")
                let changes = try ctx.decode(WarehouseChanges.self)
                return try .json(encoding: try ctx.withConnection { try service.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/stock/levels",
                  summary: "Stock levels with incoming (ordered, not received): warehouse_id, product_id, category_id, include_empty, limit, cursor",
                  access: .permission(.readStock), response: "StockLevelPage",
                  query: [.id("warehouse_id", "One warehouse"), .id("product_id", "One product"), .id("category_id", "One category"),
                          .boolean("include_empty", "Include levels with nothing on hand"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let filter = StockLevelFilter(
                    warehouseID: query.value("warehouse_id", as: WarehouseID.self),
                    productID: query.value("product_id", as: ProductID.self),
                    categoryID: query.value("category_id", as: CategoryID.self),
                    includeEmpty: query.value("include_empty", as: Bool.self) ?? false,
                    limit: query.limit(), cursor: query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection { try purchasing.levels(filter, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/stock/moves",
                  summary: "The ledger, newest first: product_id, warehouse_id, kind, from, to, document_type, document_id, actor_id, limit, cursor",
                  access: .permission(.readStock), response: "StockMovePage",
                  query: [.id("product_id", "One product"), .id("warehouse_id", "One warehouse"),
                          .enumeration("kind", MoveKind.self, "Move kind"), .timestamp("from", "At or after (RFC 3339, or from the company's day)"),
                          .timestamp("to", "Before (RFC 3339, or up to the end of the company's day)"), .text("document_type", maxLength: 32, "Document type"),
                          .id("document_id", "One document (with document_type)"), .id("actor_id", "One user's moves"),
                          .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                var filter = StockMoveFilter(
                    productID: query.value("product_id", as: ProductID.self),
                    warehouseID: query.value("warehouse_id", as: WarehouseID.self),
                    kind: query.value("kind", as: MoveKind.self), documentType: query.text("document_type"),
                    documentID: query.id("document_id"),
                    actorID: query.value("actor_id", as: UserID.self), limit: query.limit(), cursor: query.text("cursor"))
                let (from, to) = (query.timestamp("from"), query.timestamp("to"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection { connection in
                    (filter.from, filter.to) = try CompanyCalendar.instants(from: from, to: to, on: connection)
                    return try service.moves(filter, by: principal, on: connection)
                })
            },
            Route(.get, "/api/v1/stock/low", summary: "Goods whose available stock is below min_stock: warehouse_id",
                  access: .permission(.readStock), response: "LowStockList", query: [.id("warehouse_id", "One warehouse")]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let warehouse = query.value("warehouse_id", as: WarehouseID.self)
                try query.finish()
                let items = try ctx.withConnection { try service.lowStock(warehouse: warehouse, by: principal, on: $0) }
                return try .json(encoding: Page(items: items, nextCursor: nil))
            },
            Route(.get, "/api/v1/products/{id}/stock", summary: "A product's stock card: levels per warehouse and recent moves",
                  access: .permission(.readStock), response: "StockCard") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: ProductID.self, entity: "product")
                return try .json(encoding: try ctx.withConnection { try service.card(of: id, by: principal, on: $0) })
            },
        ]
    }

    package var schemas: [String: JSONValue] {
        let warehouse = ["code": "string", "name": "string", "address": "string"]
        let level = ["product_id": "integer", "sku": "string", "name": "string", "unit": "string", "warehouse_id": "integer",
                     "warehouse_code": "string",
                     "on_hand": "string", "reserved": "string", "available": "string", "avg_cost": "string", "value": "string",
                     "incoming": "string"]
        let move = ["id": "integer", "at": "string", "product_id": "integer", "warehouse_id": "integer", "qty": "string",
                    "cost": "string", "kind": "string", "document_type": "string", "document_id": "integer",
                    "reverses_move_id": "integer", "actor_id": "integer", "actor_login": "string"]
        let list = JSONValue.objectSchema(["items": "array", "next_cursor": "string"])
        return [
            "Warehouse": JSONValue.objectSchema(warehouse.merging(["id": "integer", "active": "boolean", "version": "integer",
                                                                   "created_at": "string"]) { a, _ in a }),
            "WarehouseList": list,
            "StockLevel": JSONValue.objectSchema(level),
            "StockLevelPage": JSONValue.objectSchema(["items": "array", "next_cursor": "string", "totals": "object"]),
            "StockMove": JSONValue.objectSchema(move),
            "StockMovePage": list,
            "LowStockList": list,
            "StockCard": JSONValue.objectSchema(["product_id": "integer", "sku": "string", "name": "string", "unit": "string",
                                                 "levels": "array", "recent_moves": "array"]),
        ]
    }
}
