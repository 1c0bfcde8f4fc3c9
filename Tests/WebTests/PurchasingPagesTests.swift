import Catalog
import ERPCore
import Foundation
import HTTP1
import Purchasing
import TestShop
import Testing
import Warehouse

@testable import Web

/// The purchasing pages in-process over the test shop: a receipt against a supplier order shows
/// what remains, an over-receipt without the box is refused naming the line and posts nothing,
/// and a manager cannot open the purchaser's pages.
@Suite("Purchasing pages")
struct PurchasingPagesTests {
    private func post(_ web: WebFixture, _ path: String, as login: String, _ form: [(String, String)]) throws -> HTTPResponse {
        let (cookies, csrf) = try web.signIn(login)
        return web.call(.post, path, cookies: cookies,
                        form: [("csrf", csrf), (FormFields.idempotencyName, "key-\(Int.random(in: 0..<1_000_000_000))")] + form)
    }

    /// A placed order of 5 hammers from the shop's supplier.
    private func placedOrder(_ shop: TestShop) throws -> PurchaseOrder {
        let service = PurchasingService(time: .fixed(TestShop.now))
        let draft = try service.create(NewPurchaseOrder(supplierID: shop.supplier.id, warehouseID: shop.main.id, lines: [
            NewPurchaseOrderLine(productID: shop.hammer.id, qty: try Quantity(whole: 5), price: Money(minorUnits: 30_000)),
        ]), by: shop.owner, on: shop.connection)
        return try service.place(draft.id, by: shop.owner, on: shop.connection)
    }

    private func onHand(_ shop: TestShop) throws -> Quantity {
        let page = try WarehouseService().levels(StockLevelFilter(warehouseID: shop.main.id, productID: shop.hammer.id, limit: 1),
                                                 by: shop.owner, on: shop.connection)
        return page.items.first?.onHand ?? .zero
    }

    private func receipts(_ web: WebFixture) throws -> Int64 {
        try web.connection.query("SELECT count(*) FROM stock_documents").single().decode(0, as: Int64.self)
    }

    @Test func aPartialReceiptMovesTheOrderAndItsPageShowsWhatRemains() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let order = try placedOrder(shop)
        let path = "/purchasing/orders/\(order.id.rawValue)"
        let received = try post(web, path + "/receive", as: "owner", [("qty_0", "2")])
        #expect(received.status == 303)
        #expect(received.header("Location")?.hasPrefix(path + "?notice=received") == true)
        let (cookies, _) = try web.signIn("owner")
        let page = web.call(.get, path, cookies: cookies)
        #expect(page.status == 200)
        #expect(page.text.contains("Частично принят"))
        #expect(page.text.contains("<td class=\"num remaining\">3\u{A0}шт.</td>"))
    }

    @Test func anOverReceiptWithoutTheBoxIsRefusedNamingTheLineAndPostsNothing() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let order = try placedOrder(shop)
        let (stock, documents) = (try onHand(shop), try receipts(web))
        let refused = try post(web, "/purchasing/orders/\(order.id.rawValue)/receive", as: "owner", [("qty_0", "8")])
        #expect(refused.status == 409)
        #expect(refused.text.contains("id=\"qty_0-error\""))
        #expect(refused.text.contains("\(shop.hammer.sku): принимаете 8\u{A0}шт., ожидается 5\u{A0}шт."))
        #expect(refused.text.contains("value=\"8\""))
        #expect(try onHand(shop) == stock && receipts(web) == documents)
        let unchanged = try PurchasingService().order(order.id, by: shop.owner, on: shop.connection)
        let five = try Quantity(whole: 5)
        #expect(unchanged.status == .ordered && unchanged.lines.map(\.remaining) == [five])

        let accepted = try post(web, "/purchasing/orders/\(order.id.rawValue)/receive", as: "owner", [("qty_0", "8"), ("allow_over", "1")])
        #expect(accepted.status == 303)
        #expect(try PurchasingService().order(order.id, by: shop.owner, on: shop.connection).status == .received)
    }

    @Test func theReceivingFormRecordsImportedGoodsOriginAndShowsABadCountryUnderItsRow() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let order = try placedOrder(shop)
        let path = "/purchasing/orders/\(order.id.rawValue)/receive"
        let documents = try receipts(web)
        let refused = try post(web, path, as: "owner", [("qty_0", "2"), ("country_0", "ZZ"), ("declaration_0", "10702070/011226/0012345")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("id=\"country_0-error\"") && refused.text.contains("value=\"ZZ\""))
        #expect(try receipts(web) == documents)
        let received = try post(web, path, as: "owner", [("qty_0", "2"), ("country_0", "cn"), ("declaration_0", "10702070/011226/0012345")])
        #expect(received.status == 303)
        let stored = try web.connection.query("SELECT origin_country, customs_declaration FROM stock_document_lines ORDER BY document_id DESC LIMIT 1")
            .single()
        #expect(try stored.decode(0, as: String.self) == "156" && stored.decode(1, as: String.self) == "10702070/011226/0012345")
        // The receipt's own page shows where the goods came from, as the UPD will carry it on.
        let receipt = try web.connection.query("SELECT max(id) FROM stock_documents").single().decode(0, as: Int64.self)
        let page = web.call(.get, "/stock/documents/\(receipt)", cookies: try web.signIn("owner").cookies)
        #expect(page.status == 200 && page.text.contains("Страна происхождения"), "\(page.status)")
        #expect(page.text.contains(#"<td data-label="Страна происхождения">156 Китай</td><td data-label="№ ДТ или РНПТ">10702070/011226/0012345</td>"#))
    }

    @Test func theAccountantsBillRaisesThePayablesAndAPaymentLowersThemAgain() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let service = PurchasingService(time: .fixed(TestShop.now))
        func owed() throws -> Money { try service.payables(by: shop.owner, on: shop.connection).total }
        let before = try owed()
        let supplier = String(shop.supplier.id.rawValue)
        for path in ["/purchasing/bills/new", "/purchasing/payments/new"] {
            let refused = try post(web, path, as: "acc", [("action", "save"), ("supplier", supplier), ("amount", "пять"), ("date", "31.02.2026")])
            #expect(refused.status == 422, "\(path)")
            #expect(refused.text.contains("id=\"amount-error\"") && refused.text.contains("id=\"date-error\""), "\(path)")
        }
        #expect(try owed() == before)
        let billed = try post(web, "/purchasing/bills/new", as: "acc", [
            ("action", "save"), ("supplier", supplier), ("number", "СЧ-777"), ("date", "20.11.2026"), ("amount", "5000,00"), ("vat", "0"),
        ])
        #expect(billed.status == 303, "\(billed.text)")
        #expect(billed.header("Location")?.hasPrefix("/purchasing/suppliers/\(supplier)?notice=billed") == true)
        #expect(try owed() == before + Money(minorUnits: 500_000))
        let paid = try post(web, "/purchasing/payments/new", as: "acc", [
            ("action", "save"), ("supplier", supplier), ("amount", "5000"), ("date", "21.11.2026"),
        ])
        #expect(paid.status == 303, "\(paid.text)")
        #expect(try owed() == before)
    }

    @Test func suggestionsListOnlyWhatIsBelowItsMinimumWithEveryInputLabelledInATableThatScrollsSideways() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        _ = try CatalogService(time: .fixed(TestShop.now)).update(shop.hammer.id, with: ProductChanges(
            version: shop.hammer.version, minStock: try Quantity(whole: 1_000)), by: shop.owner, on: shop.connection)
        let (cookies, _) = try web.signIn("owner")
        let page = web.call(.get, "/purchasing/suggestions?warehouse=\(shop.main.id.rawValue)", cookies: cookies)
        #expect(page.status == 200)
        #expect(page.text.contains("<div class=\"scroll\">\n<table class=\"suggestions\">"))
        #expect(page.text.contains("<label><input type=\"checkbox\" name=\"pick_0\" value=\"\(shop.hammer.id.rawValue)\" checked>\(shop.hammer.sku)</label>"))
        #expect(page.text.contains("aria-label=\"Заказать \(shop.hammer.sku)\""))
        #expect(!page.text.contains("name=\"pick_1\""), "only the hammer is below a minimum")
    }

    @Test func aManagerIsRefusedThePurchasersPagesAndDoesNotSeeThemInTheMenu() throws {
        let shop = try TestShop()
        let web = try WebFixture(shop: shop)
        let order = try placedOrder(shop)
        let (cookies, _) = try web.signIn("anna")
        for path in ["/purchasing/orders", "/purchasing/orders/\(order.id.rawValue)", "/purchasing/suggestions", "/purchasing/payables",
                     "/purchasing/bills", "/purchasing/suppliers/\(shop.supplier.id.rawValue)"] {
            #expect(web.call(.get, path, cookies: cookies).status == 403, "\(path)")
        }
        #expect(!web.call(.get, "/orders", cookies: cookies).text.contains("href=\"/purchasing"))
    }
}
