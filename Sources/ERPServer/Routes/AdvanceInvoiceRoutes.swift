// Advance invoice endpoints: the prepayments that still want one (the Tax Code gives five days),
// issuing one for a payment, reading one with what UPDs have offset of it. Thin adapters over
// BillingService.

import Billing
import ERPCore
import HTTP1

/// `/api/v1/advance-invoices…`, `/api/v1/payments/{id}/advance-invoice`.
package struct AdvanceInvoiceRoutes: RouteGroup {
    package var service: BillingService

    package init(time: TimeSource = .system) {
        service = BillingService(time: time)
    }

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/advance-invoices/due", summary: "Prepayments of the last month without an advance invoice, with the day it is due",
                  access: .permission(.recordPayments), response: "AdvanceDueList") { ctx in
                let principal = try ctx.requirePrincipal()
                return try .json(encoding: try ctx.withConnection { try service.advancesDue(by: principal, on: $0) })
            },
            Route(.post, "/api/v1/payments/{id}/advance-invoice", summary: "Issue the advance invoice of a prepayment (estimated VAT rate)",
                  access: .permission(.recordPayments), bodyLimit: 4 << 10, request: .advanceInvoiceRequest, response: "AdvanceInvoice",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PaymentID.self, entity: "payment")
                let request = try ctx.decode(AdvanceInvoiceRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.issueAdvanceInvoice(request, for: id, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/advance-invoices/{id}", summary: "One advance invoice with what UPDs offset of it",
                  access: .permission(.readPayments), response: "AdvanceInvoice") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: AdvanceInvoiceID.self, entity: "advance invoice")
                return try .json(encoding: try ctx.withConnection { try service.advanceInvoice(id, by: principal, on: $0) })
            },
        ]
    }

    package var schemas: [String: JSONValue] {
        [
            "AdvanceDueList": JSONValue.objectSchema(["items": "array"], required: ["items"]),
            "AdvanceInvoice": JSONValue.objectSchema([
                "id": "integer", "number": "string", "payment_id": "integer", "client_id": "integer", "date": "string", "amount": "string",
                "vat_rate": "string", "vat": "string", "offset": "string", "remaining": "string", "seller": "object", "buyer": "object",
                "payment": "object", "issued_at": "string", "issued_by": "string",
            ]),
        ]
    }
}
