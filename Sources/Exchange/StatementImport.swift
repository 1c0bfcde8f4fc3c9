// Importing a bank statement: every document becomes a statement line once — its natural key is
// the bank document's number and date, our account and the signed amount. The key is claimed
// first (`INSERT … ON CONFLICT DO NOTHING RETURNING`), so of two imports racing over the same line
// exactly one records it, and a line already imported is reported, never doubled. An incoming
// line whose payer is a client becomes that client's payment through Billing's facade — to the
// invoice it names or matches, else allocated oldest first as Billing does; an outgoing line whose
// payee is a supplier becomes a payment to that supplier through Purchasing's facade (allocated to
// the oldest open bills). A line that matches no one waits in the queue; money out to a payee
// without an INN (bank fees) is recorded for the record. All of it runs in one transaction: a
// preview runs the very same steps and rolls back.

import Billing
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing

/// A statement line's id.
package struct StatementLineID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// What happened (in a preview: would happen) to one document of a statement.
package struct StatementLineResult: Codable, Sendable, Equatable {
    package enum Outcome: String, Codable, Sendable, CaseIterable {
        /// A payment was recorded: a client's (money in) or to a supplier (money out).
        case paid
        /// No client or supplier matched: waiting in the queue.
        case queued
        /// Imported before (or twice in this file): nothing done.
        case duplicate
        /// Money out to a payee without an INN (bank fees): recorded as a line, no payment.
        case outgoing
        /// No number, date or amount: it cannot be keyed, so it is not recorded.
        case skipped
    }

    package var position: Int
    package var type: String
    package var number: String?
    package var date: CalendarDate?
    package var amount: Money?
    package var payerINN: String?
    package var payerName: String?
    package var payeeINN: String?
    package var payeeName: String?
    package var purpose: String?
    package var outcome: Outcome
    package var lineID: StatementLineID?
    package var clientID: PartyID?
    package var invoiceID: DocumentID?
    package var invoiceNumber: String?
    package var paymentID: PaymentID?
    package var supplierID: PartyID?
    package var supplierPaymentID: SupplierPaymentID?
    package var matchedBy: String?
    package var reason: String?
}

/// `POST /api/v1/bank/statements` (and its preview): the statement read and each line's fate.
package struct StatementImport: Codable, Sendable, Equatable {
    /// False for a preview: nothing was stored.
    package var applied: Bool
    /// How the file was read: `windows-1251`, `cp866`, `utf-8` or `ascii`.
    package var encoding: String
    package var accounts: [String]
    package var lines: [StatementLineResult]

    /// How many lines had `outcome`.
    package func count(_ outcome: StatementLineResult.Outcome) -> Int { lines.filter { $0.outcome == outcome }.count }
}

enum StatementImporting {
    /// Imports `statement` (the lines stay unless the caller rolls back).
    /// - Throws: `ERPError.forbidden` without `recordPayments`; `PostgresError`; Billing's errors.
    static func run(_ statement: BankStatement, billing: BillingService, purchasing: PurchasingService, by principal: Principal,
                    at now: Date, in tx: Transaction) throws -> StatementImport {
        try principal.require(.recordPayments)
        let ours = statement.ourAccounts
        var results: [StatementLineResult] = []
        for (index, document) in statement.documents.enumerated() {
            var result = StatementLineResult(position: index + 1, type: document.type, number: document.number, date: document.date,
                                             amount: document.amount, payerINN: document.payerINN, payerName: document.payerName,
                                             payeeINN: document.payeeINN, payeeName: document.payeeName, purpose: document.purpose,
                                             outcome: .skipped)
            guard let number = document.number, let date = document.date, let amount = document.amount, amount.minorUnits > 0 else {
                result.reason = "the document has no number, date or positive amount"
                results.append(result)
                continue
            }
            let incoming = isIncoming(document, ours: ours)
            let account = (incoming ? document.payeeAccount : document.payerAccount).flatMap { ours.contains($0) ? $0 : nil }
                ?? ours.first ?? ""
            let match = incoming
                ? try StatementMatching.match(document, amount: amount, billing: billing, by: principal, in: tx)
                : try StatementMatching.matchSupplier(document, by: principal, in: tx)
            guard let lineID = try claim(document, account: account, number: number, date: date,
                                         signed: incoming ? amount.minorUnits : -amount.minorUnits,
                                         status: match.waits ? "queued" : "outgoing", reason: match.reason, by: principal, at: now, in: tx)
            else {
                result.outcome = .duplicate
                result.reason = "imported before"
                results.append(result)
                continue
            }
            result.lineID = lineID
            result.matchedBy = match.matchedBy
            result.reason = match.reason
            result.outcome = match.waits ? .queued : .outgoing
            if incoming, let client = match.party {
                let payment = try pay(lineID, client: client.id, invoice: match.invoice, amount: amount, number: number, date: date,
                                      purpose: document.purpose, matchedBy: match.matchedBy, status: "matched",
                                      billing: billing, by: principal, at: now, in: tx)
                result.outcome = .paid
                result.clientID = client.id
                result.invoiceID = match.invoice?.id
                result.invoiceNumber = match.invoice?.number
                result.paymentID = payment.id
            } else if let supplier = match.party {
                let payment = try pay(lineID, supplier: supplier.id, amount: amount, number: number, date: date, purpose: document.purpose,
                                      matchedBy: match.matchedBy, status: "matched", purchasing: purchasing, by: principal, at: now, in: tx)
                result.outcome = .paid
                result.supplierID = supplier.id
                result.supplierPaymentID = payment.id
            }
            results.append(result)
        }
        let summary = StatementImport(applied: true, encoding: statement.encoding, accounts: ours, lines: results)
        try Audit.record(in: tx, by: principal, action: "bank_statement.import", entityType: "bank_statement", change: .object([
            "encoding": .string(statement.encoding), "documents": .number(String(results.count)),
            "paid": .number(String(summary.count(.paid))), "queued": .number(String(summary.count(.queued))),
            "duplicates": .number(String(summary.count(.duplicate))), "outgoing": .number(String(summary.count(.outgoing))),
        ]))
        return summary
    }

    /// Money in when the payee's account is ours, or (banks that anonymise accounts) when the
    /// bank dated its arrival and the payer's account is not ours.
    static func isIncoming(_ document: BankDocument, ours: [String]) -> Bool {
        if let payee = document.payeeAccount, ours.contains(payee) { return true }
        if let payer = document.payerAccount, ours.contains(payer) { return false }
        return document["ДатаПоступило"] != nil
    }

    /// Records the line under its natural key; nil when the key is taken (imported before).
    private static func claim(_ document: BankDocument, account: String, number: String, date: CalendarDate, signed: Int64,
                              status: String, reason: String?, by principal: Principal, at now: Date,
                              in tx: Transaction) throws -> StatementLineID? {
        let fields = try ERPJSON.encode(document.fields)
        return try tx.query("""
            INSERT INTO bank_statement_lines (account, doc_number, doc_date, amount_minor, doc_type, payer_inn, payer_kpp, payer_name,
                payee_inn, payee_name, purpose, fields, status, reason, imported_at, imported_by_login)
            VALUES (\(account), \(number), \(date.description)::date, \(signed), \(document.type), \(document.payerINN),
                \(document.payerKPP), \(document.payerName), \(document.payeeINN), \(document.payeeName), \(document.purpose),
                \(String(decoding: fields, as: UTF8.self))::jsonb, \(status), \(reason), \(now), \(principal.login))
            ON CONFLICT ON CONSTRAINT bank_statement_lines_natural_key DO NOTHING
            RETURNING id
            """).firstRow?.decode(0, as: StatementLineID.self)
    }

    /// Records the client's payment for a claimed line and marks the line paid (`status`).
    static func pay(_ line: StatementLineID, client: PartyID, invoice: IssuedDocument?, amount: Money, number: String,
                    date: CalendarDate, purpose: String?, matchedBy: String?, status: String, billing: BillingService,
                    by principal: Principal, at now: Date, in tx: Transaction) throws -> Payment {
        let allocations = invoice.map { invoice in
            [Allocation(documentID: invoice.id, amount: min(amount, invoice.outstanding ?? amount))]
        }
        let payment = try billing.record(NewPayment(
            clientID: client, amount: amount, date: date, bankRef: bankRef(number, date), note: note(purpose),
            allocations: allocations), by: principal, in: tx)
        try mark(line, status: status, party: client, invoice: invoice?.id, payment: payment.id, supplierPayment: nil,
                 matchedBy: matchedBy, by: principal, at: now, in: tx)
        return payment
    }

    /// Records the payment to the supplier for a claimed outgoing line, allocated by Purchasing to
    /// the supplier's oldest open bills, and marks the line paid (`status`).
    static func pay(_ line: StatementLineID, supplier: PartyID, amount: Money, number: String, date: CalendarDate, purpose: String?,
                    matchedBy: String?, status: String, purchasing: PurchasingService, by principal: Principal, at now: Date,
                    in tx: Transaction) throws -> SupplierPayment {
        let payment = try purchasing.pay(NewSupplierPayment(supplierID: supplier, amount: amount, date: date,
                                                            bankRef: bankRef(number, date), note: note(purpose)), by: principal, in: tx)
        try mark(line, status: status, party: supplier, invoice: nil, payment: nil, supplierPayment: payment.id,
                 matchedBy: matchedBy, by: principal, at: now, in: tx)
        return payment
    }

    /// The payment's bank reference: `п/п № 101 от 01.12.2026`.
    private static func bankRef(_ number: String, _ date: CalendarDate) -> String {
        String("п/п № \(number) от \(date.dotted)".prefix(100))
    }

    private static func note(_ purpose: String?) -> String? { purpose.map { String($0.prefix(2000)) } }

    /// Marks a queued line paid by the payment just recorded; a line no longer queued was
    /// resolved meanwhile.
    private static func mark(_ line: StatementLineID, status: String, party: PartyID, invoice: DocumentID?, payment: PaymentID?,
                             supplierPayment: SupplierPaymentID?, matchedBy: String?, by principal: Principal, at now: Date,
                             in tx: Transaction) throws {
        let updated = try tx.query("""
            UPDATE bank_statement_lines SET status = \(status), party_id = \(party), invoice_id = \(invoice),
                payment_id = \(payment), supplier_payment_id = \(supplierPayment), matched_by = \(matchedBy), reason = NULL,
                resolved_at = CASE WHEN \(status) = 'resolved' THEN \(now) END,
                resolved_by_login = CASE WHEN \(status) = 'resolved' THEN \(principal.login) END
            WHERE id = \(line) AND status = 'queued'
            RETURNING id
            """)
        guard updated.firstRow != nil else {
            throw ERPError.invalidState(entity: "statement line \(line.rawValue)", current: "not queued", action: "record its payment")
        }
    }
}
