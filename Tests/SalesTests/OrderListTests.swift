import ERPCore
import Testing
import TestShop
import TestSupport

@testable import Sales

/// Order lists answer summaries (issue #20): no lines, their count and the client's name and the
/// warehouse's code beside the ids, in as many round trips for a page of many orders as for one.
@Suite("Order list")
struct OrderListTests {
    @Test func listsSummariesWithLineCountsAndNamesInAsManyRoundTripsForSixOrdersAsForOne() throws {
        let shop = try SalesShop.make(hammers: "100", nailKilos: "100")
        let lines = [NewOrderLine(productID: shop.hammer.id, qty: pcs(1)), NewOrderLine(productID: shop.nails.id, qty: pcs(2)),
                     NewOrderLine(productID: shop.delivery.id, qty: pcs(1))]
        let first = try shop.draft(lines)
        let list = { try shop.sales.orders(OrderFilter(), by: shop.owner, on: shop.connection) }
        _ = try list()  // the statements prepared on the connection, as in a running server
        var one: Page<OrderSummary>?
        let tripsForOne = try shop.connection.roundTripsTaken { one = try list() }
        for _ in 0..<5 { _ = try shop.draft(lines) }
        var six: Page<OrderSummary>?
        let tripsForSix = try shop.connection.roundTripsTaken { six = try list() }
        #expect(tripsForSix == tripsForOne)
        let summary = try #require(one?.items.first)
        #expect(summary.id == first.id && summary.lineCount == 3 && summary.total == first.totals.gross)
        #expect(summary.clientName == shop.client.name && summary.warehouseCode == shop.main.code)
        #expect(six?.items.count == 6 && six?.items.allSatisfy { $0.lineCount == 3 && $0.total == first.totals.gross } == true)
    }
}
