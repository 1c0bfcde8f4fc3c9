import ERPCore
import Foundation
import Postgres
import Sales
import Testing
import TestShop
import TestSupport

@testable import Billing

/// Two accountants touching one invoice at the same instant, many rounds over: an invoice is never
/// paid more than it asks, and never annulled while a payment stands on it.
@Suite("Payment interleavings")
struct PaymentInterleavingTests {
    private static let rounds = 30

    /// What live payments have allocated to `invoice`, as stored.
    private func paid(_ invoice: IssuedDocument, _ shop: BillingShop) throws -> Int64 {
        try shop.connection.query("""
            SELECT COALESCE(sum(a.amount_minor), 0)::bigint FROM payment_allocations a
            JOIN payments p ON p.id = a.payment_id AND p.status = 'posted' WHERE a.document_id = \(invoice.id)
            """).single().decode(0, as: Int64.self)
    }

    /// Rounds of a payment of a fresh invoice's total (allocated to it when `explicitly`, else oldest
    /// first) racing `second` on the same invoice.
    private func raceAPayment<B: Sendable>(
        explicitly: Bool, _ shop: BillingShop, against second: @escaping @Sendable (IssuedDocument, Connection) throws -> B
    ) throws -> [(state: IssuedDocument, first: PartyOutcome<Payment>, second: PartyOutcome<B>)] {
        let (billing, accountant, client) = (shop.billing, shop.accountant, shop.client.id)
        let today = CalendarDate(utcDayOf: BillingShop.now)
        return try TwoPartyRace.run(
            rounds: Self.rounds, db: shop.db,
            setup: { _ in try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1")) },
            first: { invoice, connection in
                let allocations = explicitly ? [Allocation(documentID: invoice.id, amount: invoice.total)] : nil
                return try billing.record(NewPayment(clientID: client, amount: invoice.total, date: today, allocations: allocations),
                                          by: accountant, on: connection)
            },
            second: second)
    }

    @Test func twoPaymentsFillingTheSameInvoiceNeverOverpayIt() throws {
        let shop = try BillingShop.make()
        let (billing, accountant, client) = (shop.billing, shop.accountant, shop.client.id)
        let today = CalendarDate(utcDayOf: BillingShop.now)
        let rounds = try raceAPayment(explicitly: false, shop) { invoice, connection in
            try billing.record(NewPayment(clientID: client, amount: invoice.total, date: today), by: accountant, on: connection)
        }
        for round in rounds {
            #expect(try paid(round.state, shop) == round.state.total.minorUnits, "\(round.state.number) is paid exactly once")
            let first = try round.first.get(), second = try round.second.get()
            #expect(try first.unallocated + second.unallocated == round.state.total, "the other payment is the client's credit")
        }
        #expect(try shop.billing.check(on: shop.connection).isEmpty)
    }

    @Test func annulmentRacingAPaymentNeverLeavesThePaymentOnAnAnnulledInvoice() throws {
        let shop = try BillingShop.make()
        let (billing, accountant) = (shop.billing, shop.accountant)
        let rounds = try raceAPayment(explicitly: true, shop) { invoice, connection in
            try billing.annul(invoice.id, reason: "ошибка в счёте", by: accountant, on: connection)
        }
        for round in rounds {
            switch (round.first, round.second) {
            case (.success, .failure(ERPError.invalidState)):
                #expect(try paid(round.state, shop) == round.state.total.minorUnits)
            case (.failure(ERPError.validationFailed), .success(let annulled)):
                #expect(annulled.status == .annulled)
                #expect(try paid(round.state, shop) == 0)
            default:
                Issue.record("payment \(round.first) and annulment \(round.second) of \(round.state.number)")
            }
        }
        #expect(try shop.billing.check(on: shop.connection).isEmpty)
    }
}
