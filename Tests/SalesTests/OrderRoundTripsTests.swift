import Catalog
import ERPCore
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Sales

/// What an order's create, confirm and ship cost in round trips to the database (issue #20): a
/// small constant, whatever the line count. Measured after a first cycle, so every statement is
/// already prepared on the connection (preparing is once per session).
@Suite("Round trips of an order's life")
struct OrderRoundTripsTests {
    /// The round trips of creating, confirming and shipping an order of `lines`.
    private func cycle(_ shop: SalesShop, _ lines: [NewOrderLine]) throws -> (create: Int, confirm: Int, ship: Int) {
        var order: SalesOrder?
        let create = try shop.connection.roundTripsTaken { order = try shop.draft(lines) }
        let id = try #require(order).id
        let confirm = try shop.connection.roundTripsTaken { _ = try shop.sales.confirm(id, by: shop.manager, on: shop.connection) }
        let ship = try shop.connection.roundTripsTaken { _ = try shop.sales.ship(id, by: shop.owner, on: shop.connection) }
        return (create, confirm, ship)
    }

    @Test func createConfirmAndShipTakeAsManyRoundTripsForThreeLinesAsForOne() throws {
        let shop = try SalesShop.make(hammers: "100", nailKilos: "100")
        let hammer = NewOrderLine(productID: shop.hammer.id, qty: pcs(1))
        _ = try cycle(shop, [hammer])
        let one = try cycle(shop, [hammer])
        let three = try cycle(shop, [hammer, NewOrderLine(productID: shop.nails.id, qty: pcs(2)),
                                     NewOrderLine(productID: shop.delivery.id, qty: pcs(1))])
        #expect(three.create == one.create)
        #expect(three.confirm == one.confirm)
        #expect(three.ship == one.ship)
        // The answer names the client and the warehouse (one lookup each in their modules; create
        // knows the client already; its number is taken in its INSERT), and a shipment adds to the
        // hourly, daily and monthly revenue aggregates (one statement) and to the movements
        // report's totals (in the posting's statement); the audit rows and change events ride with
        // the next statement or COMMIT (tail writes).
        #expect(one.create <= 12, "create: \(one.create) round trips")
        #expect(one.confirm <= 11, "confirm: \(one.confirm) round trips")
        #expect(one.ship <= 15, "ship: \(one.ship) round trips")
        #expect(try shop.violations().isEmpty)
    }

    /// Create, confirm, ship and cancel build their answer from what they wrote instead of
    /// reading the order back: the answer must be the order as stored, field for field.
    @Test func eachTransitionAnswersTheOrderAsStored() throws {
        let shop = try SalesShop.make(hammers: "100", nailKilos: "100")
        let lines = [NewOrderLine(productID: shop.hammer.id, qty: pcs(3)), NewOrderLine(productID: shop.nails.id, qty: Quantity("2.5")!),
                     NewOrderLine(productID: shop.delivery.id, qty: pcs(1))]
        func stored(_ order: SalesOrder) throws -> SalesOrder { try shop.sales.order(order.id, by: shop.owner, on: shop.connection) }
        let created = try shop.draft(lines, by: shop.owner)
        #expect(try stored(created) == created)
        let confirmed = try shop.sales.confirm(created.id, by: shop.manager, on: shop.connection)
        #expect(try stored(confirmed) == confirmed)
        let partly = try shop.sales.ship(created.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: pcs(1))]),
                                         by: shop.keeper, on: shop.connection).order
        #expect(partly.status == .partiallyShipped)
        #expect(try stored(partly) == partly)
        let shipped = try shop.sales.ship(created.id, by: shop.keeper, on: shop.connection).order
        #expect(shipped.status == .shipped)
        #expect(try stored(shipped) == shipped)
        let other = try shop.sales.confirm(try shop.draft(lines).id, by: shop.manager, on: shop.connection)
        let cancelled = try shop.sales.cancel(other.id, by: shop.manager, on: shop.connection)
        #expect(cancelled.lines.allSatisfy { $0.reserved == .zero })
        #expect(try stored(cancelled) == cancelled)
        #expect(try shop.violations().isEmpty)
    }
}
