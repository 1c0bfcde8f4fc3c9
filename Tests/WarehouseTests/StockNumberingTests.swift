import Catalog
import ERPCore
import Foundation
import Postgres
import Synchronization
import Testing
import TestSupport

@testable import Warehouse

/// Stock documents take their gapless number in the last statement before COMMIT (issue #20), so
/// the counter row is locked only through that statement and the commit. Numbering must stay what
/// it was: consecutive under concurrency, given back by a rollback, in commit order per series.
@Suite("Numbering of stock documents")
struct StockNumberingTests {
    /// The sequence part of `RCP-2026-000042`.
    private func sequence(_ document: StockDocument) -> Int {
        Int(document.number?.split(separator: "-").last ?? "") ?? -1
    }

    private func receipt(_ shop: Shop, _ product: Product) -> StockCommand {
        .receipt(NewReceipt(warehouseID: shop.main.id, supplierID: shop.supplier.id,
                            lines: [ReceiptLine(productID: product.id, qty: Quantity("1")!, unitCost: Money("10.00")!)]))
    }

    @Test func twoReceiptsCommittingTogetherGetConsecutiveNumbers() throws {
        let shop = try Shop()
        let (first, second) = (receipt(shop, shop.hammer), receipt(shop, shop.nails))
        let (service, keeper) = (shop.service, shop.keeper)
        let rounds = try TwoPartyRace.run(rounds: 20, db: shop.db, setup: { _ in () },
                                          first: { _, connection in try service.post(first, by: keeper, on: connection) },
                                          second: { _, connection in try service.post(second, by: keeper, on: connection) })
        var numbers: [Int] = []
        for round in rounds {
            let pair = [try round.first.get(), try round.second.get()].map(sequence).sorted()
            #expect(pair[1] == pair[0] + 1, "round numbers \(pair)")
            numbers += pair
        }
        #expect(numbers.sorted() == Array(1...40))
        #expect(try shop.violations().isEmpty)
    }

    @Test func aReceiptRolledBackAfterTakingItsNumberGivesItBack() throws {
        let shop = try Shop()
        let (taken, kept) = (receipt(shop, shop.hammer), receipt(shop, shop.nails))
        let (service, keeper) = (shop.service, shop.keeper)
        struct Abandoned: Error {}
        let before = try shop.snapshot()
        let rounds = try TwoPartyRace.run(rounds: 15, db: shop.db, setup: { _ in () },
            first: { _, connection in
                try connection.transaction { tx -> Int in
                    _ = try service.post(taken, by: keeper, in: tx)
                    usleep(20_000)  // holds the number while the other receipt waits for it
                    throw Abandoned()
                }
            },
            second: { _, connection in try service.post(kept, by: keeper, on: connection) })
        let numbers = try rounds.map { round in
            #expect(throws: Abandoned.self) { try round.first.get() }
            return sequence(try round.second.get())
        }
        #expect(numbers == Array(1...15), "the kept receipts got \(numbers)")
        let after = try shop.snapshot()
        #expect(after.documents == before.documents + 15)
        #expect(try shop.violations().isEmpty)
    }

    /// Once a posting's commit returns, every lower number of its series is committed too: a
    /// number is never seen before the ones under it. Receipts and transfers race together; each
    /// series counts on its own.
    @Test func numbersFollowCommitOrderPerSeries() throws {
        let shop = try Shop()
        try shop.receive([(shop.hammer, "1000", "10.00")])
        let (service, keeper, db) = (shop.service, shop.keeper, shop.db)
        let command = receipt(shop, shop.nails)
        let transfer = StockCommand.transfer(NewTransfer(fromWarehouseID: shop.main.id, toWarehouseID: shop.shop.id,
                                                         lines: [StockLine(productID: shop.hammer.id, qty: Quantity("1")!)]))
        let failures = Mutex<[String]>([])
        Threads.run(8) { worker in
            do {
                let connection = try db.connect()
                for _ in 0..<10 {
                    let document = try service.post(worker % 2 == 0 ? command : transfer, by: keeper, on: connection)
                    let committed = try connection.query("""
                        SELECT count(*) FROM stock_documents WHERE type = \(document.type.rawValue) AND number <= \(document.number)
                        """).single().decode(0, as: Int64.self)
                    if committed != Int64(sequence(document)) {
                        failures.withLock { $0.append("\(document.number ?? "") saw \(committed) committed at or below it") }
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        let numbers = try shop.connection.query("""
            SELECT type, count(*), max(number) FROM stock_documents WHERE type IN ('receipt', 'transfer') GROUP BY type ORDER BY type
            """).map { "\(try $0.decode(0, as: String.self)) \(try $0.decode(1, as: Int64.self)) \(try $0.decode(2, as: String.self))" }
        #expect(numbers == ["receipt 41 RCP-2026-000041", "transfer 40 TRF-2026-000040"])
        #expect(try shop.violations().isEmpty)
    }
}
