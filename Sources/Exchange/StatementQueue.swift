// The queue of statement lines no client matched: the accountant sees them and resolves each by
// choosing the client (and, if she likes, the invoice); the payment is then recorded through
// Billing as if the line had matched. The line is locked with the status it is resolved from, so
// two accountants resolving it at once make one payment, and the other is told it is done.

import Billing
import ERPCore
import Foundation
import Parties
import Postgres

/// A statement line as stored: `GET /api/v1/bank/queue`.
package struct StatementLine: Codable, Sendable, Equatable {
    package var id: StatementLineID
    package var account: String
    package var number: String
    package var date: CalendarDate
    /// Positive: money in; negative: money out.
    package var amount: Money
    package var type: String
    package var payerINN: String?
    package var payerName: String?
    package var purpose: String?
    package var status: String
    package var reason: String?
    package var clientID: PartyID?
    package var paymentID: PaymentID?
    package var importedAt: Date
    package var importedBy: String
}

/// `POST /api/v1/bank/queue/{id}/resolve`: whose payment the line is, and optionally for which invoice.
package struct StatementResolution: Codable, Sendable, Equatable {
    package var clientID: PartyID
    package var invoiceID: DocumentID?

    package init(clientID: PartyID, invoiceID: DocumentID? = nil) {
        self.clientID = clientID
        self.invoiceID = invoiceID
    }
}

enum StatementQueue {
    static let columns: PostgresQuery = """
        SELECT id, account, doc_number, doc_date::text, amount_minor, doc_type, payer_inn, payer_name, purpose, status, reason,
               party_id, payment_id, imported_at, imported_by_login
        FROM bank_statement_lines
        """

    static func line(_ row: PostgresRow) throws -> StatementLine {
        StatementLine(
            id: try row.decode(0, as: StatementLineID.self), account: try row.decode(1, as: String.self),
            number: try row.decode(2, as: String.self), date: try CalendarDate(parsing: try row.decode(3, as: String.self)),
            amount: Money(minorUnits: try row.decode(4, as: Int64.self)), type: try row.decode(5, as: String.self),
            payerINN: try row.decode(6, as: String?.self), payerName: try row.decode(7, as: String?.self),
            purpose: try row.decode(8, as: String?.self), status: try row.decode(9, as: String.self),
            reason: try row.decode(10, as: String?.self), clientID: try row.decode(11, as: PartyID?.self),
            paymentID: try row.decode(12, as: PaymentID?.self), importedAt: try row.decode(13, as: Date.self),
            importedBy: try row.decode(14, as: String.self))
    }

    /// The queued lines, oldest first.
    /// - Throws: `ERPError.forbidden` without `readPayments`; `PostgresError`.
    static func list(by principal: Principal, in tx: Transaction) throws -> [StatementLine] {
        try principal.require(.readPayments)
        return try tx.query(columns + " WHERE status = 'queued' ORDER BY id LIMIT 500").map { (row) throws in try line(row) }
    }

    /// Resolves a queued line: records the chosen client's payment.
    /// - Throws: `ERPError.forbidden`; `.notFound` for no such line; `.invalidState` when it is
    ///   not queued (resolved meanwhile); Billing's errors for the client or invoice.
    static func resolve(_ id: StatementLineID, _ resolution: StatementResolution, billing: BillingService, by principal: Principal,
                        at now: Date, in tx: Transaction) throws -> StatementLine {
        try principal.require(.recordPayments)
        guard let row = try tx.query(columns + " WHERE id = \(id) FOR UPDATE").firstRow else {
            throw ERPError.notFound(entity: "statement line", id: String(id.rawValue))
        }
        let line = try line(row)
        guard line.status == "queued" else {
            throw ERPError.invalidState(entity: "statement line \(id.rawValue)", current: line.status, action: "resolve")
        }
        let invoice = try resolution.invoiceID.map { try billing.document($0, by: principal, in: tx) }
        if let invoice, invoice.type != .invoice || invoice.clientID != resolution.clientID {
            throw ERPError.validationFailed(fields: ["invoice_id": "\(invoice.number) is not an invoice of this client"])
        }
        _ = try StatementImporting.pay(id, client: resolution.clientID, invoice: invoice, amount: line.amount, number: line.number,
                                       date: line.date, purpose: line.purpose, matchedBy: "by hand", status: "resolved",
                                       billing: billing, by: principal, at: now, in: tx)
        guard let updated = try tx.query(columns + " WHERE id = \(id)").firstRow else {
            throw ERPError.notFound(entity: "statement line", id: String(id.rawValue))
        }
        return try self.line(updated)
    }
}
