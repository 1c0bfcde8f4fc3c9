import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Warehouse

@Suite("StockCounts")
struct StockCountsTests {
    private func count(_ shop: Shop, _ lines: [(Product, String)], open: Bool? = nil) throws -> StockDocument {
        try shop.service.post(.stockCount(NewStockCount(
            warehouseID: shop.main.id, open: open, lines: lines.map { CountLine(productID: $0.0.id, countedQty: Quantity($0.1)!) })),
            by: shop.keeper, on: shop.connection)
    }

    @Test func aCountPostedAtOnceAdjustsToWhatWasCounted() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "10", "10.00"), (shop.nails, "2", "100.00")])
        let document = try count(shop, [(shop.hammer, "8"), (shop.nails, "2.250")])
        #expect(document.number == "CNT-2026-000001")
        #expect(document.lines.map(\.bookQty) == [Quantity("10"), Quantity("2")])
        #expect(document.lines.map(\.difference) == [Quantity("-2"), Quantity("0.25")])
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("8"))
        #expect(try shop.level(shop.hammer)?.value == Money("80.00"))
        #expect(try shop.level(shop.nails)?.value == Money("225.00"))  // the surplus at the average cost
        #expect(try shop.violations().isEmpty)
    }

    @Test func goodsMovedDuringAnOpenCountAreNeitherLostNorDoubled() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "10", "10.00")])
        let opened = try count(shop, [], open: true)
        #expect(opened.status == .open)
        #expect(opened.number == nil)
        #expect(opened.lines.map(\.bookQty) == [Quantity("10")])
        // While the count runs, 5 more arrive and 2 are written off; the counters find 9 of the
        // original 10 on the shelf, and nails nobody had on the books.
        try shop.receive([(shop.hammer, "5", "10.00")])
        _ = try shop.service.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged,
                                                        lines: [StockLine(productID: shop.hammer.id, qty: Quantity("2")!)])),
                                  by: shop.keeper, on: shop.connection)
        let filled = try shop.service.fill(opened.id, with: StockCountChanges(version: opened.version, lines: [
            CountLine(productID: shop.hammer.id, countedQty: Quantity("9")!),
            CountLine(productID: shop.nails.id, countedQty: Quantity("0.5")!),
        ]), by: shop.keeper, on: shop.connection)
        #expect(filled.lines.map(\.countedQty) == [Quantity("9"), Quantity("0.5")])
        let stale = try #require(throws: ERPError.self) {
            try shop.service.fill(opened.id, with: StockCountChanges(version: opened.version, lines: []), by: shop.keeper, on: shop.connection)
        }
        #expect(stale == .versionConflict(current: filled.version))
        let posted = try shop.service.postCount(opened.id, by: shop.keeper, on: shop.connection)
        #expect(posted.status == .posted)
        #expect(posted.number == "CNT-2026-000001")
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("12"))  // 10 + 5 − 2, less the 1 missing
        #expect(try shop.level(shop.nails)?.onHand == Quantity("0.5"))
        #expect(try shop.violations().isEmpty)
        let again = try #require(throws: ERPError.self) { try shop.service.postCount(opened.id, by: shop.keeper, on: shop.connection) }
        #expect(again == .invalidState(entity: "stock count", current: "posted", action: "post"))
    }

    @Test func anUncountedLineIsNotAdjusted() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "10", "10.00"), (shop.nails, "1", "10.00")])
        let opened = try count(shop, [(shop.nails, "1.5")], open: true)
        _ = try shop.service.postCount(opened.id, by: shop.keeper, on: shop.connection)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("10"))
        #expect(try shop.level(shop.nails)?.onHand == Quantity("1.5"))
    }

    @Test func anAbandonedOpenCountMovesNothing() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "10", "10.00")])
        let opened = try count(shop, [(shop.hammer, "1")], open: true)
        let cancelled = try shop.service.cancel(opened.id, type: .stockCount, by: shop.keeper, on: shop.connection)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.number == nil)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("10"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func aCountOfTwentyThousandLinesReportsEveryBadLineInOneAnswer() throws {
        let shop = try Shop()
        // 20,000 lines naming products that do not exist, plus one good line and a fractional
        // count of pieces: one validation pass reports all of them.
        var lines = (0..<20_000).map { CountLine(productID: ProductID(rawValue: 1_000_000 + Int64($0)), countedQty: Quantity("1")!) }
        lines.append(CountLine(productID: shop.hammer.id, countedQty: Quantity("1.5")!))
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) {
            try shop.service.post(.stockCount(NewStockCount(warehouseID: shop.main.id, lines: lines)), by: shop.keeper, on: shop.connection)
        }
        let fields = try #require(error.fields)
        #expect(fields.count == 20_001)
        #expect(fields["lines[19999].product_id"] == "there is no product 1019999")
        #expect(fields["lines[20000].counted_qty"] != nil)
        #expect(try shop.snapshot() == before)
    }
}
