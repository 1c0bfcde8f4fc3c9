import ERPCore
import Postgres
import Testing
import TestShop

@testable import Billing

/// `erp check`'s money rules see what only a change behind the services' back can do.
@Suite("Payment check")
struct PaymentCheckTests {
    @Test func theMoneyCheckNamesAnOverpaidInvoiceAnOverspentPaymentAndAPaymentOnAnAnnulledInvoice() throws {
        let shop = try BillingShop.make()
        let invoice = try shop.issue(.invoice, for: try shop.confirmedOrder(hammers: "1"))
        let payment = try shop.pay(invoice.total.description, allocations: [Allocation(documentID: invoice.id, amount: invoice.total)])
        #expect(try shop.billing.check(on: shop.connection).isEmpty)
        // Behind the services' back, as only the owning role can.
        let owner = try shop.db.connectAsOwner()
        try owner.query("UPDATE payment_allocations SET amount_minor = amount_minor + 1 WHERE payment_id = \(payment.id)")
        #expect(try shop.billing.check(on: shop.connection).map(\.rule) == ["allocations_within_invoice", "allocations_within_payment"])
        try owner.query("""
            UPDATE closing_documents SET status = 'annulled', annulled_at = now(), annul_reason = 'test' WHERE id = \(invoice.id)
            """)
        #expect(try shop.billing.check(on: shop.connection).map(\.rule) == ["allocations_on_live_invoices", "allocations_within_payment"])
    }
}
