// The billing facade: closing documents, payments, receivables. One method per use case, each in
// its own transaction or the caller's (the routes' idempotency transaction); the rules live in
// DocumentIssuing, DocumentContents, Documents, Payments, PaymentAllocation and Receivables.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Warehouse

/// What `/api/v1/documents…`, `/api/v1/payments…`, `/api/v1/reports/receivables` and `erp doc|payment|report` call.
package struct BillingService: Sendable {
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// Issues a closing document for an order.
    package func issue(_ request: IssueRequest, for order: SalesOrderID, by principal: Principal, in tx: Transaction) throws -> IssuedDocument {
        try DocumentIssuing.issue(request, for: order, by: principal, at: time.now, in: tx)
    }

    /// `issue(_:for:by:in:)` in a transaction of its own.
    package func issue(_ request: IssueRequest, for order: SalesOrderID, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> IssuedDocument {
        try connection.serviceTransaction { tx in try issue(request, for: order, by: principal, in: tx) }
    }

    /// Issues the documents of `batch` (a wave's UPDs, a day's invoices) all or nothing, in its order.
    /// - Throws: as the single issue, naming the document as `documents[i]…`.
    package func issue(_ batch: [DocumentIssue], by principal: Principal, in tx: Transaction) throws -> [IssuedDocument] {
        try DocumentIssuing.issue(batch, by: principal, at: time.now, in: tx)
    }

    /// `issue(_:by:in:)` in a transaction of its own.
    package func issue(_ batch: [DocumentIssue], by principal: Principal, on connection: Connection) throws(ERPError) -> [IssuedDocument] {
        try connection.serviceTransaction { tx in try issue(batch, by: principal, in: tx) }
    }

    /// Issues a УКД correcting quantities or prices of lines of UPD `id` (no stock moves).
    package func correct(_ request: CorrectionRequest, of id: DocumentID, by principal: Principal, in tx: Transaction) throws -> IssuedDocument {
        try Corrections.correct(request, of: id, by: principal, at: time.now, in: tx)
    }

    /// `correct(_:of:by:in:)` in a transaction of its own.
    package func correct(_ request: CorrectionRequest, of id: DocumentID, by principal: Principal,
                         on connection: Connection) throws(ERPError) -> IssuedDocument {
        try connection.serviceTransaction { tx in try correct(request, of: id, by: principal, in: tx) }
    }

    /// Annuls a document (it keeps its number).
    package func annul(_ id: DocumentID, reason: String, by principal: Principal, in tx: Transaction) throws -> IssuedDocument {
        try Documents.annul(id, reason: reason, by: principal, at: time.now, in: tx)
    }

    /// `annul(_:reason:by:in:)` in a transaction of its own.
    package func annul(_ id: DocumentID, reason: String, by principal: Principal, on connection: Connection) throws(ERPError) -> IssuedDocument {
        try connection.serviceTransaction { tx in try annul(id, reason: reason, by: principal, in: tx) }
    }

    /// A document by id.
    package func document(_ id: DocumentID, by principal: Principal, on connection: Connection) throws(ERPError) -> IssuedDocument {
        try connection.serviceTransaction { tx in try Documents.get(id, by: principal, in: tx) }
    }

    /// `document(_:by:on:)` inside a caller's transaction.
    package func document(_ id: DocumentID, by principal: Principal, in tx: Transaction) throws -> IssuedDocument {
        try Documents.get(id, by: principal, in: tx)
    }

    /// `document(reference:by:on:)` inside a caller's transaction.
    package func document(reference: String, by principal: Principal, in tx: Transaction) throws -> IssuedDocument {
        try Documents.get(reference: reference, by: principal, in: tx)
    }

    /// A document by number (`INV-2026-000001`) or id.
    package func document(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> IssuedDocument {
        try connection.serviceTransaction { tx in try Documents.get(reference: reference, by: principal, in: tx) }
    }

    /// The printable HTML page of a document: its own form, or ТОРГ-12 for a UPD.
    /// - Throws: `ERPError.validationFailed` (`form`) for ТОРГ-12 of anything but a UPD; as `document(_:by:on:)`.
    package func print(_ id: DocumentID, form: PrintForm.Form = .standard, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> String {
        let document = try document(id, by: principal, on: connection)
        if form == .torg12, document.type != .upd {
            throw ERPError.validationFailed(fields: ["form": "ТОРГ-12 is printed for a UPD, not for a \(document.type.rawValue)"])
        }
        do {
            return form == .torg12 ? try PrintForm.torg12Page(for: document.content) : try PrintForm.html(for: document.content)
        } catch {
            throw ERPError.invalid("document", error)
        }
    }

    /// `documents(_:by:on:)` inside a caller's transaction.
    package func documents(_ filter: DocumentFilter, by principal: Principal, in tx: Transaction) throws -> Page<IssuedDocument> {
        try Documents.list(filter, by: principal, in: tx)
    }

    /// Documents matching `filter`, newest first.
    package func documents(_ filter: DocumentFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<IssuedDocument> {
        try connection.serviceTransaction { tx in try Documents.list(filter, by: principal, in: tx) }
    }

    /// Records a payment.
    package func record(_ payment: NewPayment, by principal: Principal, in tx: Transaction) throws -> Payment {
        try Payments.record(payment, by: principal, at: time.now, in: tx)
    }

    /// `record(_:by:in:)` in a transaction of its own.
    package func record(_ payment: NewPayment, by principal: Principal, on connection: Connection) throws(ERPError) -> Payment {
        try connection.serviceTransaction { tx in try record(payment, by: principal, in: tx) }
    }

    /// Records a day's bank statement: every payment of `batch` with its allocations (or settling
    /// the oldest invoices first), all or nothing, in its order.
    /// - Throws: as the single record, naming the payment as `payments[i]…`.
    package func record(_ batch: [NewPayment], by principal: Principal, in tx: Transaction) throws -> [Payment] {
        try Payments.record(batch, by: principal, at: time.now, in: tx)
    }

    /// `record(_:by:in:)` for a batch, in a transaction of its own.
    package func record(_ batch: [NewPayment], by principal: Principal, on connection: Connection) throws(ERPError) -> [Payment] {
        try connection.serviceTransaction { tx in try record(batch, by: principal, in: tx) }
    }

    /// Reverses a payment.
    package func reverse(_ id: PaymentID, reason: String, by principal: Principal, in tx: Transaction) throws -> Payment {
        try Payments.reverse(id, reason: reason, by: principal, at: time.now, in: tx)
    }

    /// `reverse(_:reason:by:in:)` in a transaction of its own.
    package func reverse(_ id: PaymentID, reason: String, by principal: Principal, on connection: Connection) throws(ERPError) -> Payment {
        try connection.serviceTransaction { tx in try reverse(id, reason: reason, by: principal, in: tx) }
    }

    /// A payment by id.
    package func payment(_ id: PaymentID, by principal: Principal, on connection: Connection) throws(ERPError) -> Payment {
        try connection.serviceTransaction { tx in try Payments.get(id, by: principal, in: tx) }
    }

    /// A payment by number (`PAY-2026-000196`) or id.
    /// - Throws: `ERPError.forbidden`, `.notFound` (also another manager's client's payment).
    package func payment(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> Payment {
        try connection.serviceTransaction { tx in try Payments.get(reference: reference, by: principal, in: tx) }
    }

    /// Payments (of one client), newest first.
    package func payments(client: PartyID? = nil, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                          on connection: Connection) throws(ERPError) -> Page<Payment> {
        try connection.serviceTransaction { tx in try Payments.list(client: client, limit: limit, cursor: cursor, by: principal, in: tx) }
    }

    /// The prepayments of the last month that still want an advance invoice, oldest first.
    /// - Throws: `ERPError.forbidden` without `recordPayments`; translated database errors.
    package func advancesDue(by principal: Principal, on connection: Connection) throws(ERPError) -> AdvanceDueList {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            AdvanceDueList(items: try AdvanceInvoices.due(today: try CompanyCalendar.day(of: time.now, in: tx), by: principal, in: tx))
        }
    }

    /// Issues the advance invoice of payment `id`.
    package func issueAdvanceInvoice(_ request: AdvanceInvoiceRequest, for id: PaymentID, by principal: Principal,
                                     in tx: Transaction) throws -> AdvanceInvoice {
        try AdvanceInvoices.issue(request, for: id, by: principal, at: time.now, in: tx)
    }

    /// `issueAdvanceInvoice(_:for:by:in:)` in a transaction of its own.
    package func issueAdvanceInvoice(_ request: AdvanceInvoiceRequest, for id: PaymentID, by principal: Principal,
                                     on connection: Connection) throws(ERPError) -> AdvanceInvoice {
        try connection.serviceTransaction { tx in try issueAdvanceInvoice(request, for: id, by: principal, in: tx) }
    }

    /// An advance invoice with what UPDs have offset of it.
    package func advanceInvoice(_ id: AdvanceInvoiceID, by principal: Principal, on connection: Connection) throws(ERPError) -> AdvanceInvoice {
        try connection.serviceTransaction { tx in try AdvanceInvoices.get(id, by: principal, in: tx) }
    }

    /// An order's payment status.
    package func paymentStatus(of order: SalesOrderID, by principal: Principal, on connection: Connection) throws(ERPError) -> OrderPayment {
        try connection.serviceTransaction { tx in try OrderPayments.status(of: order, by: principal, in: tx) }
    }

    /// The receivables report as CSV, the export of client data audited (`receivables.export`).
    /// - Throws: `ERPError.forbidden` without `readPayments`; translated database errors.
    package func csv(of report: ReceivablesReport, by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readPayments)
        let table = report.table
        return try table.exported(as: "receivables.export", entityType: "party", parameters: table.parameters, by: principal, on: connection)
    }

    /// Who owes what, as of a day (default today).
    package func receivables(asOf: CalendarDate? = nil, client: PartyID? = nil, by principal: Principal,
                             on connection: Connection) throws(ERPError) -> ReceivablesReport {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            try Receivables.report(asOf: try asOf ?? CompanyCalendar.day(of: time.now, in: tx), client: client, by: principal, in: tx)
        }
    }

    /// The акт сверки of `client` from `from` to `to` (default: the first of this month to today).
    /// - Throws: `ERPError.forbidden` without `readPayments`, `.notFound` (a client not visible),
    ///   `.validationFailed` (the period).
    package func reconciliation(of client: PartyID, from: CalendarDate? = nil, to: CalendarDate? = nil, by principal: Principal,
                                on connection: Connection) throws(ERPError) -> Reconciliation {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            let today = try CompanyCalendar.day(of: time.now, in: tx)
            let start = from ?? (try? CalendarDate(year: today.year, month: today.month, day: 1)) ?? today
            return try Reconciliations.statement(of: client, from: start, to: to ?? today, by: principal, in: tx)
        }
    }

    /// The акт сверки as CSV, the export of client data audited (`reconciliation.export`).
    /// - Throws: `ERPError.forbidden` without `readPayments`; translated database errors.
    package func csv(of statement: Reconciliation, by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.readPayments)
        try Audit.recordExport("reconciliation.export", entityType: "party", rows: statement.entries.count,
                               parameters: ["client_id": String(statement.clientID.rawValue), "from": statement.from.description,
                                            "to": statement.to.description], by: principal, on: connection)
        return statement.csv
    }

    /// The акт сверки as a printable page.
    /// - Throws: `ERPError.validationFailed` when an amount is not in roubles.
    package func print(_ statement: Reconciliation) throws(ERPError) -> String {
        do {
            return try PrintForm.html(for: statement)
        } catch {
            throw ERPError.invalid("reconciliation", error)
        }
    }

    /// Every money invariant that does not hold (empty: all hold). For `erp check`.
    package func check(on connection: Connection) throws(ERPError) -> [LedgerViolation] {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in try PaymentCheck.run(in: tx) }
    }
}
