import Catalog
import ERPCore
import Foundation
import Synchronization
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Purchasing

@Suite("Receipts against supplier orders")
struct OrderReceiptsTests {
    @Test func partialReceiptsSumExactlyAndCloseTheOrder() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(10)),
                                 NewPurchaseOrderLine(productID: p.shop.nails.id, qty: Quantity("2.5")!, price: Money("64.00"))])
        let first = try p.receive(order, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(4)),
                                          OrderReceiptLine(productID: p.shop.nails.id, qty: Quantity("0.75")!)])
        #expect(first.order.status == .partiallyReceived)
        #expect(first.order.lines.map(\.remaining) == [pcs(6), Quantity("1.75")!])
        #expect(first.receipt.supplierID == p.shop.supplier.id)
        // The storekeeper who received does not read the costs back.
        #expect(first.receipt.lines.allSatisfy { $0.unitCost == nil })
        let second = try p.receive(order, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(6))])
        #expect(second.order.status == .partiallyReceived)
        // The rest of what is expected, by default.
        let last = try p.receive(order)
        #expect(last.receipt.lines.map(\.qty) == [Quantity("1.75")!])
        #expect(last.order.status == .received)
        #expect(last.order.lines.map(\.received) == [pcs(10), Quantity("2.5")!])
        #expect(last.order.lines.allSatisfy { $0.remaining.isZero })
        #expect(try p.level(p.shop.hammer)?.onHand == pcs(20))
        #expect(try p.level(p.shop.nails)?.onHand == Quantity("7.5"))
        // 5 kg at 60.00 and 2.5 kg at the order's 64.00.
        #expect(try p.level(p.shop.nails)?.value == Money("460.00"))
        #expect(try p.stock.check(on: p.shop.connection).isEmpty)
        // Each answer is the order and the receipt as stored (built from what was written, not read back).
        #expect(try p.purchasing.order(order.id, by: p.shop.keeper, on: p.shop.connection) == last.order)
        #expect(try p.stock.document(first.receipt.id, type: .receipt, by: p.shop.keeper, on: p.shop.connection) == first.receipt)
        let before = try p.snapshot()
        #expect(throws: ERPError.invalidState(entity: "purchase order", current: "received", action: "receive")) { try p.receive(order) }
        #expect(try p.snapshot() == before)
    }

    @Test func goodsReceivedAgainstAnOrderKeepTheirOriginAndABadOneRefusesTheReceipt() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(10)),
                                 NewPurchaseOrderLine(productID: p.shop.nails.id, qty: pcs(2))])
        let before = try p.snapshot()
        let error = try #require(throws: ERPError.self) {
            try p.receive(order, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(1), countryCode: "1560")])
        }
        #expect(error.fields.map { Set($0.keys) } == ["lines[0].country_code"])
        #expect(try p.snapshot() == before)
        let received = try p.receive(order, [
            OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(10), countryCode: "DE", customsDeclaration: "10702070/011226/0012345"),
            OrderReceiptLine(productID: p.shop.nails.id, qty: pcs(2)),
        ])
        #expect(received.receipt.lines.map(\.countryCode) == ["276", nil])
        #expect(received.receipt.lines.map(\.customsDeclaration) == ["10702070/011226/0012345", nil])
    }

    @Test func overReceiptIsRefusedNamingEachLineUnlessAllowed() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(10)),
                                 NewPurchaseOrderLine(productID: p.shop.nails.id, qty: pcs(2))])
        let before = try p.snapshot()
        let lines = [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(12)), OrderReceiptLine(productID: p.shop.nails.id, qty: pcs(3))]
        #expect(throws: ERPError.exceedsOrder(lines: [
            ShortLine(product: p.shop.hammer.id, requested: pcs(12), available: pcs(10)),
            ShortLine(product: p.shop.nails.id, requested: pcs(3), available: pcs(2)),
        ])) { try p.receive(order, lines) }
        #expect(try p.snapshot() == before)
        let accepted = try p.receive(order, lines, over: true)
        #expect(accepted.order.status == .received)
        #expect(accepted.order.lines.map(\.received) == [pcs(12), pcs(3)])
        #expect(try p.level(p.shop.hammer)?.onHand == pcs(22))
    }

    @Test func aLineNotOnTheOrderOrAnotherWarehouseIsRefusedAndChangesNothing() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(10))])
        let before = try p.snapshot()
        #expect(throws: ERPError.validationFailed(fields: [
            "lines[0].product_id": "product \(p.shop.nails.id) is not on \(order.number)",
        ])) { try p.receive(order, [OrderReceiptLine(productID: p.shop.nails.id, qty: pcs(1))]) }
        #expect(throws: ERPError.forbidden(action: Permission.postStock.phrase)) {
            _ = try p.purchasing.receive(OrderReceipt(purchaseOrderID: order.id), by: p.purchaser, on: p.shop.connection)
        }
        #expect(try p.snapshot() == before)
    }

    @Test func sixteenConcurrentReceiptsAgainstOneOrderNeverExceedIt() throws {
        let p = try PurchasingShop()
        let order = try p.order([NewPurchaseOrderLine(productID: p.shop.hammer.id, qty: pcs(40))])
        let received = Atomic(0)
        let refused = Atomic(0)
        let unexpected = Mutex<[String]>([])
        Threads.run(16) { _ in
            do {
                let connection = try p.shop.db.connect()
                for _ in 0..<2 {
                    do {
                        try p.receive(order, [OrderReceiptLine(productID: p.shop.hammer.id, qty: pcs(3))], on: connection)
                        received.add(1, ordering: .relaxed)
                    } catch ERPError.exceedsOrder {
                        refused.add(1, ordering: .relaxed)
                    } catch ERPError.invalidState {
                        refused.add(1, ordering: .relaxed)
                    }
                }
            } catch {
                unexpected.withLock { $0.append("\(error)") }
            }
        }
        #expect(unexpected.withLock { $0 }.isEmpty)
        // 13 receipts of 3 fit in 40; the 14th would exceed it.
        #expect(received.load(ordering: .relaxed) == 13)
        #expect(refused.load(ordering: .relaxed) == 32 - 13)
        let after = try p.purchasing.order(order.id, by: p.shop.owner, on: p.shop.connection)
        #expect(after.lines.first?.received == pcs(39))
        #expect(after.status == .partiallyReceived)
        #expect(try p.level(p.shop.hammer)?.onHand == pcs(10 + 39))
        #expect(try p.stock.check(on: p.shop.connection).isEmpty)
    }
}
