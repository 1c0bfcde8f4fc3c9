// Billing endpoints (docs/http.md): company settings, closing documents (issue from an order, read,
// print, annul), payments (record, read, reverse), an order's payment status and receivables.
// Thin adapters over BillingService and CompanySettings.

import Billing
import ERPCore
import HTTP1
import Parties
import Postgres
import Sales

/// `/api/v1/settings/company`, `/api/v1/documents…`, `/api/v1/payments…`, `/api/v1/reports/receivables`.
package struct BillingRoutes: RouteGroup {
    package var service: BillingService

    package init(time: TimeSource = .system) {
        service = BillingService(time: time)
    }

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/settings/company", summary: "Our company's requisites and tax settings", access: .permission(.readSelf),
                  response: "CompanySettings") { ctx in
                let principal = try ctx.requirePrincipal()
                return try .json(encoding: try ctx.withConnection { try CompanySettings.get(by: principal, on: $0) })
            },
            Route(.put, "/api/v1/settings/company", summary: "Replace the company settings at their version (owners)",
                  access: .permission(.manageCompany), bodyLimit: 64 << 10, request: .companySettings, response: "CompanySettings") { ctx in
                let principal = try ctx.requirePrincipal()
                let settings = try ctx.decode(CompanySettings.self)
                return try .json(encoding: try ctx.withConnection { try CompanySettings.save(settings, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/orders/{id}/documents", summary: "Issue a closing document: invoice, upd, act or ukd (a return)",
                  access: .permission(.issueDocuments), bodyLimit: 16 << 10, request: .issueRequest, response: "Document",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let order = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                let request = try ctx.decode(IssueRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.issue(request, for: order, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/orders/{id}/payment", summary: "An order's payment status: unpaid, partially_paid or paid",
                  access: .permission(.readPayments), response: "OrderPayment") { ctx in
                let principal = try ctx.requirePrincipal()
                let order = try ctx.parameter("id", as: SalesOrderID.self, entity: "order")
                return try .json(encoding: try ctx.withConnection { try service.paymentStatus(of: order, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/documents", summary: "Closing documents newest first: order_id, client_id, type, status, from, to, limit, cursor",
                  access: .permission(.readDocuments), response: "DocumentPage",
                  query: [.id("order_id", "One order's documents"), .id("client_id", "One client's documents"),
                          .enumeration("type", DocumentType.self, "Document type"),
                          .enumeration("status", DocumentStatus.self, "Document status"),
                          .date("from", "Dated on or after this day"), .date("to", "Dated on or before this day"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let filter = DocumentFilter(
                    orderID: query.value("order_id", as: SalesOrderID.self), clientID: query.value("client_id", as: PartyID.self),
                    type: query.value("type", as: DocumentType.self), status: query.value("status", as: DocumentStatus.self),
                    from: query.date("from"), to: query.date("to"), limit: query.limit(), cursor: query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection { try service.documents(filter, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/documents/{id}", summary: "One closing document as issued", access: .permission(.readDocuments),
                  response: "Document") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DocumentID.self, entity: "document")
                return try .json(encoding: try ctx.withConnection { try service.document(id, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/documents/{id}/print", summary: "The printable HTML form (A4, self-contained): form=torg12 for a UPD's ТОРГ-12",
                  access: .permission(.readDocuments), query: [.enumeration("form", PrintForm.Form.self, "standard (default) or torg12")],
                  produces: ["text/html"]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DocumentID.self, entity: "document")
                var query = QueryFilterReader(ctx)
                let form = query.value("form", as: PrintForm.Form.self) ?? .standard
                try query.finish()
                let page = try ctx.withConnection { try service.print(id, form: form, by: principal, on: $0) }
                return .html(page, policy: .printForm)
            },
            Route(.post, "/api/v1/documents/{id}/corrections", summary: "Correct quantities or prices of a UPD's lines by a УКД (no stock moves)",
                  access: .permission(.issueDocuments), bodyLimit: 1 << 20, request: .correctionRequest, response: "Document",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DocumentID.self, entity: "document")
                let request = try ctx.decode(CorrectionRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.correct(request, of: id, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/documents/{id}/annul", summary: "Annul a document with a reason (it keeps its number)",
                  access: .permission(.annulDocuments), bodyLimit: 4 << 10, request: .reasonRequest, response: "Document") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DocumentID.self, entity: "document")
                let body = try ctx.decode(ReasonRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.annul(id, reason: body.reason, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/payments", summary: "Payments newest first: client_id, limit, cursor", access: .permission(.readPayments),
                  response: "PaymentPage", query: [.id("client_id", "One client's payments"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let client = query.value("client_id", as: PartyID.self)
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try service.payments(client: client, limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/payments", summary: "Record an incoming payment; allocations default to the oldest invoices",
                  access: .permission(.recordPayments), bodyLimit: 64 << 10, request: .newPayment, response: "Payment", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewPayment.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.record(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/payments/{id}", summary: "One payment with its allocations", access: .permission(.readPayments),
                  response: "Payment") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PaymentID.self, entity: "payment")
                return try .json(encoding: try ctx.withConnection { try service.payment(id, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/payments/{id}/reverse", summary: "Reverse a payment with a reason (never deleted)",
                  access: .permission(.recordPayments), bodyLimit: 4 << 10, request: .reasonRequest, response: "Payment") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PaymentID.self, entity: "payment")
                let body = try ctx.decode(ReasonRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.reverse(id, reason: body.reason, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/clients/{id}/reconciliation",
                  summary: "Акт сверки: opening balance, documents and payments, turnovers, closing balance: from, to, format=csv",
                  access: .permission(.readPayments), response: "Reconciliation", query: Self.reconciliationQuery + [.format],
                  produces: [Route.json, Route.csv]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "client")
                var query = QueryFilterReader(ctx)
                let (from, to, csv) = (query.date("from"), query.date("to"), query.wantsCSV())
                try query.finish()
                return try ctx.withConnection { connection in
                    let statement = try service.reconciliation(of: id, from: from, to: to, by: principal, on: connection)
                    return csv ? .csv(try service.csv(of: statement, by: principal, on: connection)) : try .json(encoding: statement)
                }
            },
            Route(.get, "/api/v1/clients/{id}/reconciliation/print", summary: "The акт сверки as a printable HTML page: from, to",
                  access: .permission(.readPayments), query: Self.reconciliationQuery, produces: ["text/html"]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "client")
                var query = QueryFilterReader(ctx)
                let (from, to) = (query.date("from"), query.date("to"))
                try query.finish()
                let statement = try ctx.withConnection { try service.reconciliation(of: id, from: from, to: to, by: principal, on: $0) }
                return .html(try service.print(statement), policy: .printForm)
            },
            Route(.get, "/api/v1/reports/receivables", summary: "Who owes what, aged 0–30, 31–60, 61–90, 90+ days: as_of, client_id, format=csv",
                  access: .permission(.readPayments), response: "ReceivablesReport",
                  query: [.date("as_of", "The day to age at (default today)"), .id("client_id", "One client"), .format],
                  produces: [Route.json, Route.csv]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let asOf = query.date("as_of")
                let client = query.value("client_id", as: PartyID.self)
                let csv = query.wantsCSV()
                try query.finish()
                return try ctx.withConnection { connection in
                    let report = try service.receivables(asOf: asOf, client: client, by: principal, on: connection)
                    return csv ? .csv(try service.csv(of: report, by: principal, on: connection)) : try .json(encoding: report)
                }
            },
        ]
    }

    /// The period of an акт сверки.
    static let reconciliationQuery: [QueryParameter] = [
        .date("from", "The first day (default the first of this month)"), .date("to", "The last day (default today)"),
    ]

    package var schemas: [String: JSONValue] {
        let list = JSONValue.objectSchema(["items": "array", "next_cursor": "string"])
        return [
            "CompanySettings": JSONValue.objectSchema([
                "kind": "string", "name": "string", "inn": "string", "kpp": "string", "ogrn": "string", "address": "string",
                "bank": "object", "director": "string", "chief_accountant": "string", "phone": "string", "email": "string",
                "vat_payer": "boolean", "prices_include_vat": "boolean", "time_zone": "string", "version": "integer",
            ], required: ["name", "version"]),
            "Document": JSONValue.objectSchema([
                "id": "integer", "type": "string", "number": "string", "status": "string", "order_id": "integer", "client_id": "integer",
                "date": "string", "total": "string", "credited": "string", "paid": "string", "outstanding": "string", "issued_at": "string",
                "issued_by": "string", "annulled_at": "string", "annul_reason": "string", "content": "object", "client_name": "string",
            ]),
            "DocumentPage": list,
            "Payment": JSONValue.objectSchema(["id": "integer", "number": "string", "client_id": "integer", "amount": "string",
                                               "date": "string", "status": "string", "allocations": "array", "unallocated": "string",
                                               "client_name": "string"]),
            "PaymentPage": list,
            "OrderPayment": JSONValue.objectSchema(["order_id": "integer", "status": "string", "total": "string", "paid": "string", "due": "string"]),
            "ReceivablesReport": JSONValue.objectSchema(["as_of": "string", "items": "array", "totals": "object"]),
            "Reconciliation": JSONValue.objectSchema([
                "client_id": "integer", "client": "string", "from": "string", "to": "string", "opening_balance": "string",
                "entries": "array", "debit_turnover": "string", "credit_turnover": "string", "closing_balance": "string",
                "seller": "object", "buyer": "object",
            ]),
        ]
    }
}
