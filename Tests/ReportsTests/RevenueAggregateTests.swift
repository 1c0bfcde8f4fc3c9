import Foundation
import Reports
import Sales
import Testing
import TestShop
import TestSupport

@testable import ERPCore

/// The revenue report reads Sales' hourly aggregate for whole-hour ranges and the shipped lines
/// otherwise; both give the figures of the shipped lines, whatever the company's time zone.
@Suite("Revenue from the hourly aggregate")
struct RevenueAggregateTests {
    private let november = ReportPeriod(from: CalendarDate("2026-11-01")!, to: CalendarDate("2026-11-30")!)

    @Test func aHalfHourTimeZoneReadsTheShippedLinesSoMidnightStaysExact() throws {
        let shop = try ReportsShop.make()
        var settings = try CompanySettings.get(by: shop.owner, on: shop.connection)
        settings.timeZone = "Asia/Kolkata"  // UTC+5:30: its midnights fall inside UTC hours
        _ = try CompanySettings.save(settings, by: shop.owner, on: shop.connection)
        try shop.shippedOrder("1", at: RFC3339.date(from: "2026-10-31T18:15:00Z")!)  // 23:45 on 31 October in Kolkata
        try shop.shippedOrder("2", at: RFC3339.date(from: "2026-10-31T18:45:00Z")!)  // 00:15 on 1 November, the same UTC hour
        let byMonth = try ReportsService().revenue(ReportPeriod(from: CalendarDate("2026-10-01")!, to: CalendarDate("2026-11-30")!),
                                                   by: .month, by: shop.owner, on: shop.connection)
        #expect(byMonth.textRows.map { [$0[0], $0[2]] } == [["2026-10", "934.43"], ["2026-11", "1868.85"]])
        #expect(try ReportsService().revenue(november, by: .client, by: shop.owner, on: shop.connection).textRows.first?[6] == "934.43")
    }

    @Test(arguments: RevenueGrouping.allCases)
    func everyGroupingTotalsTheShippedLinesAfterTheTimeZoneChanges(_ grouping: RevenueGrouping) throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("1", nails: "2", at: RFC3339.date(from: "2026-11-03T10:20:00Z")!)
        try shop.shippedOrder("3", at: RFC3339.date(from: "2026-11-20T23:50:00Z")!)
        var settings = try CompanySettings.get(by: shop.owner, on: shop.connection)
        settings.timeZone = "Asia/Vladivostok"  // the aggregate's hours are UTC, so it stays exact
        _ = try CompanySettings.save(settings, by: shop.owner, on: shop.connection)
        let report = try ReportsService().revenue(november, by: grouping, by: shop.owner, on: shop.connection)
        let lines = try shop.connection.query("""
            SELECT sum(revenue_minor)::bigint, sum(cost_minor)::bigint FROM sales_shipped_lines_view
            WHERE shipped_at >= '2026-10-31T14:00:00Z' AND shipped_at < '2026-11-30T14:00:00Z'
            """).single()
        #expect(report.totals[2] == .money(Money(minorUnits: try lines.decode(0, as: Int64.self))))
        #expect(report.totals[3] == .money(Money(minorUnits: try lines.decode(1, as: Int64.self))))
        #expect(try shop.sales(at: TestShop.now).check(on: shop.connection).isEmpty)
    }

    /// By product and category the whole UTC months come from the monthly aggregate, the whole UTC
    /// days around them from the daily one (unless a manager's filter needs the hours) and the hours
    /// around those from the hourly one: shipments just inside and just outside a Moscow quarter,
    /// one in the middle of a month and one in a whole day outside the months give the shipped
    /// lines' figures, with a manager's filter too.
    @Test(arguments: [RevenueGrouping.product, .category], [false, true])
    func byProductTheHoursAroundTheUTCMonthsComeFromTheHourlyAggregate(_ grouping: RevenueGrouping, _ oneManager: Bool) throws {
        let shop = try ReportsShop.make()
        for at in ["2026-08-31T20:30:00Z", "2026-08-31T21:30:00Z", "2026-09-15T12:00:00Z", "2026-10-31T23:30:00Z",
                   "2026-11-10T12:00:00Z", "2026-11-30T20:30:00Z", "2026-11-30T21:30:00Z"] {
            try shop.shippedOrder("1", nails: "0.5", at: RFC3339.date(from: at)!)
        }
        let quarter = ReportPeriod(from: CalendarDate("2026-09-01")!, to: CalendarDate("2026-11-30")!)
        let filter = ReportFilter(managerID: oneManager ? shop.manager.userID : nil)
        let report = try ReportsService().revenue(quarter, by: grouping, filter: filter, by: shop.owner, on: shop.connection)
        let lines = try shop.connection.query("""
            SELECT count(DISTINCT shipment_id), sum(revenue_minor)::bigint, sum(cost_minor)::bigint FROM sales_shipped_lines_view
            WHERE shipped_at >= '2026-08-31T21:00:00Z' AND shipped_at < '2026-11-30T21:00:00Z'
            """).single()
        #expect(try lines.decode(0, as: Int64.self) == 5)
        #expect(report.totals[2] == .money(Money(minorUnits: try lines.decode(1, as: Int64.self))))
        #expect(report.totals[3] == .money(Money(minorUnits: try lines.decode(2, as: Int64.self))))
    }
}

/// Stock moves grouped any way add up to the same count and values as grouped by kind.
@Suite("Movements by any grouping")
struct MovementGroupingTests {
    @Test(arguments: MovementGrouping.allCases)
    func everyGroupingTotalsTheSameMovesAsByKind(_ grouping: MovementGrouping) throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("2", nails: "1.5")
        let period = ReportPeriod(from: CalendarDate("2026-01-01")!, to: CalendarDate("2026-12-31")!)
        let byKind = try ReportsService().movements(period, by: .kind, by: shop.owner, on: shop.connection)
        let report = try ReportsService().movements(period, by: grouping, filter: ReportFilter(warehouseID: shop.main.id),
                                                    by: shop.owner, on: shop.connection)
        #expect(byKind.totals[1] != .integer(0))
        for column in ["moves", "value_in", "value_out"] {
            #expect(report.totals[report.columns.firstIndex(of: column)!] == byKind.totals[byKind.columns.firstIndex(of: column)!], "\(column)")
        }
    }

    /// By product the whole UTC months come from the month totals, the whole days around them from
    /// the day totals and the hours before and after from the moves: shipments just inside and just
    /// outside two company months, in a zone east and west of UTC and in one with half hours, give
    /// the figures of the moves themselves.
    @Test(arguments: ["Europe/Moscow", "America/Havana", "Asia/Kolkata"])
    func byProductTheHoursAroundTheUTCMonthsAndDaysComeFromTheMoves(_ zone: String) throws {
        let shop = try ReportsShop.make()
        var settings = try CompanySettings.get(by: shop.owner, on: shop.connection)
        settings.timeZone = zone
        _ = try CompanySettings.save(settings, by: shop.owner, on: shop.connection)
        for at in ["2026-09-30T20:00:00Z", "2026-09-30T22:00:00Z", "2026-10-31T18:15:00Z", "2026-10-31T22:00:00Z",
                   "2026-11-01T02:30:00Z", "2026-11-15T12:00:00Z", "2026-11-30T19:45:00Z", "2026-12-01T03:30:00Z"] {
            try shop.shippedOrder("1", nails: "0.5", at: RFC3339.date(from: at)!)
        }
        let autumn = ReportPeriod(from: CalendarDate("2026-10-01")!, to: CalendarDate("2026-11-30")!)
        let report = try ReportsService().movements(autumn, by: .product, by: shop.owner, on: shop.connection)
        let moves = try shop.connection.query("""
            SELECT p.sku, count(*), sum(m.qty)::bigint, COALESCE(sum(m.cost_minor) FILTER (WHERE m.cost_minor > 0), 0)::bigint,
                   COALESCE(-sum(m.cost_minor) FILTER (WHERE m.cost_minor < 0), 0)::bigint, count(*) FILTER (WHERE m.kind = 'shipment')
            FROM stock_moves m JOIN products p ON p.id = m.product_id
            WHERE m.at >= ('2026-10-01'::timestamp AT TIME ZONE \(zone)) AND m.at < ('2026-12-01'::timestamp AT TIME ZONE \(zone))
            GROUP BY p.sku ORDER BY 1
            """)
        let expected = try moves.map { row in
            [try row.decode(0, as: String.self), Quantity(thousandths: try row.decode(2, as: Int64.self)).description,
             String(try row.decode(1, as: Int64.self)), Money(minorUnits: try row.decode(3, as: Int64.self)).description,
             Money(minorUnits: try row.decode(4, as: Int64.self)).description]
        }
        let shipments = try moves.map { row in try row.decode(5, as: Int64.self) }
        #expect(shipments.count == 2 && shipments.allSatisfy { (1..<8).contains($0) }, "some shipments fall outside the month: \(shipments)")
        #expect(report.textRows.map { [$0[0], $0[2], $0[3], $0[4], $0[5]] } == expected)
    }
}
