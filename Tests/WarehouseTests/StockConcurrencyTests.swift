import Catalog
import ERPCore
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@testable import Warehouse

/// Many storekeepers at once: stock never goes negative, every refusal is a clean 409, the ledger
/// stays consistent, and documents whose lines come in opposite orders never deadlock.
@Suite("StockConcurrency")
struct StockConcurrencyTests {
    /// What the racing workers saw.
    private struct Tally {
        var posted = 0
        var short = 0
    }

    @Test func sixteenStorekeepersHammeringTheSameProductsNeverBreakTheLedger() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "40", "100.00"), (shop.nails, "40", "10.00")])
        try shop.receive([(shop.hammer, "40", "90.00"), (shop.nails, "40", "11.00")], into: shop.shop)
        let tally = Mutex(Tally())
        let deadline = Date().addingTimeInterval(3)
        let (hammer, nails, main, floor) = (shop.hammer.id, shop.nails.id, shop.main.id, shop.shop.id)
        let unexpected = Threads.run(16, connectingTo: shop.db) { worker, connection in
            var generator = SystemRandomNumberGenerator()
            while Date() < deadline {
                let forward = Bool.random(using: &generator)
                let qty = Quantity(thousandths: Int64.random(in: 1...4, using: &generator) * 1000)
                let lines = [StockLine(productID: hammer, qty: qty), StockLine(productID: nails, qty: qty)]
                let command: StockCommand = worker % 4 == 0
                    ? .writeOff(NewWriteOff(warehouseID: forward ? main : floor, reason: .shrinkage, lines: [lines[0]]))
                    : .transfer(NewTransfer(fromWarehouseID: forward ? main : floor, toWarehouseID: forward ? floor : main,
                                            lines: forward ? lines : lines.reversed()))
                do {
                    _ = try shop.service.post(command, by: shop.keeper, on: connection)
                    tally.withLock { $0.posted += 1 }
                } catch ERPError.insufficientStock {
                    tally.withLock { $0.short += 1 }
                }
            }
        }
        let result = tally.withLock { $0 }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(3))")
        #expect(result.posted > 16)
        #expect(try shop.violations().isEmpty)
        let totals = try shop.connection.query("""
            SELECT min(on_hand), min(on_hand - reserved),
                   (sum(on_hand) FILTER (WHERE product_id = \(hammer)))::bigint FROM stock_levels
            """).single()
        #expect(try totals.decode(0, as: Int64.self) >= 0)
        #expect(try totals.decode(1, as: Int64.self) >= 0)
        let writtenOff = try shop.connection.query("""
            SELECT COALESCE(-sum(qty), 0)::bigint FROM stock_moves WHERE kind = 'write_off' AND product_id = \(hammer)
            """).single().decode(0, as: Int64.self)
        #expect(try totals.decode(2, as: Int64.self) == 80_000 - writtenOff)
    }

    @Test func documentsWithLinesInOppositeOrdersDoNotDeadlock() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "1000", "1.00"), (shop.nails, "1000", "1.00")])
        let (hammer, nails, main) = (shop.hammer.id, shop.nails.id, shop.main.id)
        let failures = Threads.run(8, connectingTo: shop.db) { worker, connection in
            for _ in 0..<20 {
                let lines = [StockLine(productID: hammer, qty: Quantity("1")!), StockLine(productID: nails, qty: Quantity("1")!)]
                _ = try shop.service.post(.writeOff(NewWriteOff(warehouseID: main, reason: .damaged,
                                                                lines: worker.isMultiple(of: 2) ? lines : lines.reversed())),
                                          by: shop.keeper, on: connection)
            }
        }
        #expect(failures.isEmpty)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("840"))
        #expect(try shop.violations().isEmpty)
    }

    /// Levels created by racing postings (migration 0034's lock): transfers into fresh warehouses
    /// lock new levels between existing ones — (hammer, new) sorts before (nails, main) — while
    /// receipts create the same new levels; every posting queues, none deadlocks or collides.
    @Test func postingsCreatingTheSameLevelsAtOnceQueueWithoutDeadlocks() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "1000", "10.00"), (shop.nails, "1000", "2.00")])
        let fresh = try (1...6).map { try shop.service.create(NewWarehouse(code: "NEW-\($0)", name: "Склад \($0)"),
                                                              by: shop.owner, on: shop.connection).id }
        let (hammer, nails, main) = (shop.hammer.id, shop.nails.id, shop.main.id)
        let failures = Threads.run(8, connectingTo: shop.db) { worker, connection in
            for warehouse in fresh {
                let lines = [StockLine(productID: hammer, qty: Quantity("1")!), StockLine(productID: nails, qty: Quantity("1")!)]
                let command: StockCommand = worker.isMultiple(of: 2)
                    ? .transfer(NewTransfer(fromWarehouseID: main, toWarehouseID: warehouse, lines: lines))
                    : .receipt(NewReceipt(warehouseID: warehouse, lines: lines.reversed().map {
                        ReceiptLine(productID: $0.productID, qty: $0.qty, unitCost: Money("3.00")!)
                    }))
                _ = try shop.service.post(command, by: shop.keeper, on: connection)
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        for warehouse in fresh {
            let level = try shop.service.levels(StockLevelFilter(warehouseID: warehouse, productID: hammer), by: shop.owner,
                                                on: shop.connection).items.first
            #expect(level?.onHand == Quantity("8"))
        }
        #expect(try shop.level(shop.nails)?.onHand == Quantity("976"))
        #expect(try shop.violations().isEmpty)
    }
}
