import ERPCore
import Foundation
import Postgres
import Sales
import Testing
import TestShop
import TestSupport

@testable import Billing

/// A day's bank statement recorded in one call: each payment allocated against what the earlier
/// ones left, the same rows as one call each, all or nothing — and never over-allocating an
/// invoice that single payments pay at the same moment.
@Suite("Batch payments")
struct BatchPaymentsTests {
    /// How many payments are stored.
    private func paymentCount(_ shop: BillingShop) throws -> Int64 {
        try shop.connection.query("SELECT count(*) FROM payments").single().decode(0, as: Int64.self)
    }

    /// What live payments have allocated to `invoice`, as stored.
    private func paid(_ invoice: IssuedDocument, _ shop: BillingShop) throws -> Int64 {
        try shop.connection.query("""
            SELECT COALESCE(sum(a.amount_minor), 0)::bigint FROM payment_allocations a
            JOIN payments p ON p.id = a.payment_id AND p.status = 'posted' WHERE a.document_id = \(invoice.id)
            """).single().decode(0, as: Int64.self)
    }

    /// Two invoices of 1200.00 and 2400.00 and a statement: 1000.00 oldest first, 2600.00 oldest
    /// first (the rest of the first invoice and all of the second), and 100.00 kept as credit.
    private func statement(_ shop: BillingShop) throws -> [NewPayment] {
        _ = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"))
        _ = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "2"))
        let day = CalendarDate("2026-11-30")!
        return [NewPayment(clientID: shop.client.id, amount: Money("1000.00")!, date: day, bankRef: "п/п № 1"),
                NewPayment(clientID: shop.client.id, amount: Money("2600.00")!, date: day, bankRef: "п/п № 2"),
                NewPayment(clientID: shop.client.id, amount: Money("100.00")!, date: day, allocations: [])]
    }

    @Test func aStatementRecordsTheSamePaymentsAsOneCallEach() throws {
        let single = try BillingShop.make(), batched = try BillingShop.make()
        let one = try statement(single).map { try single.billing.record($0, by: single.accountant, on: single.connection) }
        let many = try batched.billing.record(try statement(batched), by: batched.accountant, on: batched.connection)
        #expect(many.map(\.number) == ["PAY-2026-000001", "PAY-2026-000002", "PAY-2026-000003"])
        #expect(many.map(\.number) == one.map(\.number))
        #expect(many.map(\.allocations) == one.map(\.allocations))
        #expect(many.map(\.unallocated) == [.zero(), .zero(), Money("100.00")!])
        #expect(many.map(\.allocations.count) == [1, 2, 0], "the second pays the rest of the first invoice, then the second")
        let audited = try batched.connection.query("SELECT count(*) FROM audit_log WHERE action = 'payment.record'").single().decode(0, as: Int64.self)
        #expect(audited == 3)
        #expect(try batched.billing.check(on: batched.connection).isEmpty)
    }

    @Test func aStatementIsAllOrNothingAndNamesThePaymentThatFails() throws {
        let shop = try BillingShop.make()
        var payments = try statement(shop)
        payments[2].amount = Money("0.00")!
        #expect(throws: ERPError.validationFailed(fields: ["payments[2].amount": "must be greater than zero"])) {
            try shop.billing.record(payments, by: shop.accountant, on: shop.connection)
        }
        let invoices = try shop.billing.documents(DocumentFilter(limit: 10), by: shop.accountant, on: shop.connection).items
        payments[2].amount = Money("100.00")!
        payments[1].allocations = [Allocation(documentID: invoices[0].id, amount: Money("2400.01")!)]
        #expect(throws: ERPError.validationFailed(fields: ["payments[1].allocations[0].amount": "the invoice owes only 2400.00"])) {
            try shop.billing.record(payments, by: shop.accountant, on: shop.connection)
        }
        #expect(try paymentCount(shop) == 0)
        #expect(try shop.pay("1.00").number == "PAY-2026-000001", "no number was taken")
    }

    @Test func aStatementAndSinglePaymentsOnTheSameInvoicesNeverOverAllocate() throws {
        let shop = try BillingShop.make()
        let (billing, accountant, client) = (shop.billing, shop.accountant, shop.client.id)
        let today = CalendarDate(utcDayOf: BillingShop.now)
        let rounds = try TwoPartyRace.run(
            rounds: 20, db: shop.db,
            setup: { _ in
                [try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1")),
                 try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"))]
            },
            first: { invoices, connection in
                try billing.record(invoices.map { NewPayment(clientID: client, amount: $0.total, date: today) }, by: accountant, on: connection)
            },
            second: { invoices, connection in
                try billing.record(NewPayment(clientID: client, amount: invoices[1].total, date: today,
                                              allocations: [Allocation(documentID: invoices[1].id, amount: invoices[1].total)]),
                                   by: accountant, on: connection)
            })
        for round in rounds {
            for invoice in round.state { #expect(try paid(invoice, shop) <= invoice.total.minorUnits, "\(invoice.number) is never over-paid") }
            if case .success = round.second { #expect(try paid(round.state[1], shop) == round.state[1].total.minorUnits) }
            #expect(try round.first.get().count == 2, "the statement always goes through: what no invoice takes is credit")
        }
        #expect(try shop.billing.check(on: shop.connection).isEmpty)
    }
}
