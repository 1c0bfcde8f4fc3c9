// The stock documents (docs/http.md) — receipts, transfers, write-offs, stock counts: post (with
// `Idempotency-Key`, stored in the posting's transaction), read, cancel; and an open count's
// PATCH and post. The four kinds share their routes' shape, so they are generated per kind.
// A receipt with `purchase_order_id` is received against that order, and cancelling goes through
// Purchasing (above the Warehouse), which refuses a receipt an order or a return depends on.

import ERPCore
import HTTP1
import Postgres
import Purchasing
import Warehouse

/// `/api/v1/{receipts,transfers,write-offs,stock-counts}…`.
package struct StockDocumentRoutes: RouteGroup {
    package var service: WarehouseService
    package var purchasing: PurchasingService

    package init(time: TimeSource = .system) {
        service = WarehouseService(time: time)
        purchasing = PurchasingService(time: time)
    }

    /// How the body of each kind's POST becomes a `StockCommand`.
    private static let kinds: [(StockDocumentType, BodySchema, @Sendable (RequestContext) throws(ERPError) -> StockCommand)] = [
        (.receipt, .newReceipt, { ctx throws(ERPError) in .receipt(try ctx.decode(NewReceipt.self)) }),
        (.transfer, .newTransfer, { ctx throws(ERPError) in .transfer(try ctx.decode(NewTransfer.self)) }),
        (.writeOff, .newWriteOff, { ctx throws(ERPError) in .writeOff(try ctx.decode(NewWriteOff.self)) }),
        (.stockCount, .newStockCount, { ctx throws(ERPError) in .stockCount(try ctx.decode(NewStockCount.self)) }),
    ]

    /// A stock count of 50,000 lines is about 3 MB of JSON.
    static let bodyLimit = 8 << 20

    package var routes: [Route] {
        let (service, purchasing) = (self.service, self.purchasing)
        var routes: [Route] = []
        for (type, schema, decode) in Self.kinds {
            let base = "/api/v1/\(type.pathSegment)"
            let word = type.rawValue.replacingOccurrences(of: "_", with: " ")
            routes.append(Route(.post, base, summary: "Post a \(word) (Idempotency-Key honoured); 409 insufficient_stock names every short line",
                                access: .permission(.postStock), bodyLimit: Self.bodyLimit, request: schema,
                                response: "StockDocument", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                if type == .receipt, try ctx.parsedBody()["purchase_order_id"] != nil {
                    let command = try ctx.decode(OrderReceipt.self)
                    return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                        try ERPJSON.encode(try purchasing.receive(command, by: principal, in: tx).receipt)
                    }
                }
                let command = try decode(ctx)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.post(command, by: principal, in: tx))
                }
            })
            routes.append(Route(.get, base + "/{id}", summary: "One \(word) with its lines", access: .permission(.readStock),
                                response: "StockDocument") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: StockDocumentID.self, entity: word)
                return try .json(encoding: try ctx.withConnection { try service.document(id, type: type, by: principal, on: $0) })
            })
            routes.append(Route(.post, base + "/{id}/cancel", summary: "Cancel a \(word) by reversing its moves (Idempotency-Key honoured)",
                                access: .permission(.postStock), response: "StockDocument") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: StockDocumentID.self, entity: word)
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try purchasing.cancel(id, type: type, by: principal, in: tx))
                }
            })
        }
        routes.append(Route(.patch, "/api/v1/stock-counts/{id}", summary: "Record counted quantities on an open stock count",
                            access: .permission(.postStock), bodyLimit: Self.bodyLimit, request: .stockCountChanges,
                            response: "StockDocument") { ctx in
            let principal = try ctx.requirePrincipal()
            let id = try ctx.parameter("id", as: StockDocumentID.self, entity: "stock count")
            let changes = try ctx.decode(StockCountChanges.self)
            return try .json(encoding: try ctx.withConnection { try service.fill(id, with: changes, by: principal, on: $0) })
        })
        routes.append(Route(.post, "/api/v1/stock-counts/{id}/post",
                            summary: "Post an open stock count: adjust by counted − book at start (Idempotency-Key honoured)",
                            access: .permission(.postStock), response: "StockDocument") { ctx in
            let principal = try ctx.requirePrincipal()
            let id = try ctx.parameter("id", as: StockDocumentID.self, entity: "stock count")
            return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                try ERPJSON.encode(try service.postCount(id, by: principal, in: tx))
            }
        })
        return routes
    }

    package var schemas: [String: JSONValue] {
        [
            "StockDocument": JSONValue.objectSchema([
                "id": "integer", "type": "string", "number": "string", "status": "string", "warehouse_id": "integer",
                "warehouse_code": "string", "to_warehouse_id": "integer", "to_warehouse_code": "string", "supplier_id": "integer",
                "supplier_ref": "string", "reason": "string",
                "note": "string", "lines": "array", "total_cost": "string", "created_at": "string", "created_by": "string",
                "posted_at": "string", "posted_by": "string", "cancelled_at": "string", "cancelled_by": "string",
                "version": "integer",
            ]),
        ]
    }
}

extension StockDocumentType {
    /// The path segment of its endpoints (`/api/v1/write-offs`): a concern of the HTTP door only.
    var pathSegment: String {
        switch self {
        case .receipt: "receipts"
        case .transfer: "transfers"
        case .writeOff: "write-offs"
        case .stockCount: "stock-counts"
        }
    }
}
