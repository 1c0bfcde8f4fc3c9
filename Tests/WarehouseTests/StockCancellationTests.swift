import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

@Suite("StockCancellation")
struct StockCancellationTests {
    @Test func cancellingAReceiptReversesItsMovesAndKeepsBothInTheLedger() throws {
        let shop = try Shop()
        let receipt = try shop.receive([(shop.hammer, "2", "100.00")])
        let cancelled = try shop.service.cancel(receipt.id, type: .receipt, by: shop.keeper, on: shop.connection)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.cancelledBy == "keeper")
        #expect(cancelled.number == receipt.number)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("0"))
        let moves = try shop.service.moves(StockMoveFilter(productID: shop.hammer.id), by: shop.owner, on: shop.connection).items
        #expect(moves.count == 2)
        #expect(moves[0].reversesMoveID == moves[1].id)
        #expect(moves[0].qty == Quantity("-2"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func aReceiptWhoseGoodsAreGoneCannotBeCancelled() throws {
        let shop = try Shop()
        let receipt = try shop.receive([(shop.hammer, "2", "100.00")])
        _ = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .lost,
                                                        lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])),
                                  by: shop.keeper, on: shop.connection)
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.service.cancel(receipt.id, type: .receipt, by: shop.keeper, on: shop.connection) }
        #expect(error.shortLines == [ShortLine(product: shop.hammer.id, requested: Quantity("2")!, available: Quantity("1")!)])
        #expect(try shop.snapshot() == before)
    }

    @Test func cancellingAWriteOffBringsGoodsBackAtTheCostTheyLeftAt() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "2", "100.00")])
        let writeOff = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .lost,
                                                                   lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])),
                                             by: shop.keeper, on: shop.connection)
        try shop.receive([(shop.hammer, "1", "400.00")])
        _ = try shop.service.cancel(writeOff.id, type: .writeOff, by: shop.owner, on: shop.connection)
        #expect(try shop.level(shop.hammer)?.value == Money("600.00"))  // 100 + 400 + the 100 it left at
        #expect(try shop.violations().isEmpty)
    }

    @Test func cancellingATransferMovesTheGoodsBackAtomically() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "2", "100.00")])
        let transfer = try shop.service.post(.transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id,
                                                                   lines: [StockLine(productID: shop.hammer.id, qty: Quantity("2")!)])),
                                             by: shop.keeper, on: shop.connection)
        _ = try shop.service.cancel(transfer.id, type: .transfer, by: shop.keeper, on: shop.connection)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("2"))
        #expect(try shop.level(shop.hammer, in: shop.shop)?.onHand == Quantity("0"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func aCancelledDocumentCannotBeCancelledAgainAndTheTypeMustMatch() throws {
        let shop = try Shop()
        let receipt = try shop.receive([(shop.hammer, "2", "100.00")])
        let wrongType = try #require(throws: ERPError.self) { try shop.service.cancel(receipt.id, type: .writeOff, by: shop.keeper, on: shop.connection) }
        #expect(wrongType == .notFound(entity: "write off", id: String(receipt.id.rawValue)))
        _ = try shop.service.cancel(receipt.id, type: .receipt, by: shop.keeper, on: shop.connection)
        let before = try shop.snapshot()
        let twice = try #require(throws: ERPError.self) { try shop.service.cancel(receipt.id, type: .receipt, by: shop.keeper, on: shop.connection) }
        #expect(twice == .invalidState(entity: "receipt", current: "cancelled", action: "cancel"))
        #expect(try shop.snapshot() == before)
    }
}
