import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

@Suite("WriteOffs")
struct WriteOffsTests {
    private func writeOff(_ shop: Shop, _ product: Product, _ qty: String, reason: WriteOffReason = .damaged,
                          note: String? = nil) throws -> StockDocument {
        try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: reason, note: note,
                                                    lines: [StockLine(productID: product.id, qty: Quantity(qty)!)])),
                              by: shop.keeper, on: shop.connection)
    }

    @Test func aWriteOffTakesGoodsOutAtAverageCostWithItsReason() throws {
        let shop = try Shop()
        try shop.receive([(shop.nails, "3", "10.00")])
        let document = try writeOff(shop, shop.nails, "1.5", reason: .expired)
        #expect(document.number == "WO-2026-000001")
        #expect(document.reason == .expired)
        #expect(try shop.level(shop.nails)?.onHand == Quantity("1.5"))
        #expect(try shop.level(shop.nails)?.value == Money("15.00"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func reasonOtherNeedsANote() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "10.00")])
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try writeOff(shop, shop.hammer, "1", reason: .other, note: "  ") }
        #expect(error.fields == ["note": "is required when the reason is other"])
        #expect(try shop.snapshot() == before)
        #expect(try writeOff(shop, shop.hammer, "1", reason: .other, note: "taken for the showroom").note == "taken for the showroom")
    }

    @Test func stockNeverGoesNegativeAndReservedStockStays() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "3", "10.00")])
        try shop.connection.transaction { tx in
            try StockLedger.reserve([ReservationLine(productID: shop.hammer.id, qty: Quantity("2")!)], in: shop.main.id, in: tx)
        }
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try writeOff(shop, shop.hammer, "2") }
        #expect(error.shortLines == [ShortLine(product: shop.hammer.id, requested: Quantity("2")!, available: Quantity("1")!)])
        let never = try #require(throws: ERPError.self) { try writeOff(shop, shop.nails, "1") }
        #expect(never.shortLines == [ShortLine(product: shop.nails.id, requested: Quantity("1")!, available: Quantity("0")!)])
        #expect(try shop.snapshot() == before)
    }
}
