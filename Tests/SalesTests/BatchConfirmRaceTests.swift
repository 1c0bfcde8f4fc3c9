import Catalog
import ERPCore
import Foundation
import Synchronization
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Sales

/// A day's confirmations in batches while managers confirm single orders on the same scarce stock:
/// never more reserved than on hand, and a refused batch reserves nothing.
@Suite("Batch confirm race")
struct BatchConfirmRaceTests {
    private struct Tally {
        var confirmed: [SalesOrderID] = []
        var shortSingles = 0
        var shortBatches = 0
    }

    @Test func batchesRacingSingleConfirmationsForTheLastUnitsNeverReserveMoreThanOnHand() throws {
        let (stock, q) = (37, 3)
        let shop = try SalesShop.make(hammers: String(stock), nailKilos: "100")
        let line = [NewOrderLine(productID: shop.hammer.id, qty: try Quantity(whole: Int64(q))), NewOrderLine(productID: shop.nails.id, qty: pcs(1))]
        let singles = try (0..<30).map { _ in try shop.draft(line).id }
        let batches = try (0..<10).map { _ in
            try shop.sales.create(Array(repeating: NewOrder(clientID: shop.client.id, warehouseID: shop.main.id, lines: line), count: 3),
                                  by: shop.manager, on: shop.connection).map(\.id)
        }
        let nextSingle = Atomic(0)
        let nextBatch = Atomic(0)
        let tally = Mutex(Tally())
        let unexpected = Threads.run(8, connectingTo: shop.db) { thread, connection in
            while true {
                // Half the threads confirm batches, half single orders.
                let batch = thread.isMultiple(of: 2)
                let index = batch ? nextBatch.add(1, ordering: .relaxed).oldValue : nextSingle.add(1, ordering: .relaxed).oldValue
                guard index < (batch ? batches.count : singles.count) else { return }
                do {
                    let ids = batch ? batches[index] : [singles[index]]
                    let confirmed = batch ? try shop.sales.confirm(ids, by: shop.manager, on: connection)
                        : [try shop.sales.confirm(ids[0], by: shop.manager, on: connection)]
                    tally.withLock { $0.confirmed += confirmed.map(\.id) }
                } catch ERPError.insufficientStock {
                    tally.withLock { batch ? ($0.shortBatches += 1) : ($0.shortSingles += 1) }
                }
            }
        }
        let result = tally.withLock { $0 }
        #expect(unexpected.isEmpty, "\(unexpected.prefix(3))")
        let level = try #require(try shop.level(shop.hammer))
        let (confirmedUnits, onHand, oneOrder) = (try Quantity(whole: Int64(result.confirmed.count * q)), try Quantity(whole: Int64(stock)),
                                                  try Quantity(whole: Int64(q)))
        #expect(level.reserved == confirmedUnits)
        #expect(level.reserved <= onHand)
        #expect(result.shortSingles + result.shortBatches > 0)
        // A single order refused as short saw less than one order's worth; nothing was freed after.
        if result.shortSingles > 0 { #expect(level.available < oneOrder) }
        // Every order of a batch was confirmed, or none was.
        let confirmed = Set(result.confirmed)
        for batch in batches { #expect(batch.allSatisfy(confirmed.contains) || !batch.contains(where: confirmed.contains)) }
        let stored = try shop.sales.orders(OrderFilter(status: .confirmed, limit: 500), by: shop.owner, on: shop.connection).items
        #expect(Set(stored.map(\.id)) == confirmed)
        #expect(try shop.violations().isEmpty)
    }
}
