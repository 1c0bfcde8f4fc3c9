import ERPCore
import Foundation
import HTTP1
import Sales
import TestShop
import Testing

@testable import Web

/// The accountant's documents list by period: the document date is the company's day (an invoice
/// issued at 00:30 in Moscow is dated that day), presets and typed dates narrow the list, the
/// period carries into the paging link, and a bad date is a message under its field with the form kept.
@Suite("Documents page period")
struct DocumentPeriodPagesTests {
    /// 23:30 on 6 December in Moscow, and 00:30 on the 7th (still the 6th in UTC).
    static let lateOnThe6th = RFC3339.date(from: "2026-12-06T20:30:00Z")!
    static let earlyOnThe7th = RFC3339.date(from: "2026-12-06T21:30:00Z")!

    /// An invoice for a fresh confirmed order of one hammer, issued through the order page at `instant`.
    private func invoice(at instant: Date, _ shop: TestShop) throws -> String {
        let sales = SalesService(time: .fixed(TestShop.now))
        let order = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                              lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]),
                                     by: shop.manager, on: shop.connection)
        _ = try sales.confirm(order.id, by: shop.manager, on: shop.connection)
        let web = try WebFixture(shop: shop, time: .fixed(instant))
        let (cookies, csrf) = try web.signIn("acc")
        let issued = web.call(.post, "/orders/\(order.id.rawValue)/documents", cookies: cookies,
                              form: [("csrf", csrf), (FormFields.idempotencyName, "issue-\(order.id.rawValue)"), ("type", "invoice")])
        #expect(issued.status == 303)
        return try shop.connection.query("SELECT number FROM closing_documents WHERE order_id = \(order.id)").single()
            .decode(0, as: String.self)
    }

    @Test func theListNarrowsToTheCompanysDaysByDatesAndPresets() throws {
        let shop = try TestShop()
        let (late, early) = (try invoice(at: Self.lateOnThe6th, shop), try invoice(at: Self.earlyOnThe7th, shop))
        let web = try WebFixture(shop: shop, time: .fixed(Self.earlyOnThe7th))
        let (cookies, _) = try web.signIn("acc")
        func page(_ query: String) -> HTTPResponse { web.call(.get, "/documents?" + query, cookies: cookies) }
        let sixth = page("preset=custom&from=2026-12-06&to=2026-12-06")
        #expect(sixth.status == 200 && sixth.text.contains(late) && !sixth.text.contains(early))
        let seventh = page("from=2026-12-07&to=2026-12-07")
        #expect(seventh.text.contains(early) && !seventh.text.contains(late))
        let today = page("preset=today")
        #expect(today.text.contains(early) && !today.text.contains(late))
        #expect(today.text.contains("value=\"2026-12-07\"") && today.text.contains("<option value=\"today\" selected>"))
        let month = page("preset=month")
        #expect(month.text.contains(early) && month.text.contains(late))
        let all = page("")
        #expect(all.text.contains(early) && all.text.contains(late) && all.text.contains("За всё время"))
    }

    @Test func aBadDateIsAMessageUnderItsFieldWithTheFormKept() throws {
        let shop = try TestShop()
        let number = try invoice(at: Self.lateOnThe6th, shop)
        let web = try WebFixture(shop: shop, time: .fixed(Self.earlyOnThe7th))
        let (cookies, _) = try web.signIn("acc")
        let bad = web.call(.get, "/documents?type=invoice&from=06.12.2026", cookies: cookies)
        #expect(bad.status == 422)
        #expect(bad.text.contains("Введите дату") && bad.text.contains("value=\"06.12.2026\"") && !bad.text.contains(number))
        #expect(bad.text.contains("<option value=\"invoice\" selected>"))
        let backwards = web.call(.get, "/documents?from=2026-12-07&to=2026-12-06", cookies: cookies)
        #expect(backwards.status == 422 && backwards.text.contains("Начало периода позже его конца"))
    }
}
