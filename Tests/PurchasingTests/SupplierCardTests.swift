import Catalog
import ERPCore
import Foundation
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("The supplier card")
struct SupplierCardTests {
    /// The shop's supplier after: an order of 8 hammers at 300.00, 5 received and 2 sent back; a
    /// bill of 1000.00 forty-five days old and one of 600.00 three days old; 1200.00 paid (oldest
    /// first): we owe 400.00, none of it overdue.
    private func story() throws -> PurchasingShop {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(8))])
        let receipt = try p.receive(order, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(5))]).receipt
        _ = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective,
                                                        lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(2))]),
                                      by: p.shop.owner, on: p.shop.connection)
        for (number, amount, daysAgo) in [("СЧ-1", "1000.00", 45.0), ("СЧ-2", "600.00", 3.0)] {
            _ = try p.purchasing.record(NewSupplierBill(supplierID: p.shop.supplier.id, number: number,
                                                        date: CalendarDate(utcDayOf: TestShop.now.addingTimeInterval(-daysAgo * 86_400)),
                                                        amount: Money(amount)!, vat: .zero()), by: p.purchaser, on: p.shop.connection)
        }
        _ = try p.purchasing.pay(NewSupplierPayment(supplierID: p.shop.supplier.id, amount: Money("1200.00")!, date: CalendarDate(utcDayOf: TestShop.now)),
                                 by: p.shop.accountant, on: p.shop.connection)
        return p
    }

    @Test func theCardShowsOrdersReceiptsReturnsBillsPaymentsAndWhatWeOwe() throws {
        let p = try story()
        let card = try p.purchasing.card(of: p.shop.supplier.id, by: p.purchaser, on: p.shop.connection)
        #expect(card.party.id == p.shop.supplier.id)
        #expect(card.orders.map(\.status) == [.partiallyReceived])
        #expect(card.orders.first?.total != nil && card.orders.first?.lineCount == 1)
        // The shop's opening receipt and the one against the order, newest first.
        #expect(card.receipts.count == 2 && card.receipts.allSatisfy { $0.supplierID == p.shop.supplier.id })
        #expect(card.returns.map { $0.lines.map(\.qty) } == [[pcs(2)]])
        #expect(card.bills?.map(\.number) == ["СЧ-2", "СЧ-1"])
        #expect(card.payments?.map(\.amount) == [Money("1200.00")!])
        #expect((card.owed, card.overdue) == (Money("400.00"), .zero()))
    }

    @Test func aStorekeeperSeesQuantitiesButNoMoneyAndOthersAreRefused() throws {
        let p = try story()
        let keeper = try p.purchasing.card(of: p.shop.supplier.id, by: p.shop.keeper, on: p.shop.connection)
        #expect(keeper.orders.count == 1 && keeper.orders.first?.total == nil)
        #expect(keeper.bills == nil && keeper.payments == nil && keeper.owed == nil && keeper.overdue == nil)
        #expect(keeper.returns.first?.lines.first?.cost == nil)
        func refused(_ principal: Principal, _ party: Int64) -> ERPError? {
            do {
                _ = try p.purchasing.card(of: .init(rawValue: party), by: principal, on: p.shop.connection)
                return nil
            } catch { return error }
        }
        #expect(refused(p.shop.manager, p.shop.supplier.id.rawValue)?.code == .forbidden)
        #expect(refused(p.purchaser, p.shop.client.id.rawValue) == .notFound(entity: "supplier", id: String(p.shop.client.id.rawValue)))
        #expect(refused(p.purchaser, 999)?.code == .notFound)
    }
}
