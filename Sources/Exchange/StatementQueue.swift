// The queue of statement lines no client or supplier matched: the accountant sees them and
// resolves each by choosing the client (and, if she likes, the invoice) for money in, or the
// supplier for money out; the payment is then recorded through Billing (or Purchasing) as if the
// line had matched. The line is locked with the status it is resolved from, so
// two accountants resolving it at once make one payment, and the other is told it is done.

import Billing
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing

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
    package var payeeINN: String?
    package var payeeName: String?
    package var purpose: String?
    package var status: String
    package var reason: String?
    /// The client who paid (money in).
    package var clientID: PartyID?
    package var paymentID: PaymentID?
    /// The supplier we paid (money out).
    package var supplierID: PartyID?
    package var supplierPaymentID: SupplierPaymentID?
    package var importedAt: Date
    package var importedBy: String
    /// Why the accountant took the line off the queue without a payment; nil unless dismissed.
    package var dismissal: StatementDismissal?
}

/// `POST /api/v1/bank/queue/{id}/resolve`: whose payment the line is — a client's (money in,
/// optionally for an invoice) or one to a supplier (money out).
package struct StatementResolution: Codable, Sendable, Equatable {
    package var clientID: PartyID?
    package var invoiceID: DocumentID?
    package var supplierID: PartyID?

    package init(clientID: PartyID? = nil, invoiceID: DocumentID? = nil, supplierID: PartyID? = nil) {
        self.clientID = clientID
        self.invoiceID = invoiceID
        self.supplierID = supplierID
    }
}

enum StatementQueue {
    static let columns: PostgresQuery = """
        SELECT id, account, doc_number, doc_date::text, amount_minor, doc_type, payer_inn, payer_name, purpose, status, reason,
               party_id, payment_id, imported_at, imported_by_login, payee_inn, payee_name, supplier_payment_id,
               dismissal, dismissal_comment
        FROM bank_statement_lines
        """

    static func line(_ row: PostgresRow) throws -> StatementLine {
        let amount = Money(minorUnits: try row.decode(4, as: Int64.self))
        let party = try row.decode(11, as: PartyID?.self)
        let dismissal = try row.decode(18, as: String?.self).map { reason in
            StatementDismissal(reason: StatementDismissal.Reason(rawValue: reason) ?? .other, comment: try row.decode(19, as: String?.self))
        }
        return StatementLine(
            id: try row.decode(0, as: StatementLineID.self), account: try row.decode(1, as: String.self),
            number: try row.decode(2, as: String.self), date: try CalendarDate(parsing: try row.decode(3, as: String.self)),
            amount: amount, type: try row.decode(5, as: String.self),
            payerINN: try row.decode(6, as: String?.self), payerName: try row.decode(7, as: String?.self),
            payeeINN: try row.decode(15, as: String?.self), payeeName: try row.decode(16, as: String?.self),
            purpose: try row.decode(8, as: String?.self), status: try row.decode(9, as: String.self),
            reason: try row.decode(10, as: String?.self), clientID: amount.isNegative ? nil : party,
            paymentID: try row.decode(12, as: PaymentID?.self), supplierID: amount.isNegative ? party : nil,
            supplierPaymentID: try row.decode(17, as: SupplierPaymentID?.self), importedAt: try row.decode(13, as: Date.self),
            importedBy: try row.decode(14, as: String.self), dismissal: dismissal)
    }

    /// The queued lines (or the dismissed ones), oldest first.
    /// - Throws: `ERPError.forbidden` without `readPayments`; `PostgresError`.
    static func list(dismissed: Bool, by principal: Principal, in tx: Transaction) throws -> [StatementLine] {
        try principal.require(.readPayments)
        return try tx.query(columns + " WHERE status = \(dismissed ? "dismissed" : "queued") ORDER BY id LIMIT 500")
            .map { (row) throws in try line(row) }
    }

    /// The line `id`, locked for the change the caller makes, when its status is `expected`.
    /// - Throws: `ERPError.notFound` for no such line; `.invalidState` when its status is another
    ///   (a second accountant was faster).
    static func locked(_ id: StatementLineID, expected: String, action: String, in tx: Transaction) throws -> StatementLine {
        guard let row = try tx.query(columns + " WHERE id = \(id) FOR UPDATE").firstRow else {
            throw ERPError.notFound(entity: "statement line", id: String(id.rawValue))
        }
        let line = try line(row)
        guard line.status == expected else {
            throw ERPError.invalidState(entity: "statement line \(id.rawValue)", current: line.status, action: action)
        }
        return line
    }

    /// The line `id` as it is now.
    static func get(_ id: StatementLineID, in tx: Transaction) throws -> StatementLine {
        guard let row = try tx.query(columns + " WHERE id = \(id)").firstRow else {
            throw ERPError.notFound(entity: "statement line", id: String(id.rawValue))
        }
        return try line(row)
    }

    /// Which of `ids` (payments to suppliers) were recorded from statement lines.
    static func supplierPayments(_ ids: [SupplierPaymentID], in tx: Transaction) throws -> Set<SupplierPaymentID> {
        Set(try tx.query("""
            SELECT supplier_payment_id FROM bank_statement_lines WHERE supplier_payment_id = ANY(\(ids.map(\.rawValue))::bigint[])
            """).map { (row) throws in try row.decode(0, as: SupplierPaymentID.self) })
    }

    /// Resolves a queued line: records the chosen client's payment, or the payment to the chosen supplier.
    /// - Throws: `ERPError.forbidden`; `.notFound` for no such line; `.invalidState` when it is
    ///   not queued (resolved meanwhile); `.validationFailed` for a client given for money out or
    ///   a supplier for money in; Billing's errors for the client or invoice, Purchasing's for the supplier.
    static func resolve(_ id: StatementLineID, _ resolution: StatementResolution, billing: BillingService,
                        purchasing: PurchasingService, by principal: Principal, at now: Date, in tx: Transaction) throws -> StatementLine {
        try principal.require(.recordPayments)
        let line = try locked(id, expected: "queued", action: "resolve", in: tx)
        if line.amount.isNegative {
            guard let supplier = resolution.supplierID, resolution.clientID == nil, resolution.invoiceID == nil else {
                throw ERPError.validationFailed(fields: ["supplier_id": "money out: choose the supplier it paid (no client or invoice)"])
            }
            _ = try StatementImporting.pay(id, supplier: supplier, amount: Money(minorUnits: -line.amount.minorUnits), number: line.number,
                                           date: line.date, purpose: line.purpose, matchedBy: "by hand", status: "resolved",
                                           purchasing: purchasing, by: principal, at: now, in: tx)
        } else {
            guard let client = resolution.clientID, resolution.supplierID == nil else {
                throw ERPError.validationFailed(fields: ["client_id": "money in: choose the client who paid (no supplier)"])
            }
            let invoice = try resolution.invoiceID.map { try billing.document($0, by: principal, in: tx) }
            if let invoice, invoice.type != .invoice || invoice.clientID != client {
                throw ERPError.validationFailed(fields: ["invoice_id": "\(invoice.number) is not an invoice of this client"])
            }
            _ = try StatementImporting.pay(id, client: client, invoice: invoice, amount: line.amount, number: line.number,
                                           date: line.date, purpose: line.purpose, matchedBy: "by hand", status: "resolved",
                                           billing: billing, by: principal, at: now, in: tx)
        }
        let resolved = try get(id, in: tx)
        let party = resolved.clientID ?? resolved.supplierID
        try Audit.record(in: tx, by: principal, action: "bank_statement_line.resolve", entityType: "bank_statement_line", entityID: id,
                         change: .object([
                             "party_id": party.map { .number($0.rawValue) } ?? .null,
                             "invoice_id": resolution.invoiceID.map { .number($0.rawValue) } ?? .null,
                             "payment_id": resolved.paymentID.map { .number($0.rawValue) } ?? .null,
                             "supplier_payment_id": resolved.supplierPaymentID.map { .number($0.rawValue) } ?? .null,
                         ]))
        return resolved
    }
}
