import Catalog
import ERPCore
import Foundation
import Testing
import TestSupport
import Warehouse

@testable import Sales

@Suite("Shipping many orders in one batch")
struct BatchShipmentsTests {
    /// Three confirmed orders in `shop`: hammers, nails with a hammer and a delivery, and more hammers.
    private func threeOrders(in shop: SalesShop) throws -> [SalesOrder] {
        let orders = [
            try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("2")!)]),
            try shop.draft([NewOrderLine(productID: shop.nails.id, qty: Quantity("1.5")!), NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!),
                            NewOrderLine(productID: shop.delivery.id, qty: Quantity("1")!)], for: shop.otherClient, by: shop.owner),
            try shop.draft([NewOrderLine(productID: shop.hammer.id, qty: Quantity("4")!), NewOrderLine(productID: shop.nails.id, qty: Quantity("2")!)]),
        ]
        return try orders.map { try shop.sales.confirm($0.id, by: shop.owner, on: shop.connection) }
    }

    /// What the ledger and the orders hold after shipping, ids and all.
    private func ledger(of shop: SalesShop) throws -> String {
        try shop.connection.query("""
            SELECT (SELECT string_agg(concat_ws(':', id, at, product_id, warehouse_id, qty, cost_minor, kind, document_type, document_id, actor_login),
                                      ',' ORDER BY id) FROM stock_moves) || '/' ||
                   (SELECT string_agg(concat_ws(':', id, number, order_id, shipped_at, shipped_by_login), ',' ORDER BY id) FROM shipments) || '/' ||
                   (SELECT string_agg(concat_ws(':', shipment_id, product_id, qty, cost_minor), ',' ORDER BY shipment_id, product_id)
                    FROM shipment_lines) || '/' ||
                   (SELECT string_agg(concat_ws(':', order_id, product_id, reserved, shipped, shipped_cost_minor), ',' ORDER BY order_id, line_no)
                    FROM sales_order_lines) || '/' ||
                   (SELECT string_agg(concat_ws(':', id, status, version), ',' ORDER BY id) FROM sales_orders) || '/' ||
                   (SELECT string_agg(concat_ws(':', product_id, warehouse_id, on_hand, reserved, value_minor), ',' ORDER BY product_id, warehouse_id)
                    FROM stock_levels) || '/' ||
                   (SELECT string_agg(concat_ws(':', hour, client_id, product_id, manager_id, qty, revenue_minor, cost_minor), ','
                                      ORDER BY hour, client_id, product_id, manager_id) FROM sales_revenue_hours) || '/' ||
                   (SELECT string_agg(concat_ws(':', action, entity_id, change::text), ',' ORDER BY id) FROM audit_log WHERE action = 'order.ship') || '/' ||
                   (SELECT string_agg(concat_ws(':', type, entity_id, data::text), ',' ORDER BY id) FROM change_events WHERE type = 'order.shipped')
            """).single().decode(0, as: String.self)
    }

    @Test func aBatchLeavesTheSameLedgerAsOneCallPerOrder() throws {
        let (single, batched) = (try SalesShop.make(), try SalesShop.make())
        let requests = [ShipRequest(), ShipRequest(), ShipRequest(lines: [OrderQuantity(productID: single.hammer.id, qty: Quantity("3")!)])]
        let one = try threeOrders(in: single)
        let each = try zip(one, requests).map { try single.sales.ship($0.id, $1, by: single.keeper, on: single.connection) }
        let many = try threeOrders(in: batched)
        let together = try batched.sales.ship(zip(many, requests).map { OrderShipment(orderID: $0.id, request: $1) },
                                              by: batched.keeper, on: batched.connection)

        #expect(try ledger(of: batched) == ledger(of: single))
        #expect(together.map(\.shipment) == each.map(\.shipment))
        #expect(together.map(\.order) == each.map(\.order))
        #expect(together.map(\.order.status) == [.shipped, .shipped, .partiallyShipped])
        // What the batch returns is what is stored.
        #expect(try together.map { try batched.sales.order($0.order.id, by: batched.owner, on: batched.connection) } == together.map(\.order))
        #expect(try batched.violations().isEmpty)
    }

    @Test func oneBadOrderRefusesTheWholeBatchAndChangesNothing() throws {
        let shop = try SalesShop.make()
        let orders = try threeOrders(in: shop)
        let before = try shop.snapshot()
        let tooMany = ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("5")!)])
        let error = try #require(throws: ERPError.self) {
            try shop.sales.ship([OrderShipment(orderID: orders[0].id), OrderShipment(orderID: orders[2].id, request: tooMany)],
                                by: shop.keeper, on: shop.connection)
        }
        #expect(error.fields?.keys.sorted() == ["orders[1].lines[0].qty"])
        #expect(try shop.snapshot() == before)
        #expect(throws: ERPError.validationFailed(fields: ["orders": "names an order more than once"])) {
            try shop.sales.ship([OrderShipment(orderID: orders[0].id), OrderShipment(orderID: orders[0].id)], by: shop.keeper, on: shop.connection)
        }
        #expect(throws: ERPError.forbidden(action: "ship orders or take returns")) {
            try shop.sales.ship([OrderShipment(orderID: orders[0].id)], by: shop.manager, on: shop.connection)
        }
        #expect(throws: ERPError.notFound(entity: "order", id: "999999")) {
            try shop.sales.ship([OrderShipment(orderID: orders[0].id), OrderShipment(orderID: SalesOrderID(rawValue: 999_999))],
                                by: shop.keeper, on: shop.connection)
        }
        _ = try shop.sales.ship(orders[1].id, by: shop.keeper, on: shop.connection)
        let shippedOne = try shop.snapshot()
        #expect(throws: ERPError.invalidState(entity: "order", current: "shipped", action: "ship")) {
            try shop.sales.ship([OrderShipment(orderID: orders[0].id), OrderShipment(orderID: orders[1].id)], by: shop.keeper, on: shop.connection)
        }
        #expect(try shop.snapshot() == shippedOne)
        #expect(shippedOne != before)
    }
}
