// The supplier order endpoints (docs/http.md): create, read, list, change a draft, place and
// cancel; and returns to suppliers. Receipts against an order go through `POST /api/v1/receipts`
// with `purchase_order_id` (StockDocumentRoutes hands them to the same facade). Creating and
// transition POSTs honour `Idempotency-Key`, stored in the same transaction as their effect.

import Billing
import ERPCore
import HTTP1
import Parties
import Postgres
import Purchasing
import Warehouse

/// `/api/v1/purchase-orders…`, `/api/v1/supplier-returns`, `/api/v1/purchasing/suggestions…`, `/api/v1/suppliers/{id}/card`.
package struct PurchasingRoutes: RouteGroup {
    package var service: PurchasingService

    package init(time: TimeSource = .system) {
        service = PurchasingService(time: time)
    }

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/purchase-orders", summary: "Supplier orders newest first: status, supplier_id, warehouse_id, limit, cursor",
                  access: .permission(.readPurchasing), response: "PurchaseOrderPage",
                  query: [.enumeration("status", PurchaseOrderStatus.self, "Order status"), .id("supplier_id", "One supplier's orders"),
                          .id("warehouse_id", "Orders for one warehouse"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let filter = PurchaseOrderFilter(
                    status: query.value("status", as: PurchaseOrderStatus.self), supplierID: query.value("supplier_id", as: PartyID.self),
                    warehouseID: query.value("warehouse_id", as: WarehouseID.self), limit: query.limit(), cursor: query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection { try service.orders(filter, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/purchase-orders", summary: "Create a draft supplier order (Idempotency-Key honoured)",
                  access: .permission(.editPurchasing), bodyLimit: 1 << 20, request: .newPurchaseOrder, response: "PurchaseOrder",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewPurchaseOrder.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.create(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/purchase-orders/{id}", summary: "One supplier order: ordered, received and remaining per line (format=csv)",
                  access: .permission(.readPurchasing), response: "PurchaseOrder", query: [.format], produces: [Route.json, Route.csv]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PurchaseOrderID.self, entity: "purchase order")
                var query = QueryFilterReader(ctx)
                let csv = query.wantsCSV()
                try query.finish()
                return try ctx.withConnection { connection in
                    let order = try service.order(id, by: principal, on: connection)
                    return csv ? .csv(try service.csv(of: order, by: principal, on: connection)) : try .json(encoding: order)
                }
            },
            Route(.get, "/api/v1/purchase-orders/{id}/print", summary: "The заказ поставщику as a printable HTML page (A4, self-contained)",
                  access: .permission(.readPurchasePrices)) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PurchaseOrderID.self, entity: "purchase order")
                let page = try ctx.withConnection { try BillingService(time: service.time).print(id, by: principal, on: $0) }
                return .html(page, policy: .printForm)
            },
            Route(.patch, "/api/v1/purchase-orders/{id}", summary: "Change a draft supplier order at its version (lines replace all lines)",
                  access: .permission(.editPurchasing), bodyLimit: 1 << 20, request: .purchaseOrderChanges,
                  response: "PurchaseOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PurchaseOrderID.self, entity: "purchase order")
                let changes = try ctx.decode(PurchaseOrderChanges.self)
                return try .json(encoding: try ctx.withConnection { try service.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/purchase-orders/{id}/order", summary: "Place a draft with the supplier: its lines become incoming stock",
                  access: .permission(.editPurchasing), response: "PurchaseOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PurchaseOrderID.self, entity: "purchase order")
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.place(id, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/purchase-orders/{id}/cancel",
                  summary: "Cancel a supplier order (a partially received one: nothing more is expected)",
                  access: .permission(.editPurchasing), response: "PurchaseOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PurchaseOrderID.self, entity: "purchase order")
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.cancel(id, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/purchasing/suggestions",
                  summary: "What a warehouse should order, by preferred supplier: warehouse_id (required), cover_days",
                  access: .permission(.readPurchasing), response: "ReorderSuggestions",
                  query: [.id("warehouse_id", "The warehouse to reorder for (required)"), Self.coverDays]) { ctx in
                let principal = try ctx.requirePrincipal()
                let (warehouse, coverDays) = try Self.suggestionQuery(ctx)
                return try .json(encoding: try ctx.withConnection {
                    try service.suggestions(warehouse: warehouse, coverDays: coverDays, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/purchasing/suggestions/orders",
                  summary: "Turn chosen suggestion lines into draft supplier orders, one per supplier (Idempotency-Key honoured)",
                  access: .permission(.editPurchasing), bodyLimit: 1 << 20, request: .suggestedOrders, response: "SuggestedOrdersResult",
                  status: 201, query: [Self.coverDays]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let coverDays = query.value("cover_days", as: Int.self) ?? 30
                try query.finish()
                let command = try ctx.decode(SuggestedOrders.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(SuggestedOrdersResult(orders: try service.order(command, coverDays: coverDays, by: principal, in: tx)))
                }
            },
            Route(.get, "/api/v1/suppliers/{id}/card",
                  summary: "The supplier card: party, orders, receipts, returns, bills, payments and what we owe (bills and money only with payables.read)",
                  access: .permission(.readPurchasing), response: "SupplierCard") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "supplier")
                return try .json(encoding: try ctx.withConnection { try service.card(of: id, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/supplier-returns",
                  summary: "Send goods of a receipt back to the supplier at their receipt cost; 409 when they are reserved",
                  access: .permission(.postStock), bodyLimit: 1 << 20, request: .newSupplierReturn, response: "SupplierReturn",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewSupplierReturn.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.sendBack(command, by: principal, in: tx))
                }
            },
        ]
    }

    /// `cover_days`: the days of sales a target without `max_stock` covers.
    private static let coverDays = QueryParameter("cover_days", .integer(1...365), "Days of average sales to cover without max_stock (default 30)")

    /// The suggestion route's warehouse (required) and days of cover.
    /// - Throws: `ERPError.validationFailed` without `warehouse_id`.
    private static func suggestionQuery(_ ctx: RequestContext) throws -> (WarehouseID, Int) {
        var query = QueryFilterReader(ctx)
        let warehouse = query.value("warehouse_id", as: WarehouseID.self)
        let coverDays = query.value("cover_days", as: Int.self) ?? 30
        try query.finish()
        guard let warehouse else { throw ERPError.validationFailed(fields: ["warehouse_id": "is required"]) }
        return (warehouse, coverDays)
    }

    package var schemas: [String: JSONValue] {
        [
            "PurchaseOrder": JSONValue.objectSchema([
                "id": "integer", "number": "string", "status": "string", "supplier_id": "integer", "warehouse_id": "integer",
                "expected_date": "string", "comment": "string", "lines": "array", "totals": "object", "created_at": "string",
                "created_by": "string", "ordered_at": "string", "cancelled_at": "string", "version": "integer",
                "supplier_name": "string", "warehouse_code": "string",
            ]),
            "PurchaseOrderPage": JSONValue.objectSchema(["items": "array", "next_cursor": "string"]),
            // An item of `PurchaseOrderPage` and of the supplier card's orders: the order without its
            // lines (`GET /api/v1/purchase-orders/{id}` has them).
            "PurchaseOrderSummary": JSONValue.objectSchema([
                "id": "integer", "number": "string", "status": "string", "supplier_id": "integer", "supplier_name": "string",
                "warehouse_id": "integer", "warehouse_code": "string", "expected_date": "string", "comment": "string",
                "total": "string", "line_count": "integer", "created_at": "string", "created_by": "string", "ordered_at": "string",
                "cancelled_at": "string", "version": "integer",
            ]),
            "ReorderSuggestions": JSONValue.objectSchema(["warehouse_id": "integer", "cover_days": "integer", "suppliers": "array"]),
            "SuggestedOrdersResult": JSONValue.objectSchema(["orders": "array"]),
            "SupplierCard": JSONValue.objectSchema([
                "party": "object", "orders": "array", "receipts": "array", "returns": "array", "bills": "array", "payments": "array",
                "owed": "string", "overdue": "string",
            ]),
            "SupplierReturn": JSONValue.objectSchema([
                "id": "integer", "number": "string", "receipt_id": "integer", "supplier_id": "integer", "warehouse_id": "integer",
                "reason": "string", "note": "string", "lines": "array", "created_at": "string", "created_by": "string",
            ]),
        ]
    }
}
