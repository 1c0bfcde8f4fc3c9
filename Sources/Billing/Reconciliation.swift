// Акт сверки взаиморасчётов: a client's debt over a period — the opening balance, every document
// and payment of the period, the turnovers and the closing balance — as JSON, CSV and a printable
// page both sides sign. The balances come from Receivables (the one rule for "what is owed"), so
// the closing balance is the receivables report's for the same day; the entries are the
// documents and payments that rule counts: live UPDs and acts (debit), live credit notes and
// posted payments (credit). A supplier version comes with purchasing.

import ERPCore
import Foundation
import Parties
import Postgres

/// One line of the statement: a document or a payment.
package struct ReconciliationEntry: Codable, Sendable, Equatable {
    package var date: CalendarDate
    /// `upd`, `act`, `credit_note`, `ukd` or `payment`.
    package var kind: String
    /// The document's or payment's id.
    package var id: Int64
    package var number: String
    /// What the client owes more (documents of delivery).
    package var debit: Money
    /// What the client owes less (payments, credit notes).
    package var credit: Money
}

/// `GET /api/v1/clients/{id}/reconciliation`.
package struct Reconciliation: Codable, Sendable, Equatable {
    package var clientID: PartyID
    package var client: String
    package var from: CalendarDate
    package var to: CalendarDate
    /// What the client owed at the start of `from` (negative: the client's credit).
    package var openingBalance: Money
    package var entries: [ReconciliationEntry]
    package var debitTurnover: Money
    package var creditTurnover: Money
    /// What the client owed at the end of `to`: the receivables report's balance that day.
    package var closingBalance: Money
    /// Our requisites and the client's, as the printed statement shows them.
    package var seller: PartyRequisites
    package var buyer: PartyRequisites
}

enum Reconciliations {
    /// The longest period one statement covers.
    static let maximumDays = 3_660

    /// The statement of `client` from `from` to `to` (inclusive).
    /// - Throws: `ERPError.forbidden` without `readPayments`; `.notFound` (a client the user does
    ///   not see); `.validationFailed` (`to` before `from`, a period over ten years); `PostgresError`, `ValueError`.
    static func statement(of client: PartyID, from: CalendarDate, to: CalendarDate, by principal: Principal,
                          in tx: Transaction) throws -> Reconciliation {
        try principal.require(.readPayments)
        let party = try Parties.get(client, by: principal, in: tx)
        let days = try tx.query("SELECT (\(to.description)::date - \(from.description)::date)::bigint, (\(from.description)::date - 1)::text")
            .single()
        let length = try days.decode(0, as: Int64.self)
        if length < 0 { throw ERPError.validationFailed(fields: ["to": "must not be before from (\(from))"]) }
        if length > maximumDays { throw ERPError.validationFailed(fields: ["to": "the period must be at most ten years"]) }
        let dayBefore = try CalendarDate(parsing: try days.decode(1, as: String.self))
        let entries = try self.entries(of: client, from: from, to: to, in: tx)
        return Reconciliation(
            clientID: client, client: party.name, from: from, to: to,
            openingBalance: try balance(of: client, asOf: dayBefore, in: tx), entries: entries,
            debitTurnover: try Money.sum(entries.map(\.debit)), creditTurnover: try Money.sum(entries.map(\.credit)),
            closingBalance: try balance(of: client, asOf: to, in: tx),
            seller: DocumentIssuing.seller(try CompanySettings.current(in: tx)), buyer: DocumentIssuing.buyer(party))
    }

    /// What `client` owes at the end of `day`, by the receivables rule.
    /// - Throws: `PostgresError`, `ValueError`.
    static func balance(of client: PartyID, asOf day: CalendarDate, in tx: Transaction) throws -> Money {
        try Receivables.report(asOf: day, client: client, by: .system(), in: tx).items.first?.balance ?? .zero()
    }

    /// The documents and payments that change what `client` owes, in date order.
    /// - Throws: `PostgresError`, `ValueError`.
    static func entries(of client: PartyID, from: CalendarDate, to: CalendarDate, in tx: Transaction) throws -> [ReconciliationEntry] {
        try tx.query("""
            SELECT doc_date::text, type, id, number, CASE WHEN type = 'credit_note' THEN -gross_minor ELSE gross_minor END, 0 AS o
            FROM closing_documents
            WHERE client_id = \(client) AND status = 'issued' AND type IN ('upd', 'act', 'credit_note', 'ukd')
              AND doc_date BETWEEN \(from.description)::date AND \(to.description)::date
            UNION ALL
            SELECT paid_on::text, 'payment', id, number, -amount_minor, 1 FROM payments
            WHERE client_id = \(client) AND status = 'posted' AND paid_on BETWEEN \(from.description)::date AND \(to.description)::date
            ORDER BY 1, 6, 3
            """).map { row in
            let amount = try row.decode(4, as: Int64.self)
            return ReconciliationEntry(
                date: try CalendarDate(parsing: try row.decode(0, as: String.self)), kind: try row.decode(1, as: String.self),
                id: try row.decode(2, as: Int64.self), number: try row.decode(3, as: String.self),
                debit: Money(minorUnits: max(amount, 0)), credit: Money(minorUnits: max(-amount, 0)))
        }
    }
}

extension Reconciliation {
    /// The statement as CSV: the opening balance, one row per entry, the turnovers, the closing balance.
    var csv: String {
        let header = ["date", "kind", "number", "debit", "credit"]
        let rows = entries.map { [$0.date.description, $0.kind, $0.number, $0.debit.description, $0.credit.description] }
        return CSVDocument.write([header, [from.description, "opening_balance", "", openingBalance.description, ""]] + rows + [
            ["", "turnover", "", debitTurnover.description, creditTurnover.description],
            [to.description, "closing_balance", "", closingBalance.description, ""],
        ])
    }
}
