import ERPCore
import Foundation
import HTTP1
import Sales
import TestShop
import Testing

@testable import Web

/// The manager's and the accountant's pages in-process over the test shop (10 hammers in stock):
/// forms run the services once, refusals show next to their fields and change nothing, and another
/// manager's client or order is the API's 404.
@Suite("Sales pages")
struct SalesPagesTests {
    /// Posts `form` as `login` with the session's CSRF token and a fresh idempotency key.
    private func post(_ web: WebFixture, _ path: String, as login: String, _ form: [(String, String)],
                      key: String = "key-\(Int.random(in: 0..<1_000_000_000))") throws -> HTTPResponse {
        let (cookies, csrf) = try web.signIn(login)
        return web.call(.post, path, cookies: cookies, form: [("csrf", csrf), (FormFields.idempotencyName, key)] + form)
    }

    private func count(_ table: StaticString, _ web: WebFixture) throws -> Int64 {
        try web.connection.query("SELECT count(*) FROM \(unescaped: table)").single().decode(0, as: Int64.self)
    }

    /// The draft order `answer` redirected to.
    private func order(redirectedBy answer: HTTPResponse, shop: TestShop) throws -> SalesOrder {
        let location = try #require(answer.header("Location"))
        #expect(location.contains("notice=created"))
        let id = try #require(Int64(location.dropFirst("/orders/".count).prefix { $0 != "?" }))
        return try SalesService(time: .fixed(TestShop.now)).order(SalesOrderID(rawValue: id), by: shop.manager, on: shop.connection)
    }

    private func hammerOrder(_ qty: String, _ shop: TestShop) -> [(String, String)] {
        [("action", "save"), ("client", String(shop.client.id.rawValue)), ("warehouse", String(shop.main.id.rawValue)),
         ("sku_0", shop.hammer.sku), ("qty_0", qty), ("sku_1", ""), ("qty_1", "")]
    }

    @Test func aConfirmationShortOfStockShowsTheShortLineAndReservesNothing() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let created = try post(web, "/orders/new", as: "anna", hammerOrder("15", shop))
        #expect(created.status == 303)
        let draft = try order(redirectedBy: created, shop: shop)
        let refused = try post(web, "/orders/\(draft.id.rawValue)/confirm", as: "anna", [])
        #expect(refused.status == 409)
        #expect(refused.text.contains("Не хватает 5\u{A0}шт.: на складе доступно 10"))
        #expect(refused.text.contains("Ничего не зарезервировано"))
        let after = try SalesService(time: .fixed(TestShop.now)).order(draft.id, by: shop.manager, on: shop.connection)
        #expect(after.status == .draft)
        #expect(after.lines.allSatisfy { $0.reserved.thousandths == 0 })
    }

    @Test func theSameOrderFormPostedTwiceCreatesOneDraft() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let first = try post(web, "/orders/new", as: "anna", hammerOrder("2", shop), key: "double-click")
        let second = try post(web, "/orders/new", as: "anna", hammerOrder("2", shop), key: "double-click")
        #expect(first.status == 303 && second.status == 303)
        #expect(first.header("Location") == second.header("Location"))
        #expect(try count("sales_orders", web) == 1)
        #expect(try order(redirectedBy: first, shop: shop).lines.map(\.qty) == [pcs(2)])
    }

    @Test func aBadQuantityIsRefusedUnderItsLineAndNothingIsCreated() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let refused = try post(web, "/orders/new", as: "anna", hammerOrder("-1", shop))
        #expect(refused.status == 422)
        #expect(refused.text.contains("id=\"qty_0-error\""))
        #expect(refused.text.contains("value=\"\(shop.hammer.sku)\""))
        #expect(try count("sales_orders", web) == 0)
    }

    @Test func aWrongINNIsRefusedAtItsFieldAndNoClientIsSaved() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let before = try count("parties", web)
        let refused = try post(web, "/clients/new", as: "anna", [("kind", "company"), ("name", "ООО «Новый»"), ("inn", "7707083894")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("id=\"inn-error\""))
        #expect(refused.text.contains("value=\"ООО «Новый»\""))
        #expect(try count("parties", web) == before)
        let saved = try post(web, "/clients/new", as: "anna", [("kind", "company"), ("name", "ООО «Новый»"), ("inn", "7707083893")])
        #expect(saved.status == 303)
        #expect(saved.header("Location")?.hasPrefix("/clients/") == true)
        #expect(try count("parties", web) == before + 1)
    }

    @Test func aManagerOpeningAnotherManagersClientOrOrderGetsTheAPIs404() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let theirs = try SalesService(time: .fixed(TestShop.now)).create(
            NewOrder(clientID: shop.otherClient.id, warehouseID: shop.main.id, lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]),
            by: shop.otherManager, on: shop.connection)
        let (cookies, _) = try web.signIn("anna")
        for path in ["/clients/\(shop.otherClient.id.rawValue)", "/orders/\(theirs.id.rawValue)"] {
            let page = web.call(.get, path, cookies: cookies)
            #expect(page.status == 404, "\(path)")
            #expect(!page.text.contains(shop.otherClient.name), "\(path)")
        }
        #expect(web.call(.get, "/clients/\(shop.client.id.rawValue)", cookies: cookies).status == 200)
        let (borisCookies, _) = try web.signIn("boris")
        #expect(web.call(.get, "/orders/\(theirs.id.rawValue)", cookies: borisCookies).status == 200)
    }

    @Test func theAccountantIssuesAnInvoiceFromTheOrderAndAPaymentIsAllocatedToIt() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let sales = SalesService(time: .fixed(TestShop.now))
        let order = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                              lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(2))]),
                                     by: shop.manager, on: shop.connection)
        _ = try sales.confirm(order.id, by: shop.manager, on: shop.connection)
        let issued = try post(web, "/orders/\(order.id.rawValue)/documents", as: "acc", [("type", "invoice")])
        #expect(issued.status == 303)
        let location = try #require(issued.header("Location"))
        #expect(location.hasPrefix("/documents/") && location.contains("notice=issued"))
        let document = String(location.prefix { $0 != "?" })
        let (cookies, _) = try web.signIn("acc")
        let print = web.call(.get, document + "/print", cookies: cookies)
        #expect(print.status == 200 && print.text.contains("Счёт"))
        let blank = try post(web, document + "/annul", as: "acc", [("reason", " ")])
        #expect(blank.status == 422)
        #expect(try web.connection.query("SELECT count(*) FROM closing_documents WHERE status = 'issued'").single()
            .decode(0, as: Int64.self) == 1)
        let paid = try post(web, "/payments/new", as: "acc", [("client", String(shop.client.id.rawValue)), ("amount", "100,00"),
                                                              ("date", WebFormat.date(Date())), ("document", "")])
        #expect(paid.status == 303)
        #expect(paid.header("Location")?.contains("notice=recorded") == true)
        #expect(try count("payment_allocations", web) == 1)
    }
}
