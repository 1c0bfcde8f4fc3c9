// Exchange endpoints: a UPD as the ФНС's electronic document, bank statements in (preview with
// `?dry_run=true`, then apply), the queue of statement lines no client or supplier matched, our
// payments to suppliers as payment orders for the bank, and a period's sales for the accountant's
// 1C. Thin adapters over ExchangeService.

import Billing
import ERPCore
import Exchange
import HTTP1
import Postgres
import Purchasing

/// `/api/v1/documents/{id}/xml`, `/api/v1/bank/statements`, `/api/v1/bank/queue…`, `/api/v1/bank/payment-orders`,
/// `/api/v1/exports/1c`.
package struct ExchangeRoutes: RouteGroup {
    package var service: ExchangeService

    package init(time: TimeSource = .system) {
        service = ExchangeService(time: time)
    }

    /// The largest statement an import takes: a busy year of one account.
    static let statementLimit = 20 << 20

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/documents/{id}/xml", summary: "A UPD as the ФНС's electronic document (format 5.03, windows-1251)",
                  access: .permission(.readDocuments), produces: ["application/xml"]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DocumentID.self, entity: "document")
                let file = try ctx.withConnection { try service.electronicUPD(id, by: principal, on: $0) }
                // The name is ASCII (ON_NSCHFDOPPR_, INNs, a GUID), so it needs no RFC 6266 encoding.
                return HTTPResponse(status: 200, headers: [
                    "Content-Type": "application/xml; charset=windows-1251",
                    "Content-Disposition": "attachment; filename=\"\(file.fileName)\"",
                ], body: file.bytes)
            },
            Route(.post, "/api/v1/bank/statements",
                  summary: "Import a 1CClientBankExchange statement (text/plain, any of its encodings); dry_run=true previews",
                  access: .permission(.recordPayments), bodyLimit: Self.statementLimit, request: .bankStatement,
                  response: "StatementImport", query: [.dryRun]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let dryRun = query.value("dry_run", as: Bool.self) ?? false
                try query.finish()
                let bytes = ctx.request.body
                guard !bytes.isEmpty else { throw ERPError.badRequest(reason: "the statement file is the body") }
                if dryRun {
                    return try .json(encoding: try ctx.withConnection {
                        try service.importStatement(bytes, dryRun: true, by: principal, on: $0)
                    })
                }
                // The file is not JSON: its bytes are the idempotency fingerprint.
                return try ctx.createIdempotently(by: principal, time: service.time, fingerprint: bytes, status: 200) { tx in
                    try ERPJSON.encode(try service.importStatement(bytes, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/bank/queue", summary: "Statement lines no client or supplier matched (dismissed=true: those dismissed), oldest first",
                  access: .permission(.readPayments), response: "StatementLines",
                  query: [.boolean("dismissed", "true: the dismissed lines instead of the queued ones")]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let dismissed = query.value("dismissed", as: Bool.self) ?? false
                try query.finish()
                return try .json(encoding: ["items": try ctx.withConnection {
                    try service.statementQueue(dismissed: dismissed, by: principal, on: $0)
                }])
            },
            Route(.post, "/api/v1/bank/queue/{id}/dismiss",
                  summary: "Dismiss a queued line with a reason (bank_fee, tax, own_transfer, other with a comment): no payment is recorded",
                  access: .permission(.recordPayments), bodyLimit: 4 << 10, request: .statementDismissal, response: "StatementLine") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: StatementLineID.self, entity: "statement line")
                let dismissal = try ctx.decode(StatementDismissal.self)
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.dismiss(id, dismissal, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/bank/queue/{id}/reopen", summary: "Put a dismissed line back in the queue",
                  access: .permission(.recordPayments), response: "StatementLine") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: StatementLineID.self, entity: "statement line")
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.reopen(id, by: principal, in: tx))
                }
            },
            Route(.post, "/api/v1/bank/queue/{id}/resolve", summary: "Resolve a queued line: record the chosen client's payment or the payment to the chosen supplier",
                  access: .permission(.recordPayments), bodyLimit: 4 << 10, request: .statementResolution,
                  response: "StatementLine") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: StatementLineID.self, entity: "statement line")
                let resolution = try ctx.decode(StatementResolution.self)
                return try ctx.createIdempotently(by: principal, time: service.time, status: 200) { tx in
                    try ERPJSON.encode(try service.resolve(id, resolution, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/bank/payment-orders",
                  summary: "Our posted payments to suppliers (a period or ids) as payment orders for the bank client (1CClientBankExchange)",
                  access: .permission(.paySuppliers),
                  query: [.date("from", "First day (payment date; with to, instead of ids)"), .date("to", "Last day, included"),
                          .text("ids", maxLength: 2000, "Supplier payment ids, comma-separated (instead of a period)")],
                  produces: ["text/plain"]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let (from, to, ids) = (query.date("from"), query.date("to"), query.text("ids"))
                try query.finish()
                let parsed: [SupplierPaymentID] = try ids.map { text throws(ERPError) in try PaymentOrderSelection.ids(parsing: text) } ?? []
                let bytes = try ctx.withConnection {
                    try service.paymentOrders(PaymentOrderSelection(from: from, to: to, ids: parsed), by: principal, on: $0)
                }
                return HTTPResponse(status: 200, headers: [
                    "Content-Type": "text/plain; charset=windows-1251",
                    "Content-Disposition": "attachment; filename=\"kl_to_1c.txt\"",
                ], body: bytes)
            },
            Route(.get, "/api/v1/exports/1c",
                  summary: "The issued UPDs (and a VAT payer's VAT invoices), receipts from suppliers and returns both ways dated from…to, with their parties and items, as EnterpriseData 1.21 for 1C",
                  access: .permission(.exportParties), query: [.date("from", "First day (required)"), .date("to", "Last day, included (required)")],
                  produces: ["application/xml"]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let (from, to) = (query.date("from"), query.date("to"))
                try query.finish()
                guard let from, let to else {
                    let missing = ["from": from, "to": to].filter { $0.value == nil }
                    throw ERPError.validationFailed(fields: missing.mapValues { _ in "required: a date like 2026-12-01" })
                }
                let bytes = try ctx.withConnection { try service.enterpriseData(from: from, to: to, by: principal, on: $0) }
                return HTTPResponse(status: 200, headers: [
                    "Content-Type": "application/xml; charset=utf-8",
                    "Content-Disposition": "attachment; filename=\"enterprisedata-\(from)-\(to).xml\"",
                ], body: bytes)
            },
        ]
    }

    package var schemas: [String: JSONValue] {
        let line = JSONValue.objectSchema([
            "id": "integer", "account": "string", "number": "string", "date": "string", "amount": "string", "type": "string",
            "payer_inn": "string", "payer_name": "string", "purpose": "string", "status": "string", "reason": "string",
            "client_id": "integer", "payment_id": "integer", "imported_at": "string", "imported_by": "string",
            "payee_inn": "string", "payee_name": "string", "supplier_id": "integer", "supplier_payment_id": "integer",
            "dismissal": "object",
        ])
        return [
            "StatementImport": JSONValue.objectSchema(["applied": "boolean", "encoding": "string", "accounts": "array", "lines": "array"]),
            "StatementLine": line,
            "StatementLines": JSONValue.objectSchema(["items": "array"]),
        ]
    }
}

extension BodySchema {
    /// `POST /api/v1/bank/statements`: the file as the bank client wrote it.
    static let bankStatement = BodySchema("BankStatement", .object([
        "type": .string("string"), "description": .string("text/plain: a 1CClientBankExchange file (windows-1251, cp866 or UTF-8)"),
    ]), contentType: "text/plain")
    /// `POST /api/v1/bank/queue/{id}/resolve`.
    static let statementResolution = BodySchema("StatementResolution", object(["client_id": id, "invoice_id": id, "supplier_id": id]))
    /// `POST /api/v1/bank/queue/{id}/dismiss`.
    static let statementDismissal = BodySchema("StatementDismissal", object(
        ["reason": enumeration(StatementDismissal.Reason.self), "comment": line(500)], required: ["reason"]))
}
