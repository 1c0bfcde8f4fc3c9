import ERPCore
import Foundation
import HTTP1
import Reports
import Sales
import TestShop
import Testing

@testable import Web

/// The movements, pipeline and overdue-tasks pages, the warehouse, manager and client filters of
/// the reports, and the dashboard's old reservations, in-process over the test shop.
@Suite("Report pages and filters")
struct ReportFilterPagesTests {
    /// The shop with hammers shipped to anna's client and to boris's, and the pages on its clock.
    private func shop() throws -> (TestShop, WebFixture) {
        let shop = try TestShop()
        try shop.shippedOrder("2", nails: "1.5")
        try shop.shippedOrder("1", for: shop.otherClient, by: shop.otherManager)
        return (shop, try WebFixture(shop: shop, time: .fixed(TestShop.now)))
    }

    private func exports(_ shop: TestShop) throws -> Int64 {
        try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'report.export'").single().decode(0, as: Int64.self)
    }

    @Test(arguments: [("/reports/movements", "Движение товаров"), ("/reports/pipeline", "Воронка сделок"),
                      ("/reports/overdue-tasks", "Просроченные задачи")])
    func theOwnerSeesEachNewReportWhileManagersAndStorekeepersAreRefused(_ path: String, _ title: String) throws {
        let (_, web) = try shop()
        let page = web.call(.get, path, cookies: try web.signIn("owner").cookies)
        #expect(page.status == 200)
        #expect(page.text.contains("<h1>\(title)</h1>"))
        #expect(page.text.contains("format=csv"))
        for login in ["anna", "kim"] {
            #expect(web.call(.get, path, cookies: try web.signIn(login).cookies).status == 403)
            #expect(web.call(.get, path + "?format=csv", cookies: try web.signIn(login).cookies).status == 403)
        }
    }

    @Test func movementsByKindNameTheKindInRussianAndTotalTheShipmentsValue() throws {
        let (shop, web) = try shop()
        let report = try ReportsService().movements(ReportPeriod.preset(.month, today: CalendarDate(utcDayOf: TestShop.now))!,
                                                    by: .kind, by: shop.owner, on: shop.connection)
        let page = web.call(.get, "/reports/movements?preset=month&group_by=kind", cookies: try web.signIn("owner").cookies)
        #expect(page.status == 200)
        #expect(page.text.contains("<td>Отгрузка</td>"))
        #expect(page.text.contains(WebFormat.money(Money(minorUnits: report.totalMinor("value_out")))))
        #expect(report.totalMinor("value_out") > 0)
    }

    @Test func aClientFilterNarrowsTheRevenueAndItsCSVToThatClient() throws {
        let (shop, web) = try shop()
        let owner = try web.signIn("owner").cookies
        let month = ReportPeriod.preset(.month, today: CalendarDate(utcDayOf: TestShop.now))!
        let all = try ReportsService().revenue(month, by: .product, by: shop.owner, on: shop.connection)
        let one = try ReportsService().revenue(month, by: .product, filter: ReportFilter(clientID: shop.otherClient.id),
                                               by: shop.owner, on: shop.connection)
        #expect(one.totalMinor("revenue") > 0 && one.totalMinor("revenue") < all.totalMinor("revenue"))
        let query = "/reports/revenue?preset=month&group_by=product&client_id=\(shop.otherClient.id.rawValue)"
        let page = web.call(.get, query, cookies: owner)
        #expect(page.status == 200)
        #expect(page.text.contains("Пётр Иванов"))
        #expect(page.text.contains("<tfoot><tr><td>Итого</td><td></td><td class=\"num\">\(WebFormat.money(Money(minorUnits: one.totalMinor("revenue"))))</td>"))
        #expect(page.text.contains("client_id=\(shop.otherClient.id.rawValue)&format=csv"))
        let csv = web.call(.get, query + "&format=csv", cookies: owner)
        #expect(csv.status == 200 && Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let total = try #require(csv.text.components(separatedBy: "\r\n").first { $0.hasPrefix("Итого;") }).components(separatedBy: ";")
        #expect(total[2] == Money(minorUnits: one.totalMinor("revenue")).description.replacingOccurrences(of: ".", with: ","))
    }

    @Test func aManagerFilterKeepsOnlyThatManagersSales() throws {
        let (shop, _) = try shop()
        let month = ReportPeriod.preset(.month, today: CalendarDate(utcDayOf: TestShop.now))!
        let boris = try ReportsService().revenue(month, by: .client, filter: ReportFilter(managerID: shop.otherManager.userID),
                                                 by: shop.owner, on: shop.connection)
        #expect(boris.rows.map { $0[0].display } == [String(shop.otherClient.id.rawValue)])
        #expect(boris.parameters["manager_id"] == String(shop.otherManager.userID.rawValue))
    }

    @Test func aWarehouseFilterNarrowsStockAndAnotherWarehouseHasNothing() throws {
        let (shop, web) = try shop()
        let owner = try web.signIn("owner").cookies
        let stock = web.call(.get, "/reports/stock?group_by=product&warehouse_id=\(shop.main.id.rawValue)", cookies: owner)
        #expect(stock.status == 200 && stock.text.contains("<option value=\"\(shop.main.id.rawValue)\" selected>"))
        let empty = try ReportsService().stock(by: .product, filter: ReportFilter(warehouseID: .init(rawValue: shop.main.id.rawValue + 1000)),
                                               by: shop.owner, on: shop.connection)
        #expect(empty.rows.isEmpty)
    }

    @Test(arguments: ["/reports/revenue?client_id=abc&format=csv", "/reports/stock?warehouse_id=-1&format=csv",
                      "/reports/movements?warehouse_id=0&format=csv", "/reports/pipeline?client_id=1"])
    func aFilterThatIsNotAnIdOrNotOfTheReportIsRefusedAndNothingIsExported(_ target: String) throws {
        let (shop, web) = try shop()
        let before = try exports(shop)
        let answer = web.call(.get, target, cookies: try web.signIn("owner").cookies)
        #expect([400, 422].contains(answer.status), "\(answer.status)")
        #expect(try exports(shop) == before)
    }

    @Test func theDashboardListsOrdersReservedLongerThanTheDaysAsked() throws {
        let (shop, web) = try shop()
        let sales = shop.sales(at: TestShop.now.addingTimeInterval(-10 * 86_400))
        let draft = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                              lines: [NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)]), by: shop.manager, on: shop.connection)
        let order = try sales.confirm(draft.id, by: shop.manager, on: shop.connection)
        let owner = try web.signIn("owner").cookies
        let week = web.call(.get, "/", cookies: owner)
        let link = "<a href=\"/orders/\(order.id.rawValue)\">\(order.number)</a>"
        // Waiting for shipment, and among the old reservations.
        #expect(week.status == 200 && week.text.contains("Резервы старше 7 дн."))
        #expect(week.text.components(separatedBy: link).count - 1 == 2)
        let month = web.call(.get, "/?reserved_days=30", cookies: owner)
        #expect(month.text.contains("Резервы старше 30 дн.") && month.text.components(separatedBy: link).count - 1 == 1)
        #expect(web.call(.get, "/?reserved_days=0", cookies: owner).status == 422)
        #expect(throws: ERPError.validationFailed(fields: ["days": "must be between 1 and 365"])) {
            try SalesService(time: .fixed(TestShop.now)).reservationsOlderThan(days: 400, by: shop.owner, on: shop.connection)
        }
        #expect(try SalesService(time: .fixed(TestShop.now)).reservationsOlderThan(days: 30, by: shop.owner, on: shop.connection).items.isEmpty)
        #expect(try SalesService(time: .fixed(TestShop.now)).reservationsOlderThan(days: nil, by: shop.owner, on: shop.connection).items.map(\.id) == [order.id])
    }
}
