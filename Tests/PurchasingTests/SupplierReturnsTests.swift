import Catalog
import ERPCore
import Foundation
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("Returns to suppliers")
struct SupplierReturnsTests {
    /// 10 hammers at 300.00 (the shop's), then 10 at 200.00 against an order.
    private func shopWithTwoHammerReceipts() throws -> (PurchasingShop, StockDocument) {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(10), price: Money("200.00"))])
        return (p, try p.receive(order).receipt)
    }

    @Test func averageCostAfterAReturnIsExact() throws {
        let (p, receipt) = try shopWithTwoHammerReceipts()
        #expect(try p.level(p.shop.hammer)?.value == Money("5000.00"))
        let sent = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective,
                                                               lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(5))]),
                                             by: p.shop.owner, on: p.shop.connection)
        #expect(sent.number == "SRT-2026-000001")
        // They leave at the 200.00 they came in at, not at the 250.00 average.
        #expect(sent.lines.first?.cost == Money("1000.00"))
        let level = try p.level(p.shop.hammer)
        #expect(level?.onHand == pcs(15))
        #expect(level?.value == Money("4000.00"))
        #expect(level?.avgCost == Money("266.67"))
        #expect(try p.stock.check(on: p.shop.connection).isEmpty)
    }

    @Test func aReturnOfMoreThanReceivedLessReturnedIsRefusedAndChangesNothing() throws {
        let (p, receipt) = try shopWithTwoHammerReceipts()
        _ = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .surplus,
                                                        lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(7))]),
                                      by: p.shop.keeper, on: p.shop.connection)
        let before = try p.snapshot()
        #expect(throws: ERPError.validationFailed(fields: ["lines[0].qty": "at most 3.000 of this receipt can go back"])) {
            _ = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .surplus,
                                                            lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(4))]),
                                          by: p.shop.keeper, on: p.shop.connection)
        }
        #expect(throws: ERPError.validationFailed(fields: ["lines[0].product_id": "product \(p.shop.nails.id) is not on receipt \(receipt.number ?? "")"])) {
            _ = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .wrongItem,
                                                            lines: [SupplierReturnQuantity(productID: p.shop.nails.id, qty: pcs(1))]),
                                          by: p.shop.keeper, on: p.shop.connection)
        }
        #expect(try p.snapshot() == before)
    }

    @Test func reservedStockStaysReserved() throws {
        let (p, receipt) = try shopWithTwoHammerReceipts()
        try p.shop.connection.transaction { tx in
            try StockLedger.reserve([ReservationLine(productID: p.shop.hammer.id, qty: pcs(15))], in: p.shop.main.id, in: tx)
        }
        let before = try p.snapshot()
        #expect(throws: ERPError.insufficientStock(lines: [ShortLine(product: p.shop.hammer.id, requested: pcs(6), available: pcs(5))])) {
            _ = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective,
                                                            lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(6))]),
                                          by: p.shop.keeper, on: p.shop.connection)
        }
        #expect(try p.snapshot() == before)
        let sent = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective,
                                                               lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(5))]),
                                             by: p.shop.keeper, on: p.shop.connection)
        #expect(sent.lines.first?.cost == nil)
        #expect(try p.level(p.shop.hammer)?.reserved == pcs(15))
    }

    @Test func aPeriodsReturnsAreThoseMadeOnItsDaysWithCostsOnlyForWhoMaySeeThem() throws {
        let (p, receipt) = try shopWithTwoHammerReceipts()
        let sent = try p.purchasing.sendBack(NewSupplierReturn(receiptID: receipt.id, reason: .defective,
                                                               lines: [SupplierReturnQuantity(productID: p.shop.hammer.id, qty: pcs(2))]),
                                             by: p.shop.owner, on: p.shop.connection)
        let day = try CompanyCalendar.day(of: TestShop.now, on: p.shop.connection)
        let next = try CalendarDate(parsing: "2100-01-01")
        func returns(_ from: CalendarDate, _ to: CalendarDate, by principal: Principal) throws -> [SupplierReturn] {
            try p.shop.connection.serviceTransaction { tx in try p.purchasing.supplierReturns(from: from, to: to, by: principal, in: tx) }
        }
        #expect(try returns(day, day, by: p.shop.owner) == [sent])
        #expect(try returns(day, day, by: p.shop.owner).first?.lines.first?.cost == Money("400.00"))
        #expect(try returns(day, day, by: p.purchaser).first?.lines.first?.cost == nil)
        #expect(try returns(next, next, by: p.shop.owner).isEmpty)
        #expect { try returns(day, day, by: p.shop.manager) } throws: { if case ERPError.forbidden = $0 { true } else { false } }
    }
}
