// The sales order endpoints (docs/http.md): create, read, list, change a draft, and the transitions
// (confirm, ship, cancel, returns), each one service call in one transaction. Creating and
// transition POSTs honour `Idempotency-Key`, stored in the same transaction as their effect.

import ERPCore
import HTTP1
import Parties
import Postgres
import Sales
import Warehouse

/// `/api/v1/orders…`.
package struct OrderRoutes: RouteGroup {
    package var service: SalesService

    package init(time: TimeSource = .system) {
        service = SalesService(time: time)
    }

    /// A shipment or return with the order it changed.
    struct Outcome<Document: Encodable>: Encodable {
        var order: SalesOrder
        var document: Document
    }

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/orders", summary: "Order summaries (no lines) newest first: status, client_id, manager_id, warehouse_id, from, to, limit, cursor",
                  access: .permission(.readOrders), response: "OrderPage",
                  query: [.enumeration("status", OrderStatus.self, "Order status"), .id("client_id", "One client's orders"),
                          .id("manager_id", "One manager's orders"), .id("warehouse_id", "Orders shipping from one warehouse"),
                          .timestamp("from", "Created at or after (RFC 3339, or from the company's day)"),
                          .timestamp("to", "Created before (RFC 3339, or up to the end of the company's day)"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                var filter = OrderFilter(
                    status: query.value("status", as: OrderStatus.self), clientID: query.value("client_id", as: PartyID.self),
                    managerID: query.value("manager_id", as: UserID.self),
                    warehouseID: query.value("warehouse_id", as: WarehouseID.self), limit: query.limit(), cursor: query.text("cursor"))
                let (from, to) = (query.timestamp("from"), query.timestamp("to"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection { connection in
                    (filter.from, filter.to) = try CompanyCalendar.instants(from: from, to: to, on: connection)
                    return try service.orders(filter, by: principal, on: connection)
                })
            },
            Route(.post, "/api/v1/orders", summary: "Create a draft order (Idempotency-Key honoured)", access: .permission(.sellOrders),
                  bodyLimit: 1 << 20, request: .newOrder, response: "SalesOrder", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewOrder.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.create(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/orders/{id}", summary: "One order with its lines and totals", access: .permission(.readOrders),
                  response: "SalesOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                return try .json(encoding: try ctx.withConnection { try service.order(id, by: principal, on: $0) })
            },
            Route(.patch, "/api/v1/orders/{id}", summary: "Change a draft at its version (lines replace all lines)",
                  access: .permission(.sellOrders), bodyLimit: 1 << 20, request: .orderChanges, response: "SalesOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                let changes = try ctx.decode(OrderChanges.self)
                return try .json(encoding: try ctx.withConnection { try service.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/orders/{id}/confirm", summary: "Reserve every goods line or none: 409 insufficient_stock names each short line",
                  access: .permission(.sellOrders), response: "SalesOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.confirm(id, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/orders/{id}/ship", summary: "Ship reserved goods: every line, or the lines given",
                  access: .permission(.shipOrders), bodyLimit: 1 << 20, request: .shipRequest, response: "ShipmentOutcome",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                let request = ctx.request.body.isEmpty ? ShipRequest() : try ctx.decode(ShipRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    let (order, shipment) = try service.ship(id, request, by: principal, in: tx)
                    return try ERPJSON.encode(Outcome(order: order, document: shipment))
                }
            },
            Route(.post, "/api/v1/orders/{id}/cancel", summary: "Cancel an order, releasing what is still reserved",
                  access: .permission(.sellOrders), response: "SalesOrder") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.cancel(id, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/orders/{id}/returns", summary: "Take goods back against the order's shipments",
                  access: .permission(.shipOrders), bodyLimit: 1 << 20, request: .returnRequest, response: "ReturnOutcome",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                let request = try ctx.decode(ReturnRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    let (order, taken) = try service.takeReturn(request, against: id, by: principal, in: tx)
                    return try ERPJSON.encode(Outcome(order: order, document: taken))
                }
            },
        ]
    }

    package var schemas: [String: JSONValue] {
        let order = ["client_id": "integer", "warehouse_id": "integer", "manager_id": "integer", "comment": "string", "lines": "array"]
        return [
            "SalesOrder": JSONValue.objectSchema(order.merging([
                "id": "integer", "number": "string", "status": "string", "prices_include_vat": "boolean", "totals": "object",
                "created_at": "string", "created_by": "string", "confirmed_at": "string", "cancelled_at": "string", "version": "integer",
                "client_name": "string", "warehouse_code": "string",
            ]) { a, _ in a }),
            "OrderPage": JSONValue.objectSchema(["items": "array", "next_cursor": "string"]),
            // An item of `OrderPage`: the order without its lines (`GET /api/v1/orders/{id}` has them).
            "OrderSummary": JSONValue.objectSchema([
                "id": "integer", "number": "string", "status": "string", "client_id": "integer", "client_name": "string",
                "warehouse_id": "integer", "warehouse_code": "string", "manager_id": "integer", "created_at": "string",
                "confirmed_at": "string", "total": "string", "line_count": "integer",
            ]),
            "ShipmentOutcome": JSONValue.objectSchema(["order": "object", "document": "object"]),
            "ReturnOutcome": JSONValue.objectSchema(["order": "object", "document": "object"]),
        ]
    }
}
