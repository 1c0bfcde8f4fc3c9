import Catalog
import ERPCore
import Foundation
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("Incoming stock")
struct IncomingTests {
    private func incoming(_ p: PurchasingShop, _ product: Product, as principal: Principal? = nil) throws -> Quantity? {
        try p.purchasing.levels(StockLevelFilter(warehouseID: p.shop.main.id, productID: product.id, includeEmpty: true),
                                by: principal ?? p.shop.manager, on: p.shop.connection).items.first?.incoming
    }

    @Test func placedOrdersAreIncomingUntilReceivedOrCancelled() throws {
        let p = try PurchasingShop()
        let draft = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(8))], place: false)
        #expect(try incoming(p, p.shop.hammer) == .zero)
        _ = try p.purchasing.place(draft.id, by: p.purchaser, on: p.shop.connection)
        let second = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(5)),
                                  NewPurchaseOrderLine(productID: p.shop.nails.id, qty: pcs(2))])
        #expect(try incoming(p, p.shop.hammer) == pcs(13))
        #expect(try incoming(p, p.shop.nails, as: p.shop.keeper) == pcs(2))
        try p.receive(draft, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(3))])
        #expect(try incoming(p, p.shop.hammer) == pcs(10))
        // An over-received line brings nothing more, and does not offset another order.
        try p.receive(draft, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(9))], over: true)
        #expect(try incoming(p, p.shop.hammer) == pcs(5))
        _ = try p.purchasing.cancel(second.id, by: p.purchaser, on: p.shop.connection)
        #expect(try incoming(p, p.shop.hammer) == .zero)
        #expect(try incoming(p, p.shop.nails) == .zero)
    }
}
