import ERPCore
import Foundation
import HTTP1
import Reports
import TestShop
import Testing

@testable import Web

/// The owner's dashboard and report pages in-process over the test shop: the figures are the
/// reports' figures, the CSV opens in Russian Excel with the page's totals, and people without the
/// reports' permission never see them.
@Suite("Owner pages")
struct OwnerPagesTests {
    /// The shop with two hammers shipped at its `now`, and the pages reading the same clock.
    private func shop() throws -> (TestShop, WebFixture) {
        let shop = try TestShop()
        try shop.shippedOrder("2", nails: "1.5")
        return (shop, try WebFixture(shop: shop, time: .fixed(TestShop.now)))
    }

    private func exports(_ shop: TestShop) throws -> Int64 {
        try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'report.export'").single().decode(0, as: Int64.self)
    }

    @Test func theOwnerLandsOnTheDashboardShowingThisMonthsRevenueAndCharts() throws {
        let (shop, web) = try shop()
        let month = try ReportsService(time: .fixed(TestShop.now))
            .revenue(ReportPeriod.preset(.month, today: CalendarDate(utcDayOf: TestShop.now))!, by: .month, by: shop.owner, on: shop.connection)
        let page = web.call(.get, "/", cookies: try web.signIn("owner").cookies)
        #expect(page.status == 200)
        #expect(page.text.contains("<h1>Показатели</h1>"))
        #expect(page.text.contains(">\(WebFormat.money(Money(minorUnits: month.totalMinor("revenue"))))</a>"))
        #expect(month.totalMinor("revenue") > 0)
        #expect(page.text.contains("<svg class=\"chart-svg\""))
        #expect(page.text.contains("href=\"/reports/revenue?preset=month&amp;group_by=day\""))
        #expect(page.text.contains("<a href=\"/clients/\(shop.client.id.rawValue)\">"))
        #expect(page.text.contains("<a href=\"/reports/write-offs?preset=month\">Списания за этот месяц</a>"))
    }

    @Test func peopleWithoutTheReportsPermissionLandOnTheirOwnPageAndCannotOpenReports() throws {
        let (shop, web) = try shop()
        let anna = try web.signIn("anna").cookies
        let landing = web.call(.get, "/", cookies: anna)
        #expect(landing.status == 303)
        let first = try #require(WebSite().menu(for: shop.manager).first?.path)
        #expect(first != "/")
        #expect(landing.header("Location") == first)
        for path in ["/reports/revenue", "/reports/stock", "/reports/write-offs?format=csv"] {
            #expect(web.call(.get, path, cookies: anna).status == 403)
            #expect(web.call(.get, path, cookies: try web.signIn("kim").cookies).status == 403)
        }
        #expect(web.call(.get, "/").header("Location") == "/login")
    }

    @Test func theRevenueCSVOpensInRussianExcelWithThePagesTotalsAndIsAudited() throws {
        let (shop, web) = try shop()
        let owner = try web.signIn("owner").cookies
        let query = "/reports/revenue?preset=custom&from=2026-11-01&to=2026-11-30&group_by=product"
        let november = ReportPeriod(from: CalendarDate("2026-11-01")!, to: CalendarDate("2026-11-30")!)
        let report = try ReportsService().revenue(november, by: .product, by: shop.owner, on: shop.connection)
        let revenue = Money(minorUnits: report.totalMinor("revenue")), margin = Money(minorUnits: report.totalMinor("margin"))
        #expect(revenue.minorUnits > 0)
        let page = web.call(.get, query, cookies: owner)
        #expect(page.status == 200)
        #expect(page.text.contains("<tfoot><tr><td>Итого</td><td></td><td class=\"num\">\(WebFormat.money(revenue))</td>"))
        let before = try exports(shop)
        let csv = web.call(.get, query + "&format=csv", cookies: owner)
        #expect(csv.status == 200)
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"revenue-2026-11-01-2026-11-30-product.csv\"")
        #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = csv.text.dropFirst().components(separatedBy: "\r\n")
        #expect(lines.first == "key;name;revenue;cost;margin;margin_pct;previous_revenue;previous_margin;returns")
        // The total row: the page's amounts with a decimal comma and no grouping, so Excel reads numbers.
        let total = try #require(lines.first { $0.hasPrefix("Итого;") }).components(separatedBy: ";")
        #expect(total[2] == revenue.description.replacingOccurrences(of: ".", with: ","))
        #expect(total[4] == margin.description.replacingOccurrences(of: ".", with: ","))
        #expect(lines.count == report.rows.count + 3)
        #expect(try exports(shop) == before + 1)
    }

    @Test func aBadPeriodIsRefusedAndNothingIsExported() throws {
        let (shop, web) = try shop()
        let owner = try web.signIn("owner").cookies
        let before = try exports(shop)
        let reversed = web.call(.get, "/reports/revenue?preset=custom&from=2026-12-01&to=2026-11-01&format=csv", cookies: owner)
        #expect(reversed.status == 422)
        #expect(web.call(.get, "/reports/revenue?preset=someday", cookies: owner).status == 422)
        #expect(try exports(shop) == before)
    }

    @Test func theStockReportShowsTheValuePerWarehouseWithATotalAndAChart() throws {
        let (shop, web) = try shop()
        let report = try ReportsService().stock(by: .warehouse, by: shop.owner, on: shop.connection)
        let page = web.call(.get, "/reports/stock?group_by=warehouse", cookies: try web.signIn("owner").cookies)
        #expect(page.status == 200)
        #expect(page.text.contains("<tfoot><tr><td>Итого</td>"))
        #expect(page.text.contains(WebFormat.money(Money(minorUnits: report.totalMinor("value")))))
        #expect(page.text.contains("<figure class=\"chart\">"))
    }
}

/// The audit log page: an action done through the pages is found by its user, entity and channel,
/// its change shown as before → after; nobody but the owner reads it.
@Suite("Audit log page")
struct AuditPageTests {
    @Test func theOwnerFindsAnActionByUserEntityAndChannel() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop, time: .fixed(TestShop.now))
        let order = try shop.shippedOrder("1")
        let owner = try web.signIn("owner").cookies
        let found = web.call(.get, "/audit?user=\(shop.manager.userID.rawValue)&entity=sales_order&channel=api", cookies: owner)
        #expect(found.status == 200)
        #expect(found.text.contains("<h1>Журнал изменений</h1>"))
        #expect(found.text.contains("sales_order №\(order.id.rawValue)"))
        #expect(!found.text.contains("<td>kim</td>"))
        let none = web.call(.get, "/audit?user=\(shop.manager.userID.rawValue)&channel=web", cookies: owner)
        #expect(none.text.contains("Записей не найдено"))
        #expect(web.call(.get, "/audit", cookies: try web.signIn("acc").cookies).status == 403)
    }

    @Test func aChangeIsShownAsBeforeAndAfter() {
        let change = AuditPages.change(.object(["status": .object(["from": .string("draft"), "to": .string("confirmed")]),
                                                "note": .string("<b>")])).markup
        #expect(change == "<div>note: &lt;b&gt;</div><div>status: <del>draft</del> → <ins>confirmed</ins></div>")
    }
}

extension AuditPageTests {
    @Test func theEmptyFieldsOfASubmittedFilterMeanAllAndABadDateIsRefused() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop, time: .fixed(TestShop.now))
        let owner = try web.signIn("owner").cookies
        #expect(web.call(.get, "/audit?user=&entity=&channel=&from=&to=", cookies: owner).status == 200)
        #expect(web.call(.get, "/reports/revenue?preset=custom&from=&to=&group_by=day", cookies: owner).status == 200)
        #expect(web.call(.get, "/audit?from=07.12.2026", cookies: owner).status == 422)
    }
}

extension AuditPageTests {
    /// Pages write times in the zone the company settings hold, not a fixed one.
    @Test func timesAreWrittenInTheZoneTheCompanySettingsHold() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop, time: .fixed(TestShop.now))
        _ = try shop.shippedOrder("1")
        var settings = try CompanySettings.get(by: shop.owner, on: shop.connection)
        settings.timeZone = "Asia/Vladivostok"
        _ = try CompanySettings.save(settings, by: shop.owner, on: shop.connection)
        let page = web.call(.get, "/audit?entity=sales_order", cookies: try web.signIn("owner").cookies)
        let shipped = { (zone: String) in
            try shop.connection.query("""
                SELECT to_char(max(at) AT TIME ZONE \(zone), 'DD.MM.YYYY HH24:MI') FROM audit_log WHERE action = 'order.ship'
                """).single().decode(0, as: String.self)
        }
        let local = try shipped("Asia/Vladivostok"), moscow = try shipped("Europe/Moscow")
        #expect(page.status == 200)
        #expect(page.text.contains(local), "\(local)")
        #expect(!page.text.contains(moscow))
    }
}
