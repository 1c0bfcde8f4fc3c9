import Billing
import ERPCore
import Foundation
import Sales
import Testing

@testable import CRM

/// One rule for what is owed (InvoiceBalance): the client card, the receivables, the order's
/// payment status and the invoice itself tell the same story after a return and a payment.
@Suite("Balances agree")
struct BalancesAgreeTests {
    /// Three hammers at 1140.00 (5 % off 1200.00), invoiced, shipped and documented; one returned
    /// and credited. What is owed is 2280.00.
    private func orderWithAReturn(_ shop: CRMShop) throws -> (SalesOrder, invoice: IssuedDocument) {
        let billing = BillingService(time: .fixed(CRMShop.now))
        let order = try shop.shippedOrder("3")
        let invoice = try billing.issue(IssueRequest(type: .invoice), for: order.id, by: shop.accountant, on: shop.connection)
        _ = try billing.issue(IssueRequest(type: .upd), for: order.id, by: shop.accountant, on: shop.connection)
        _ = try shop.sales().takeReturn(ReturnRequest(reason: .defective, lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                        against: order.id, by: shop.keeper, on: shop.connection)
        let correction = try billing.issue(IssueRequest(type: .correction), for: order.id, by: shop.accountant, on: shop.connection)
        #expect(invoice.total == Money("3420.00") && correction.total == Money("-1140.00"))
        return (order, invoice)
    }

    private func pay(_ shop: CRMShop, _ amount: String) throws -> Payment {
        try BillingService(time: .fixed(CRMShop.now)).record(
            NewPayment(clientID: shop.client.id, amount: Money(amount)!, date: CalendarDate("2026-11-30")!), by: shop.accountant, on: shop.connection)
    }

    /// (card balance, receivables balance, order status, order due, invoice outstanding)
    private func views(_ shop: CRMShop, _ order: SalesOrder, _ invoice: IssuedDocument) throws
        -> (Money, Money, OrderPaymentStatus, Money, Money?) {
        let billing = BillingService(time: .fixed(CRMShop.now))
        let card = try shop.crm().card(of: shop.client.id, by: shop.owner, on: shop.connection)
        let receivables = try billing.receivables(client: shop.client.id, by: shop.owner, on: shop.connection)
        let status = try billing.paymentStatus(of: order.id, by: shop.owner, on: shop.connection)
        let document = try billing.document(invoice.id, by: shop.owner, on: shop.connection)
        return (card.balance, receivables.items.first?.balance ?? .zero(), status.status, status.due, document.outstanding)
    }

    @Test func aReturnReducesWhatTheInvoiceIsOwedBeforeAnyPayment() throws {
        let shop = try CRMShop.make()
        let (order, invoice) = try orderWithAReturn(shop)
        let (card, receivables, status, due, outstanding) = try views(shop, order, invoice)
        #expect(card == Money("2280.00") && receivables == card)
        #expect(status == .unpaid && due == Money("2280.00") && outstanding == due)
        let payment = try BillingService(time: .fixed(CRMShop.now)).paymentStatus(of: order.id, by: shop.owner, on: shop.connection)
        #expect(payment.total == Money("2280.00") && payment.paid == .zero())
    }

    @Test func aPaymentOfWhatIsOwedSettlesEverythingEverywhere() throws {
        let shop = try CRMShop.make()
        let (order, invoice) = try orderWithAReturn(shop)
        let payment = try pay(shop, "2280.00")
        #expect(payment.allocations.map(\.amount) == [Money("2280.00")!])
        let (card, receivables, status, due, outstanding) = try views(shop, order, invoice)
        #expect(card == .zero() && receivables == .zero())
        #expect(status == .paid && due == .zero() && outstanding == .zero())
    }

    @Test func tenRoublesTooMuchIsTheClientsCreditAndTheInvoiceIsSettled() throws {
        let shop = try CRMShop.make()
        let (order, invoice) = try orderWithAReturn(shop)
        // Auto-allocation fills the invoice's net amount and leaves 10.00 unallocated.
        let payment = try pay(shop, "2290.00")
        #expect(payment.allocations.map(\.amount) == [Money("2280.00")!])
        let (card, receivables, status, due, outstanding) = try views(shop, order, invoice)
        #expect(card == Money("-10.00") && receivables == card)
        #expect(status == .paid && due == .zero() && outstanding == .zero())
    }

    @Test func anAllocationAboveWhatTheInvoiceIsOwedNetOfCreditsIsRefusedAndNothingIsPosted() throws {
        let shop = try CRMShop.make()
        let (order, invoice) = try orderWithAReturn(shop)
        let billing = BillingService(time: .fixed(CRMShop.now))
        #expect(throws: ERPError.validationFailed(fields: ["allocations[0].amount": "the invoice owes only 2280.00"])) {
            try billing.record(NewPayment(clientID: shop.client.id, amount: Money("3420.00")!, date: CalendarDate("2026-11-30")!,
                                          allocations: [Allocation(documentID: invoice.id, amount: Money("3420.00")!)]),
                               by: shop.accountant, on: shop.connection)
        }
        let (card, _, status, _, outstanding) = try views(shop, order, invoice)
        #expect(card == Money("2280.00") && status == .unpaid && outstanding == Money("2280.00"))
    }
}
