import ERPCore
import Foundation
import Postgres
import Sales
import Testing
import TestSupport

@testable import Billing

@Suite("Advance invoices")
struct AdvanceInvoicesTests {
    private func stored(_ shop: BillingShop) throws -> [Int64] {
        let row = try shop.connection.query("""
            SELECT (SELECT count(*) FROM advance_invoices), (SELECT count(*) FROM advance_offsets),
                   COALESCE((SELECT sum(last_number) FROM document_counters WHERE series = 'doc_advance'), 0)::bigint
            """).single()
        return [try row.decode(0, as: Int64.self), try row.decode(1, as: Int64.self), try row.decode(2, as: Int64.self)]
    }

    private func issue(_ shop: BillingShop, _ payment: Payment) throws -> AdvanceInvoice {
        try shop.billing.issueAdvanceInvoice(AdvanceInvoiceRequest(), for: payment.id, by: shop.accountant, on: shop.connection)
    }

    @Test func aPrepaymentIsOfferedForFiveDaysAndIssuedOnceAtTheEstimatedRate() throws {
        let shop = try BillingShop.make()
        let payment = try shop.pay("5000.00", allocations: [])
        let due = try shop.billing.advancesDue(by: shop.accountant, on: shop.connection).items
        #expect(due == [AdvanceDue(paymentID: payment.id, paymentNumber: payment.number, clientID: shop.client.id,
                                   paidOn: CalendarDate("2026-11-30")!, advance: Money("5000.00")!, dueBy: CalendarDate("2026-12-05")!)])
        let invoice = try issue(shop, payment)
        // 5000.00 × 22/122 = 901.639…
        #expect(invoice.number == "ADV-2026-000001" && invoice.amount == Money("5000.00") && invoice.vat == Money("901.64"))
        #expect(invoice.vatRate.estimated == "22/122" && invoice.payment.number == payment.number && invoice.remaining == invoice.amount)
        #expect(try shop.billing.advancesDue(by: shop.accountant, on: shop.connection).items.isEmpty)
        let before = try stored(shop)
        #expect(throws: ERPError.duplicate(entity: "advance invoice", field: "payment_id", existingID: invoice.id.rawValue)) {
            try issue(shop, payment)
        }
        #expect(try stored(shop) == before)
    }

    @Test(arguments: [("2025-12-31", "2000.00", "20/120"), ("2026-01-01", "2163.93", "22/122")])
    func theRateIsThatOfThePaymentDay(paidOn: String, vat: String, estimated: String) throws {
        let shop = try BillingShop.make()
        let invoice = try issue(shop, try shop.pay("12000.00", on: paidOn, allocations: []))
        #expect(invoice.vat == Money(vat) && invoice.vatRate.estimated == estimated)
    }

    @Test func onlyWhatShippedGoodsDidNotCoverIsAnAdvance() throws {
        let shop = try BillingShop.make()
        let order = try shop.confirmedOrder(hammers: "3")
        try shop.ship(order)
        _ = try shop.issue(.upd, for: order)
        let before = try stored(shop)
        let settles = try shop.pay("3600.00")
        let error = try #require(throws: ERPError.self) { try issue(shop, settles) }
        guard case .invalidState = error else { Issue.record("\(error)"); return }
        #expect(try stored(shop) == before)
        // Two payments the same day: the client's credit at the day's end (400.00) is the later one's.
        let more = try shop.pay("400.00", allocations: [])
        #expect(try shop.billing.advancesDue(by: shop.accountant, on: shop.connection).items.map(\.paymentID) == [more.id])
        #expect(try issue(shop, more).amount == Money("400.00"))
    }

    @Test func aUPDOffsetsTheAdvanceWithItsVATShareAndNamesThePayment() throws {
        let shop = try BillingShop.make()
        let payment = try shop.pay("5000.00", allocations: [])
        let advance = try issue(shop, payment)
        let order = try shop.confirmedOrder(hammers: "3")
        try shop.ship(order)
        let upd = try shop.issue(.upd, for: order)
        #expect(upd.content.paymentDocuments == [DocumentReference(number: payment.number, date: payment.date)])
        let offset = try shop.connection.query("""
            SELECT amount_minor, vat_minor FROM advance_offsets WHERE document_id = \(upd.id)
            """).single()
        // 3600.00 of 5000.00: 901.64 × 0.72 = 649.18 of the VAT.
        #expect(try offset.decode(0, as: Int64.self) == 360_000 && offset.decode(1, as: Int64.self) == 64_918)
        let read = try shop.billing.advanceInvoice(advance.id, by: shop.accountant, on: shop.connection)
        #expect(read.offset == Money("3600.00") && read.remaining == Money("1400.00"))
        let page = try shop.billing.print(upd.id, by: shop.accountant, on: shop.connection)
        #expect(page.contains("№ \(payment.number) от 30.11.2026"))
        _ = try shop.billing.annul(upd.id, reason: "переоформить", by: shop.accountant, on: shop.connection)
        #expect(try shop.billing.advanceInvoice(advance.id, by: shop.accountant, on: shop.connection).remaining == Money("5000.00"))
    }
}
