// Issuing advance invoices and offsetting them (AdvanceInvoice.swift says what they are).
//
// What is an advance: a payment's part that the client's shipped documents did not cover on the
// payment's day — the client's credit at the end of that day by the receivables rule, taken by
// that day's payments latest first. So a payment for goods shipped the same day or earlier is no
// advance, and the figure does not move once the day is over.
//
// Races: issuing locks the payment row (one advance invoice per payment is also a unique
// constraint); offsetting locks the payments of the client's advance invoices in id order before
// reading what live UPDs have already offset, so two UPDs never offset the same money twice.

import ERPCore
import Foundation
import Parties
import Postgres

enum AdvanceInvoices {
    /// How far back `due` looks for prepayments without an advance invoice.
    static let lookBackDays: Int64 = 31

    /// The prepayments of the last month (of clients `principal` sees) that have no advance
    /// invoice yet, oldest first.
    /// - Throws: `ERPError.forbidden` without `recordPayments`; `PostgresError`, `ValueError`.
    static func due(today: CalendarDate, by principal: Principal, in tx: Transaction) throws -> [AdvanceDue] {
        try principal.require(.recordPayments)
        let clients = try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
        let rows = try tx.query("""
            SELECT p.id FROM payments p
            WHERE p.status = 'posted' AND p.paid_on >= \(today.description)::date - \(lookBackDays)::integer
              AND (\(clients)::bigint[] IS NULL OR p.client_id = ANY(\(clients)))
              AND NOT EXISTS (SELECT 1 FROM advance_invoices a WHERE a.payment_id = p.id)
            ORDER BY p.paid_on, p.id
            """)
        return try rows.compactMap { row in
            let payment = try Payments.fetch(try row.decode(0, as: PaymentID.self), in: tx)
            let advance = try self.advance(of: payment, in: tx)
            guard advance.minorUnits > 0 else { return nil }
            return AdvanceDue(paymentID: payment.id, paymentNumber: payment.number, clientID: payment.clientID, paidOn: payment.date,
                              advance: advance, dueBy: try dayAfter(payment.date, plus: 5, in: tx))
        }
    }

    /// Issues the advance invoice of payment `id`.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (a reversed payment, no
    ///   advance in it, the seller not a VAT payer), `.duplicate` (it has one),
    ///   `.validationFailed` (the date); `PostgresError`.
    static func issue(_ request: AdvanceInvoiceRequest, for id: PaymentID, by principal: Principal, at now: Date,
                      in tx: Transaction) throws -> AdvanceInvoice {
        try principal.require(.recordPayments)
        let payment = try Payments.get(id, by: principal, lock: true, in: tx)
        if let existing = try tx.query("SELECT id FROM advance_invoices WHERE payment_id = \(id)").firstRow {
            throw ERPError.duplicate(entity: "advance invoice", field: "payment_id", existingID: try existing.decode(0, as: Int64.self))
        }
        let refuse = { (why: String) in ERPError.invalidState(entity: "payment \(payment.number)", current: payment.status.rawValue,
                                                              action: "issue an advance invoice: \(why)") }
        guard payment.status == .posted else { throw refuse("the payment is reversed") }
        let company = try CompanySettings.current(in: tx)
        guard company.vatPayer else { throw refuse("the seller does not pay VAT") }
        let amount = try advance(of: payment, in: tx)
        guard amount.minorUnits > 0 else { throw refuse("shipped documents cover all of it, so it is no advance") }
        let today = try CompanyCalendar.day(of: now, in: tx)
        let date = request.date ?? today
        var problems = FieldErrors()
        CalendarDate.checkEntered(date, field: "date", today: today, problems: &problems)
        if date < payment.date { problems.add("date", "must not be before the payment's date \(payment.date)") }
        try problems.throwIfAny()
        // The estimated rate of the standard category on the payment's day (ст. 164 п. 4).
        let rate = try VATRate.inForce([.percent22], on: payment.date, in: tx)[0]
        let vat = try LineAmounts(quantity: Quantity(thousandths: Quantity.thousandthsPerUnit), price: amount, discount: .zero,
                                  vatRate: rate, pricesIncludeVAT: true).vat
        let number = DocumentNumbers.format(prefix: "ADV", year: date.year,
                                            sequence: try DocumentNumbers.next(series: "doc_advance", year: date.year, in: tx))
        let content = AdvanceInvoiceContent(seller: DocumentIssuing.seller(company),
                                            buyer: DocumentIssuing.buyer(try Parties.get(payment.clientID, by: principal, in: tx)),
                                            payment: DocumentReference(number: payment.number, date: payment.date), vatRate: rate)
        let body = String(decoding: try ERPJSON.encode(content), as: UTF8.self)
        let stored = try tx.query("""
            INSERT INTO advance_invoices (number, payment_id, client_id, doc_date, amount_minor, vat_minor, content, issued_at, issued_by_login)
            VALUES (\(number), \(id), \(payment.clientID), \(date.description)::date, \(amount.minorUnits), \(vat.minorUnits),
                    \(body)::jsonb, \(now), \(principal.login))
            RETURNING id
            """).single().decode(0, as: AdvanceInvoiceID.self)
        try Audit.record(in: tx, by: principal, action: "advance_invoice.issue", entityType: "advance_invoice", entityID: stored,
                         change: .object(["number": .string(number), "payment": .string(payment.number), "amount": .string(amount.description),
                                          "vat": .string(vat.description)]))
        return try fetch(stored, in: tx)
    }

    /// The advance invoice `id` if `principal` sees its client.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func get(_ id: AdvanceInvoiceID, by principal: Principal, in tx: Transaction) throws -> AdvanceInvoice {
        try principal.require(.readPayments)
        let invoice = try fetch(id, in: tx)
        if let clients = try Parties.visibleIDs(for: principal, in: tx), !clients.contains(invoice.clientID) {
            throw ERPError.notFound(entity: "advance invoice", id: String(id.rawValue))
        }
        return invoice
    }

    /// The part of `payment` that no shipped document covered on its day (zero for a reversed one).
    /// - Throws: `PostgresError`, `ValueError`.
    static func advance(of payment: Payment, in tx: Transaction) throws -> Money {
        guard payment.status == .posted else { return .zero() }
        let balance = try Reconciliations.balance(of: payment.clientID, asOf: payment.date, in: tx)
        let later = try tx.query("""
            SELECT COALESCE(sum(amount_minor), 0)::bigint FROM payments
            WHERE client_id = \(payment.clientID) AND paid_on = \(payment.date.description)::date AND status = 'posted' AND id > \(payment.id)
            """).single().decode(0, as: Int64.self)
        let credit = max(0, -balance.minorUnits - later)
        return Money(minorUnits: min(payment.amount.minorUnits, credit))
    }

    static func fetch(_ id: AdvanceInvoiceID, in tx: Transaction) throws -> AdvanceInvoice {
        guard let row = try tx.query("""
            SELECT a.number, a.payment_id, a.client_id, a.doc_date::text, a.amount_minor, a.vat_minor, a.content::text, a.issued_at,
                   a.issued_by_login, COALESCE((SELECT sum(o.amount_minor) FROM advance_offsets o
                       JOIN closing_documents d ON d.id = o.document_id AND d.status = 'issued' WHERE o.advance_invoice_id = a.id), 0)::bigint
            FROM advance_invoices a WHERE a.id = \(id)
            """).firstRow else { throw ERPError.notFound(entity: "advance invoice", id: String(id.rawValue)) }
        let content = try ERPJSON.decode(AdvanceInvoiceContent.self, from: Array(try row.decode(6, as: String.self).utf8))
        let amount = Money(minorUnits: try row.decode(4, as: Int64.self)), offset = Money(minorUnits: try row.decode(9, as: Int64.self))
        return AdvanceInvoice(
            id: id, number: try row.decode(0, as: String.self), paymentID: try row.decode(1, as: PaymentID.self),
            clientID: try row.decode(2, as: PartyID.self), date: try CalendarDate(parsing: try row.decode(3, as: String.self)),
            amount: amount, vatRate: content.vatRate,
            vat: Money(minorUnits: try row.decode(5, as: Int64.self)), offset: offset, remaining: try amount - offset,
            seller: content.seller, buyer: content.buyer, payment: content.payment, issuedAt: try row.decode(7, as: Date.self),
            issuedBy: try row.decode(8, as: String.self))
    }

    /// `day` + `days` by the database's calendar.
    private static func dayAfter(_ day: CalendarDate, plus days: Int64, in tx: Transaction) throws -> CalendarDate {
        try CalendarDate(parsing: try tx.query("SELECT (\(day.description)::date + \(days)::integer)::text").single().decode(0, as: String.self))
    }
}
