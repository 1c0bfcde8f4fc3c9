import Catalog
import ERPCore
import Foundation
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Sales

@Suite("Creating and confirming many orders in one batch")
struct BatchOrdersTests {
    /// Three orders the owner takes: hammers with a comment; nails, a discounted hammer and a
    /// delivery for the other client; more hammers and nails.
    private func commands(in shop: SalesShop) throws -> [NewOrder] {
        [NewOrder(clientID: shop.client.id, warehouseID: shop.main.id, comment: "Самовывоз",
                  lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(2))]),
         NewOrder(clientID: shop.otherClient.id, warehouseID: shop.main.id,
                  lines: [NewOrderLine(productID: shop.nails.id, qty: Quantity("1.5")!),
                          NewOrderLine(productID: shop.hammer.id, qty: pcs(1), discountPct: try Percentage(basisPoints: 500)),
                          NewOrderLine(productID: shop.delivery.id, qty: pcs(1))]),
         NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                  lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(4)), NewOrderLine(productID: shop.nails.id, qty: pcs(2))])]
    }

    /// What the orders, their lines, the levels, the orders' audit records and change events hold, ids and all.
    private func rows(of shop: SalesShop) throws -> String {
        try shop.connection.query("""
            SELECT (SELECT string_agg(concat_ws(':', id, number, status, client_id, warehouse_id, manager_id, comment, prices_include_vat,
                                                net_minor, vat_minor, gross_minor, created_at, created_by_login, confirmed_at, version),
                                      ',' ORDER BY id) FROM sales_orders) || '/' ||
                   (SELECT string_agg(concat_ws(':', order_id, line_no, product_id, qty, price_minor, discount_bp, vat_rate, net_minor,
                                                vat_minor, gross_minor, stocked, reserved), ',' ORDER BY order_id, line_no)
                    FROM sales_order_lines) || '/' ||
                   (SELECT string_agg(concat_ws(':', product_id, warehouse_id, on_hand, reserved), ',' ORDER BY product_id, warehouse_id)
                    FROM stock_levels) || '/' ||
                   (SELECT string_agg(concat_ws(':', action, entity_id, change::text), ',' ORDER BY id) FROM audit_log
                    WHERE action LIKE 'order.%') || '/' ||
                   (SELECT string_agg(concat_ws(':', type, entity_id, data::text), ',' ORDER BY id) FROM change_events
                    WHERE type LIKE 'order.%') || '/' ||
                   (SELECT string_agg(concat_ws(':', series, year, last_number), ',' ORDER BY series) FROM document_counters)
            """).single().decode(0, as: String.self)
    }

    @Test func aBatchWritesTheSameRowsAsOneCallPerOrder() throws {
        let (single, batched) = (try SalesShop.make(), try SalesShop.make())
        let created = try commands(in: single).map { try single.sales.create($0, by: single.owner, on: single.connection) }
        let confirmed = try created.map { try single.sales.confirm($0.id, by: single.owner, on: single.connection) }
        let createdTogether = try batched.sales.create(try commands(in: batched), by: batched.owner, on: batched.connection)
        #expect(createdTogether == created)
        let confirmedTogether = try batched.sales.confirm(createdTogether.map(\.id), by: batched.owner, on: batched.connection)

        #expect(try rows(of: batched) == rows(of: single))
        #expect(confirmedTogether == confirmed)
        #expect(confirmedTogether.map(\.number) == ["SO-2026-000001", "SO-2026-000002", "SO-2026-000003"])
        #expect(try batched.level(batched.hammer)?.reserved == pcs(7))
        // What the batch returns is what is stored.
        #expect(try confirmedTogether.map { try batched.sales.order($0.id, by: batched.owner, on: batched.connection) } == confirmedTogether)
        #expect(try batched.violations().isEmpty)
    }

    @Test func oneBadOrderRefusesTheWholeCreateAndChangesNothing() throws {
        let shop = try SalesShop.make()
        var orders = try commands(in: shop)
        orders[1].lines[0].qty = .zero
        orders[2].comment = String(repeating: "я", count: 2001)
        let before = try shop.snapshot()
        let error = try #require(throws: ERPError.self) { try shop.sales.create(orders, by: shop.owner, on: shop.connection) }
        #expect(error.fields?.keys.sorted() == ["orders[1].lines[0].qty", "orders[2].comment"])
        #expect(try shop.snapshot() == before)
        #expect(throws: ERPError.notFound(entity: "party", id: String(shop.otherClient.id.rawValue))) {
            try shop.sales.create(try commands(in: shop), by: shop.manager, on: shop.connection)
        }
        #expect(try shop.snapshot() == before)
        #expect(try shop.sales.create([], by: shop.owner, on: shop.connection).isEmpty)
    }

    @Test func aShortLineRefusesTheWholeConfirmNamingTheOrderAndLine() throws {
        let shop = try SalesShop.make(hammers: "10")
        var orders = try commands(in: shop)
        orders.append(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                               lines: [NewOrderLine(productID: shop.nails.id, qty: pcs(1)), NewOrderLine(productID: shop.hammer.id, qty: pcs(5))]))
        let drafts = try shop.sales.create(orders, by: shop.owner, on: shop.connection)
        let before = try shop.snapshot()
        // The first three take 7 of the 10 hammers; the fourth asks for 5 of the 3 left.
        #expect(throws: ERPError.insufficientStock(lines: [ShortLine(product: shop.hammer.id, requested: pcs(5), available: pcs(3),
                                                                     field: "orders[3].lines[1]")])) {
            try shop.sales.confirm(drafts.map(\.id), by: shop.owner, on: shop.connection)
        }
        #expect(try shop.snapshot() == before)
        #expect(throws: ERPError.validationFailed(fields: ["orders": "names an order more than once"])) {
            try shop.sales.confirm([drafts[0].id, drafts[0].id], by: shop.owner, on: shop.connection)
        }
        #expect(throws: ERPError.notFound(entity: "order", id: String(drafts[1].id.rawValue))) {
            try shop.sales.confirm([drafts[0].id, drafts[1].id], by: shop.manager, on: shop.connection)
        }
        _ = try shop.sales.confirm(drafts[2].id, by: shop.owner, on: shop.connection)
        let confirmedOne = try shop.snapshot()
        #expect(throws: ERPError.invalidState(entity: "order", current: "confirmed", action: "confirm")) {
            try shop.sales.confirm([drafts[0].id, drafts[2].id], by: shop.owner, on: shop.connection)
        }
        #expect(try shop.snapshot() == confirmedOne)
        #expect(confirmedOne != before)
        #expect(try shop.violations().isEmpty)
    }

    /// A batch costs as many round trips as an order alone: one statement per table whatever the count.
    @Test func aBatchOfThreeTakesAsManyRoundTripsAsABatchOfOne() throws {
        let shop = try SalesShop.make(hammers: "100", nailKilos: "100")
        let order = NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                             lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1)), NewOrderLine(productID: shop.nails.id, qty: pcs(1))])
        func cycle(_ count: Int) throws -> (create: Int, confirm: Int) {
            var drafts: [SalesOrder] = []
            let create = try shop.connection.roundTripsTaken {
                drafts = try shop.sales.create(Array(repeating: order, count: count), by: shop.manager, on: shop.connection)
            }
            let confirm = try shop.connection.roundTripsTaken {
                _ = try shop.sales.confirm(drafts.map(\.id), by: shop.manager, on: shop.connection)
            }
            return (create, confirm)
        }
        _ = try cycle(1)
        let (one, three) = (try cycle(1), try cycle(3))
        #expect(three.create == one.create)
        #expect(three.confirm == one.confirm)
        #expect(try shop.violations().isEmpty)
    }
}
