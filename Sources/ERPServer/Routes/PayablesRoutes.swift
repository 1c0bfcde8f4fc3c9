// What we owe suppliers (docs/http.md): supplier bills, payments to suppliers (record, list,
// reverse) and the payables report with its ageing (JSON or CSV). Thin adapters over
// PurchasingService; recording POSTs honour `Idempotency-Key`.

import Billing
import ERPCore
import HTTP1
import Parties
import Postgres
import Purchasing

/// `/api/v1/supplier-bills`, `/api/v1/supplier-payments…`, `/api/v1/reports/payables`.
package struct PayablesRoutes: RouteGroup {
    package var service: PurchasingService

    package init(time: TimeSource = .system) {
        service = PurchasingService(time: time)
    }

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/supplier-bills", summary: "Supplier bills newest first: supplier_id, open, limit, cursor",
                  access: .permission(.readPayables), response: "SupplierBillPage",
                  query: [.id("supplier_id", "One supplier's bills"), .boolean("open", "Only bills not paid in full"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let supplier = query.value("supplier_id", as: PartyID.self)
                let open = query.value("open", as: Bool.self) ?? false
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try service.bills(supplier: supplier, openOnly: open, limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/supplier-bills", summary: "Record a supplier's bill (their number and date; Idempotency-Key honoured)",
                  access: .permission(.recordSupplierBills), bodyLimit: 64 << 10, request: .newSupplierBill, response: "SupplierBill",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewSupplierBill.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.record(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/supplier-payments", summary: "Payments to suppliers newest first: supplier_id, limit, cursor",
                  access: .permission(.readPayables), response: "SupplierPaymentPage",
                  query: [.id("supplier_id", "One supplier's payments"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let supplier = query.value("supplier_id", as: PartyID.self)
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try service.payments(supplier: supplier, limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/supplier-payments",
                  summary: "Pay a supplier: allocated as given, or to the oldest open bills (Idempotency-Key honoured)",
                  access: .permission(.paySuppliers), bodyLimit: 256 << 10, request: .newSupplierPayment, response: "SupplierPayment",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewSupplierPayment.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.pay(command, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/supplier-payments/{id}/reverse", summary: "Reverse a payment to a supplier: it stays, counting for nothing",
                  access: .permission(.paySuppliers), bodyLimit: 16 << 10, request: .reasonRequest, response: "SupplierPayment") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: SupplierPaymentID.self, entity: "supplier payment")
                let reason = try ctx.decode(ReasonRequest.self).reason
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.reverse(id, reason: reason, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/reports/payables", summary: "What we owe suppliers, aged 0–30, 31–60, 61–90, 90+ days: as_of, supplier_id, format=csv",
                  access: .permission(.readPayables), response: "PayablesReport",
                  query: [.date("as_of", "The day to age at (default today)"), .id("supplier_id", "One supplier"), .format],
                  produces: [Route.json, Route.csv]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let asOf = query.date("as_of")
                let supplier = query.value("supplier_id", as: PartyID.self)
                let csv = query.wantsCSV()
                try query.finish()
                return try ctx.withConnection { connection in
                    let report = try service.payables(asOf: asOf, supplier: supplier, by: principal, on: connection)
                    return csv ? .csv(try service.csv(of: report, by: principal, on: connection)) : try .json(encoding: report)
                }
            },
        ]
    }

    package var schemas: [String: JSONValue] {
        let list = JSONValue.objectSchema(["items": "array", "next_cursor": "string"])
        return [
            "SupplierBill": JSONValue.objectSchema([
                "id": "integer", "supplier_id": "integer", "number": "string", "date": "string", "amount": "string", "vat": "string",
                "receipt_ids": "array", "note": "string", "paid": "string", "open": "string", "created_at": "string", "created_by": "string",
                "supplier_name": "string",
            ]),
            "SupplierBillPage": list,
            "SupplierPayment": JSONValue.objectSchema([
                "id": "integer", "number": "string", "supplier_id": "integer", "amount": "string", "date": "string", "bank_ref": "string",
                "note": "string", "status": "string", "allocations": "array", "created_at": "string", "created_by": "string",
                "reversal_reason": "string",
            ]),
            "SupplierPaymentPage": list,
            "PayablesReport": JSONValue.objectSchema(["as_of": "string", "items": "array", "total": "string"]),
        ]
    }
}
