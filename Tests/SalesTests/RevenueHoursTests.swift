import Catalog
import ERPCore
import Foundation
import Postgres
import Testing
import TestSupport
import Warehouse

@testable import Sales

@Suite("Revenue by hour")
struct RevenueHoursTests {
    /// The aggregate's rows: hour, product, quantity, revenue, cost.
    private func rows(_ shop: SalesShop) throws -> [String] {
        try shop.connection.query("""
            SELECT hour::text || ' ' || product_id || ' ' || qty || ' ' || revenue_minor || ' ' || cost_minor
            FROM sales_revenue_hours ORDER BY hour, product_id
            """).map { try $0.decode(0, as: String.self) }
    }

    /// The shipped lines summed by hour and product, as the ledger says.
    private func shippedLines(_ shop: SalesShop) throws -> [String] {
        try shop.connection.query("""
            SELECT date_trunc('hour', shipped_at)::text || ' ' || product_id || ' ' || sum(qty) || ' ' || sum(revenue_minor) || ' ' || sum(cost_minor)
            FROM sales_shipped_lines_view GROUP BY date_trunc('hour', shipped_at), product_id ORDER BY 1
            """).map { try $0.decode(0, as: String.self) }
    }

    @Test func shipmentsInTheSameHourAddUpInOneRowEqualToTheirLines() throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("5")
        _ = try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("2")!)]),
                                by: shop.keeper, on: shop.connection)
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        let stored = try rows(shop)
        #expect(stored.count == 1)
        #expect(stored == (try shippedLines(shop)))
        #expect(stored.first?.contains(" 5000 ") == true, "\(stored)")  // 5 pieces in thousandths
        #expect(try shop.violations().isEmpty)
    }

    @Test func aRefusedShipmentAddsNothing() throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("2")
        let before = try rows(shop)
        #expect(throws: ERPError.self) {
            try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("3")!)]),
                                by: shop.keeper, on: shop.connection)
        }
        #expect(try rows(shop) == before)
    }

    @Test(arguments: [
        "UPDATE sales_revenue_hours SET revenue_minor = revenue_minor + 1",
        "UPDATE sales_revenue_hours SET cost_minor = cost_minor - 1",
        "UPDATE sales_revenue_hours SET hour = hour + interval '1 hour'",
        "UPDATE sales_revenue_hours SET qty = qty + 1",
    ] as [StaticString])
    // The application role may update the aggregate (it must, to keep it), so a bug could do these.
    func checkFindsAnAggregateChangedBehindTheService(_ corruption: StaticString) throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("3")
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        #expect(try shop.violations().isEmpty)
        _ = try shop.connection.query(PostgresQuery(stringLiteral: corruption))
        let found = try shop.violations()
        #expect(!found.isEmpty && found.allSatisfy { $0.rule == "revenue_hours_match_shipments" }, "\(found)")
    }

    @Test func eachShipmentAlsoAddsToItsHourAndClientRowWhichCheckComparesWithTheLines() throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("5")
        _ = try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("2")!)]),
                                by: shop.keeper, on: shop.connection)
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        let stored = try shop.connection.query("""
            SELECT hour::text || ' ' || client_id || ' ' || revenue_minor || ' ' || cost_minor FROM sales_revenue_client_hours
            """).map { try $0.decode(0, as: String.self) }
        let lines = try shop.connection.query("""
            SELECT date_trunc('hour', shipped_at)::text || ' ' || client_id || ' ' || sum(revenue_minor) || ' ' || sum(cost_minor)
            FROM sales_shipped_lines_view GROUP BY date_trunc('hour', shipped_at), client_id
            """).map { try $0.decode(0, as: String.self) }
        #expect(stored.count == 1 && stored == lines, "\(stored) vs \(lines)")
        #expect(try shop.violations().isEmpty)
        _ = try shop.connection.query("UPDATE sales_revenue_client_hours SET cost_minor = cost_minor + 1")
        let found = try shop.violations()
        #expect(!found.isEmpty && found.allSatisfy { $0.rule == "revenue_client_hours_match_shipments" }, "\(found)")
    }

    @Test(arguments: [("sales_revenue_product_months", "month", "revenue_product_months_match_shipments"),
                      ("sales_revenue_product_days", "day", "revenue_product_days_match_shipments")])
    func eachShipmentAlsoAddsToItsUTCMonthOrDayAndProductRowWhichCheckComparesWithTheLines(_ table: String, _ bucket: String,
                                                                                            _ rule: String) throws {
        let shop = try SalesShop.make()
        let order = try shop.confirmedHammers("5")
        _ = try shop.sales.ship(order.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: Quantity("2")!)]),
                                by: shop.keeper, on: shop.connection)
        _ = try shop.sales.ship(order.id, by: shop.keeper, on: shop.connection)
        let stored = try shop.connection.query(PostgresQuery(unsafeSQL: """
            SELECT \(bucket)::text || ' ' || product_id || ' ' || qty || ' ' || revenue_minor || ' ' || cost_minor FROM \(table)
            """)).map { try $0.decode(0, as: String.self) }
        let lines = try shop.connection.query(PostgresQuery(unsafeSQL: """
            SELECT date_trunc('\(bucket)', shipped_at, 'UTC')::text || ' ' || product_id || ' ' || sum(qty) || ' ' || sum(revenue_minor)
                   || ' ' || sum(cost_minor)
            FROM sales_shipped_lines_view GROUP BY date_trunc('\(bucket)', shipped_at, 'UTC'), product_id
            """)).map { try $0.decode(0, as: String.self) }
        #expect(stored.count == 1 && stored == lines && stored[0].contains(" 5000 "), "\(stored) vs \(lines)")
        #expect(try shop.violations().isEmpty)
        _ = try shop.connection.query(PostgresQuery(unsafeSQL: "UPDATE \(table) SET revenue_minor = revenue_minor - 1"))
        let found = try shop.violations()
        #expect(!found.isEmpty && found.allSatisfy { $0.rule == rule }, "\(found)")
    }
}
