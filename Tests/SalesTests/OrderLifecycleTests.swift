import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport

@testable import Sales

@Suite("OrderLifecycle")
struct OrderLifecycleTests {
    @Test func confirmReservesEveryGoodsLineAndNeverAService() throws {
        let shop = try SalesShop.make()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("4")!),
                                    NewOrderLine(productID: shop.delivery.id, qty: Quantity("1")!)])
        let confirmed = try shop.sales.confirm(order.id, by: shop.manager, on: shop.connection)
        #expect(confirmed.status == .confirmed && confirmed.confirmedAt == SalesShop.now)
        #expect(confirmed.lines.map(\.reserved) == [Quantity("4"), .zero])
        #expect(try shop.level(shop.hammer)?.reserved == Quantity("4"))
        #expect(try shop.level(shop.hammer)?.available == Quantity("6"))
        #expect(try shop.violations().isEmpty)
    }

    @Test func confirmRejectsWhenAnyLineIsShortNamingEveryShortLine() throws {
        let shop = try SalesShop.make()
        let order = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("11")!),
                                    NewOrderLine(productID: shop.nails.id, qty: Quantity("2")!),
                                    NewOrderLine(productID: shop.delivery.id, qty: Quantity("1")!)])
        _ = try shop.confirmedHammers("1")
        let other = try shop.draft([NewOrderLine(productID: shop.nails.id, qty: Quantity("4")!)])
        _ = try shop.sales.confirm(other.id, by: shop.manager, on: shop.connection)
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.sales.confirm(order.id, by: shop.manager, on: shop.connection) }
        #expect(error.shortLines == [
            ShortLine(product: shop.hammer.id, requested: Quantity("11")!, available: Quantity("9")!),
            ShortLine(product: shop.nails.id, requested: Quantity("2")!, available: Quantity("1")!),
        ])
        #expect(try shop.snapshot() == before)
        #expect(try shop.sales.order(order.id, by: shop.manager, on: shop.connection).status == .draft)
    }

    @Test func impossibleTransitionsAreInvalidStateAndChangeNothing() throws {
        let shop = try SalesShop.make()
        let draft = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)])
        let before = try shop.snapshot()
        #expect(throws: ERPError.invalidState(entity: "order", current: "draft", action: "ship")) {
            try shop.sales.ship(draft.id, by: shop.keeper, on: shop.connection)
        }
        #expect(throws: ERPError.invalidState(entity: "order", current: "draft", action: "return")) {
            try shop.sales.takeReturn(ReturnRequest(reason: .defective, lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                      against: draft.id, by: shop.keeper, on: shop.connection)
        }
        #expect(try shop.snapshot() == before)
        let confirmed = try shop.sales.confirm(draft.id, by: shop.manager, on: shop.connection)
        #expect(throws: ERPError.invalidState(entity: "order", current: "confirmed", action: "confirm")) {
            try shop.sales.confirm(confirmed.id, by: shop.manager, on: shop.connection)
        }
        _ = try shop.sales.ship(draft.id, by: shop.keeper, on: shop.connection)
        let afterShip = try shop.snapshot()
        #expect(throws: ERPError.invalidState(entity: "order", current: "shipped", action: "cancel")) {
            try shop.sales.cancel(draft.id, by: shop.manager, on: shop.connection)
        }
        #expect(throws: ERPError.invalidState(entity: "order", current: "shipped", action: "ship")) {
            try shop.sales.ship(draft.id, by: shop.keeper, on: shop.connection)
        }
        #expect(try shop.snapshot() == afterShip)
    }

    @Test func cancelReleasesExactlyWhatIsStillReserved() throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("5")
        _ = try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("2")!)]),
                                by: shop.keeper, on: shop.connection)
        #expect(try shop.level(shop.hammer)?.reserved == Quantity("3"))
        let cancelled = try shop.sales.cancel(order.id, by: shop.manager, on: shop.connection)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.lines[0].reserved == .zero && cancelled.lines[0].shipped == Quantity("2"))
        #expect(try shop.level(shop.hammer)?.reserved == .zero)
        #expect(try shop.level(shop.hammer)?.onHand == Quantity("8"))
        #expect(try shop.violations().isEmpty)
        let draft = try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)])
        #expect(try shop.sales.cancel(draft.id, by: shop.manager, on: shop.connection).status == .cancelled)
    }

    @Test func releaseStaleCancelsOldUnshippedConfirmationsOnlyForOwners() throws {
        let shop = try SalesShop.make()
        let stale = try shop.confirmedHammers("3")
        let started = try shop.confirmedHammers("2")
        _ = try shop.sales.ship(started.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                by: shop.keeper, on: shop.connection)
        let later = SalesService(time: .fixed(SalesShop.now.addingTimeInterval(8 * 86_400)))
        #expect(throws: ERPError.forbidden(action: "release stale orders")) {
            try later.releaseStale(olderThan: 7, by: shop.manager, on: shop.connection)
        }
        #expect(try later.releaseStale(olderThan: 9, by: shop.owner, on: shop.connection).isEmpty)
        let released = try later.releaseStale(olderThan: 7, by: shop.owner, on: shop.connection)
        #expect(released.map(\.orderID) == [stale.id])
        #expect(released[0].released == [OrderQuantity(productID: shop.hammer.id, qty: Quantity("3")!)])
        #expect(try shop.level(shop.hammer)?.reserved == Quantity("1"))
        #expect(try shop.violations().isEmpty)
    }
}
