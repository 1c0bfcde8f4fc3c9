import Catalog
import ERPCore
import Foundation
import Synchronization
import Testing
import TestSupport
import Warehouse

@testable import Sales

/// Many managers selling the last units at the same moment: every promise can be kept.
@Suite("Reservation race")
struct ReservationRaceTests {
    private struct Tally {
        var confirmed: [SalesOrderID] = []
        var short = 0
        var unexpected: [String] = []
    }

    /// Confirms every order from `connections` threads at once.
    private func race(_ orders: [SalesOrder], connections: Int, shop: SalesShop) -> Tally {
        let next = Atomic(0)
        let tally = Mutex(Tally())
        let unexpected = Threads.run(connections, connectingTo: shop.db) { _, connection in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < orders.count else { return }
                do {
                    let order = try shop.sales.confirm(orders[index].id, by: shop.manager, on: connection)
                    tally.withLock { $0.confirmed.append(order.id) }
                } catch ERPError.insufficientStock {
                    tally.withLock { $0.short += 1 }
                }
            }
        }
        return tally.withLock { $0.unexpected = unexpected; return $0 }
    }

    @Test func hundredConfirmationsForTheLastUnitsGiveExactlyWhatIsThere() throws {
        let (stock, q) = (37, 3)
        let shop = try SalesShop.make(hammers: String(stock))
        let orders = try (0..<100).map { _ in try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity(whole: Int64(q)))]) }
        let result = race(orders, connections: 16, shop: shop)
        #expect(result.unexpected.isEmpty, "\(result.unexpected.prefix(3))")
        #expect(result.confirmed.count == stock / q)
        #expect(result.short == 100 - stock / q)
        #expect(try shop.level(shop.hammer)?.reserved == Quantity(whole: Int64(stock / q * q)))
        let statuses = try shop.sales.orders(OrderFilter(status: .confirmed, limit: 500), by: shop.owner, on: shop.connection).items
        #expect(Set(statuses.map(\.id)) == Set(result.confirmed))
        #expect(try shop.violations().isEmpty)
    }

    @Test func multiProductOrdersRacingInOppositeLineOrdersNeverSurfaceADeadlock() throws {
        let shop = try SalesShop.make(hammers: "40", nailKilos: "40")
        let orders = try (0..<40).map { index in
            let lines = [NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!), NewOrderLine(productID: shop.nails.id, qty: Quantity("1")!)]
            return try shop.draft(index.isMultiple(of: 2) ? lines : lines.reversed())
        }
        let result = race(orders, connections: 8, shop: shop)
        #expect(result.unexpected.isEmpty, "\(result.unexpected.prefix(3))")
        #expect(result.confirmed.count == 40)
        #expect(try shop.level(shop.nails)?.available == .zero)
        #expect(try shop.violations().isEmpty)
    }
}
