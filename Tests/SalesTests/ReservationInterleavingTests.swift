import Catalog
import ERPCore
import Foundation
import Postgres
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Sales

/// Two parties touching one stock level at the same instant, many rounds over: whatever the
/// interleaving, a confirmed order holds exactly what it reserved, a release gives back exactly
/// that once, and `erp check` stays clean.
@Suite("Reservation interleavings")
struct ReservationInterleavingTests {
    private static let rounds = 40

    /// Makes exactly one hammer available in `shop.main`, then drafts an order for two.
    private func oneShortOfTwo(_ shop: SalesShop) throws -> SalesOrder {
        let available = try shop.level(shop.hammer)?.available ?? .zero
        let one = pcs(1)
        if available < one {
            _ = try shop.stock.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
                ReceiptLine(productID: shop.hammer.id, qty: try one - available, unitCost: Money("300.00")!)])), by: shop.owner, on: shop.connection)
        } else if available > one {
            _ = try shop.stock.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .shrinkage, lines: [
                StockLine(productID: shop.hammer.id, qty: try available - one)])), by: shop.owner, on: shop.connection)
        }
        return try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: pcs(2))])
    }

    /// Every confirmation that succeeded holds its two hammers, in the order and in the level.
    private func expectConfirmedOrdersHoldTheirStock(_ shop: SalesShop, _ confirmed: [SalesOrder]) throws {
        for order in confirmed {
            let stored = try shop.sales.order(order.id, by: shop.owner, on: shop.connection)
            #expect(stored.lines.first?.reserved == pcs(2))
        }
        let open = try shop.sales.orders(OrderFilter(status: .confirmed, limit: 500), by: shop.owner, on: shop.connection).items
        #expect(try shop.level(shop.hammer)?.reserved == pcs(Int64(2 * open.count)))
        let violations = try shop.violations()
        #expect(violations.isEmpty, "\(violations)")
    }

    /// A confirmation racing a posting that adds the missing unit: short, or confirmed with the
    /// stock really reserved — never confirmed on stock it did not take.
    private func raceConfirm(in shop: SalesShop? = nil, against posting: @escaping @Sendable (SalesShop, Connection) throws -> Void) throws {
        let shop = try shop ?? SalesShop.make(hammers: "1")
        let (sales, manager) = (shop.sales, shop.manager)
        let rounds = try TwoPartyRace.run(
            rounds: Self.rounds, db: shop.db, setup: { _ in try oneShortOfTwo(shop) },
            first: { order, connection in try sales.confirm(order.id, by: manager, on: connection) },
            second: { _, connection in try posting(shop, connection) })
        var confirmed: [SalesOrder] = []
        for round in rounds {
            if case .failure(let error) = round.second { Issue.record("the posting failed: \(error)") }
            switch round.first {
            case .success(let order): confirmed.append(order)
            case .failure(ERPError.insufficientStock): break
            case .failure(let error): Issue.record("confirm failed unexpectedly: \(error)")
            }
        }
        try expectConfirmedOrdersHoldTheirStock(shop, confirmed)
    }

    @Test func confirmRacingAReceiptNeverConfirmsWithoutReserving() throws {
        try raceConfirm { shop, connection in
            _ = try shop.stock.post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
                ReceiptLine(productID: shop.hammer.id, qty: pcs(1), unitCost: Money("310.00")!)])), by: shop.keeper, on: connection)
        }
    }

    @Test func confirmRacingATransferInNeverConfirmsWithoutReserving() throws {
        let shop = try SalesShop.make(hammers: "1")
        let branch = try shop.stock.create(NewWarehouse(code: "BR", name: "Branch"), by: shop.owner, on: shop.connection)
        _ = try shop.stock.post(.receipt(NewReceipt(warehouseID: branch.id, lines: [
            ReceiptLine(productID: shop.hammer.id, qty: pcs(100), unitCost: Money("280.00")!)])), by: shop.owner, on: shop.connection)
        try raceConfirm(in: shop) { shop, connection in
            _ = try shop.stock.post(.transfer(NewTransfer(fromWarehouseID: branch.id, toWarehouseID: shop.main.id, lines: [
                StockLine(productID: shop.hammer.id, qty: pcs(1))])), by: shop.keeper, on: connection)
        }
    }

    @Test func confirmRacingACountThatFindsOneMoreNeverConfirmsWithoutReserving() throws {
        try raceConfirm { shop, connection in
            let onHand = try shop.level(shop.hammer)?.onHand ?? .zero
            _ = try shop.stock.post(.stockCount(NewStockCount(warehouseID: shop.main.id, lines: [
                CountLine(productID: shop.hammer.id, countedQty: try onHand + pcs(1))])), by: shop.keeper, on: connection)
        }
    }

    @Test func shipRacingCancelLetsExactlyOneWin() throws {
        let shop = try SalesShop.make(hammers: "200")
        let (sales, manager, keeper) = (shop.sales, shop.manager, shop.keeper)
        let rounds = try TwoPartyRace.run(
            rounds: Self.rounds, db: shop.db, setup: { _ in try shop.confirmedHammers("2") },
            first: { order, connection in try sales.ship(order.id, by: keeper, on: connection).order },
            second: { order, connection in try sales.cancel(order.id, by: manager, on: connection) })
        for round in rounds {
            switch (round.first, round.second) {
            case (.success(let shipped), .failure(ERPError.invalidState)): #expect(shipped.status == .shipped)
            case (.failure(ERPError.invalidState), .success(let cancelled)): #expect(cancelled.status == .cancelled)
            default: Issue.record("ship \(round.first) and cancel \(round.second) of one order")
            }
        }
        #expect(try shop.level(shop.hammer)?.reserved == .zero)
        #expect(try shop.violations().isEmpty)
    }

    @Test func cancelRacingReleaseStaleReleasesTheReservationOnce() throws {
        let shop = try SalesShop.make(hammers: "200")
        let later = SalesService(time: .fixed(SalesShop.now.addingTimeInterval(10 * 86_400)))
        let (sales, manager, owner) = (shop.sales, shop.manager, shop.owner)
        let rounds = try TwoPartyRace.run(
            rounds: Self.rounds, db: shop.db, setup: { _ in try shop.confirmedHammers("3") },
            first: { order, connection in try sales.cancel(order.id, by: manager, on: connection) },
            second: { _, connection in try later.releaseStale(olderThan: 7, by: owner, on: connection) })
        for round in rounds {
            let releasedByStale = (try? round.second.get())?.contains { $0.orderID == round.state.id } ?? false
            switch round.first {
            case .success: #expect(!releasedByStale)
            case .failure(ERPError.invalidState): #expect(releasedByStale)
            case .failure(let error): Issue.record("cancel failed unexpectedly: \(error)")
            }
            if case .failure(let error) = round.second { Issue.record("release-stale failed: \(error)") }
        }
        #expect(try shop.level(shop.hammer)?.reserved == .zero)
        #expect(try shop.violations().isEmpty)
    }

    @Test func returnRacingCancelOfAPartlyShippedOrderKeepsBothExact() throws {
        let shop = try SalesShop.make(hammers: "200")
        let (sales, manager, keeper, hammer) = (shop.sales, shop.manager, shop.keeper, shop.hammer.id)
        let rounds = try TwoPartyRace.run(
            rounds: Self.rounds, db: shop.db,
            setup: { _ in
                let order = try shop.confirmedHammers("3")
                return try sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: hammer, qty: pcs(2))]),
                                      by: keeper, on: shop.connection).order
            },
            first: { order, connection in
                try sales.takeReturn(ReturnRequest(reason: .notNeeded, lines: [OrderQuantity(productID: hammer, qty: pcs(1))]),
                                     against: order.id, by: keeper, on: connection).order
            },
            second: { order, connection in try sales.cancel(order.id, by: manager, on: connection) })
        for round in rounds {
            if case .failure(let error) = round.first { Issue.record("the return failed: \(error)") }
            if case .failure(let error) = round.second { Issue.record("the cancel failed: \(error)") }
            let order = try sales.order(round.state.id, by: shop.owner, on: shop.connection)
            #expect(order.status == .cancelled)
            #expect(order.lines.first?.reserved == .zero)
            #expect(order.lines.first?.returned == pcs(1))
        }
        #expect(try shop.level(shop.hammer)?.reserved == .zero)
        #expect(try shop.violations().isEmpty)
    }
}
