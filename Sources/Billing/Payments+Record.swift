// Recording payments: one as the accountant enters it, or a day's bank statement at once — each
// payment checked as the single one is, the batch's invoices locked and allocated together (each
// payment against what the earlier ones left), and the payments, their allocations, the audit log
// and the change feed written with one statement each. All or nothing: a problem with any payment
// refuses the batch (its errors named under `payments[i]`) and nothing is written.

import ERPCore
import Foundation
import Parties
import Postgres

extension Payments {
    /// Records a payment and allocates it: the batch of one.
    /// - Throws: `ERPError.forbidden`, `.notFound` (a client the user does not see),
    ///   `.validationFailed` (amount, an allocation to another client's or an annulled document,
    ///   more than an invoice still owes, more than the payment); `PostgresError`.
    static func record(_ command: NewPayment, by principal: Principal, at now: Date, in tx: Transaction) throws -> Payment {
        try record([command], names: [""], by: principal, at: now, in: tx)[0]
    }

    /// Records every payment of `batch`, in its order (numbers are taken so).
    /// - Throws: as `record(_:by:at:in:)`, naming the payment as `payments[i]…`. Nothing is written then.
    static func record(_ batch: [NewPayment], by principal: Principal, at now: Date, in tx: Transaction) throws -> [Payment] {
        try record(batch, names: batch.indices.map { "payments[\($0)]." }, by: principal, at: now, in: tx)
    }

    private static func record(_ batch: [NewPayment], names: [String], by principal: Principal, at now: Date,
                               in tx: Transaction) throws -> [Payment] {
        try principal.require(.recordPayments)
        guard !batch.isEmpty else { return [] }
        let clients = try Parties.get(batch.map(\.clientID), by: principal, in: tx)
        let today = try CompanyCalendar.day(of: now, in: tx)
        var problems = FieldErrors()
        var texts: [(bankRef: String?, note: String?)] = []
        for (index, command) in batch.enumerated() {
            let field = names[index]
            if let client = clients[command.clientID], !client.isClient { problems.add(field + "client_id", "\(client.name) is not marked as a client") }
            if command.amount.minorUnits <= 0 { problems.add(field + "amount", "must be greater than zero") }
            if command.amount > .largestEntered { problems.add(field + "amount", "must be at most \(Money.largestEntered)") }
            let bankRef = command.bankRef?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let bankRef, bankRef.count > 100 { problems.add(field + "bank_ref", "must be at most 100 characters") }
            let note = command.note?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let note, note.count > 2000 { problems.add(field + "note", "must be at most 2000 characters") }
            CalendarDate.checkEntered(command.date, field: field + "date", today: today, problems: &problems)
            texts.append((bankRef?.isEmpty == true ? nil : bankRef, note?.isEmpty == true ? nil : note))
        }
        try problems.throwIfAny()
        let allocations = try PaymentAllocation.plan(batch, names: names, in: tx)

        let numbers = try self.numbers(of: batch.map(\.date.year), in: tx)
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let ids = try tx.query("""
            INSERT INTO payments (number, client_id, amount_minor, paid_on, bank_ref, note, status, created_at, created_by, created_by_login)
            SELECT p.number, p.c, p.m, p.day::date, p.ref, p.note, 'posted', \(now), \(actorID), \(principal.login)
            FROM unnest(\(numbers)::text[], \(batch.map(\.clientID.rawValue))::bigint[], \(batch.map(\.amount.minorUnits))::bigint[],
                        \(batch.map(\.date.description))::text[], \(texts.map(\.bankRef))::text[], \(texts.map(\.note))::text[])
                 WITH ORDINALITY AS p(number, c, m, day, ref, note, n)
            ORDER BY p.n
            RETURNING id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: PaymentID.self) }
        let allocated = ids.indices.flatMap { index in allocations[index].map { (ids[index], $0) } }
        if !allocated.isEmpty {
            try tx.query("""
                INSERT INTO payment_allocations (payment_id, document_id, amount_minor)
                SELECT a.p, a.d, a.m FROM unnest(\(allocated.map(\.0.rawValue))::bigint[], \(allocated.map(\.1.documentID.rawValue))::bigint[],
                                                  \(allocated.map(\.1.amount.minorUnits))::bigint[]) AS a(p, d, m)
                """)
        }
        let payments = try fetch(ids, named: true, in: tx)
        try Audit.record(in: tx, by: principal, action: "payment.record", entityType: "payment", changes: try payments.map { payment in
            (payment.id, AuditChange(.object([
                "number": .string(payment.number), "client_id": .number(payment.clientID.rawValue), "amount": .string(payment.amount.description),
                "allocated": .string((try payment.amount - payment.unallocated).description),
            ])))
        })
        try ChangeEvents.record(payments.map { payment in
            NewChangeEvent(.paymentReceived, entity: "payment", id: payment.id, client: payment.clientID.rawValue, data: .object([
                "number": .string(payment.number), "client_id": .number(payment.clientID.rawValue), "amount": .string(payment.amount.description),
            ]))
        }, in: tx)
        return payments
    }

    /// The next gapless payment numbers for payments dated in `years`, in the order given: one
    /// counter bump per year.
    /// - Throws: `PostgresError`.
    private static func numbers(of years: [Int], in tx: Transaction) throws -> [String] {
        var next: [Int: Int64] = [:]
        for year in years where next[year] == nil {
            next[year] = try DocumentNumbers.next(count: years.filter { $0 == year }.count, series: "payment", year: year, in: tx).lowerBound
        }
        return years.map { year in
            defer { next[year, default: 0] += 1 }
            return DocumentNumbers.format(prefix: "PAY", year: year, sequence: next[year] ?? 0)
        }
    }
}
