import ERPCore
import Foundation
import Sales
import Testing

@testable import Billing

/// The standard rate moved from 20 % to 22 % on 1 January 2026; documents take the rate in force
/// on their date as the company's calendar (Moscow) counts days.
@Suite("VAT by date and the company's calendar")
struct VATByDateTests {
    /// 23:30 in Moscow on 31 December 2025 (20:30 UTC) and 00:30 on 1 January 2026 (21:30 UTC).
    static let lastEveningOf2025 = RFC3339.date(from: "2025-12-31T20:30:00Z")!
    static let firstNightOf2026 = RFC3339.date(from: "2025-12-31T21:30:00Z")!

    /// One hammer (1200.00, VAT included) ordered at `ordered` and shipped at `shipped`.
    private func shippedOrder(_ shop: BillingShop, ordered: Date, shipped: Date) throws -> SalesOrder {
        let sales = SalesService(time: .fixed(ordered))
        let order = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                              lines: [NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                     by: shop.manager, on: shop.connection)
        _ = try sales.confirm(order.id, by: shop.manager, on: shop.connection)
        _ = try SalesService(time: .fixed(shipped)).ship(order.id, ShipRequest(), by: shop.keeper, on: shop.connection)
        return try sales.order(order.id, by: shop.manager, on: shop.connection)
    }

    private func upd(_ shop: BillingShop, _ order: SalesOrder, at instant: Date) throws -> IssuedDocument {
        try BillingService(time: .fixed(instant)).issue(IssueRequest(type: .upd), for: order.id, by: shop.accountant, on: shop.connection)
    }

    @Test func aUPDShippedAt2330OnNewYearsEveIsDated31DecemberAt20Percent() throws {
        let shop = try BillingShop.make()
        let order = try shippedOrder(shop, ordered: Self.lastEveningOf2025, shipped: Self.lastEveningOf2025)
        #expect(order.lines[0].vatRate == .percent20 && order.totals.vat == Money("200.00"))
        let document = try upd(shop, order, at: Self.lastEveningOf2025)
        #expect(document.content.date == CalendarDate("2025-12-31") && document.number == "УПД-2025-000001")
        #expect(document.content.lines[0].vatRate == .percent20 && document.content.totals.vat == Money("200.00"))
    }

    @Test func aUPDShippedAt0030OnNewYearsDayIsDated1JanuaryAt22Percent() throws {
        let shop = try BillingShop.make()
        let order = try shippedOrder(shop, ordered: Self.firstNightOf2026, shipped: Self.firstNightOf2026)
        #expect(order.lines[0].vatRate == .percent22 && order.totals.vat == Money("216.39"))
        let document = try upd(shop, order, at: Self.firstNightOf2026)
        #expect(document.content.date == CalendarDate("2026-01-01") && document.number == "УПД-2026-000001")
        // 1200.00 × 22 / 122 = 216.393… → 216.39; the gross stays 1200.00 (prices include VAT).
        #expect(document.content.lines[0].vatRate == .percent22 && document.content.totals.vat == Money("216.39"))
        #expect(document.total == Money("1200.00"))
    }

    @Test func goodsOrderedIn2025AndShippedIn2026GoOutAtTheRateOfTheShipmentDay() throws {
        let shop = try BillingShop.make()
        let order = try shippedOrder(shop, ordered: Self.lastEveningOf2025, shipped: Self.firstNightOf2026)
        #expect(order.lines[0].vatRate == .percent20)
        // Issued days later, the UPD still takes the rate of the shipment day.
        let document = try upd(shop, order, at: BillingShop.now)
        #expect(document.content.date == CalendarDate("2026-11-30"))
        #expect(document.content.lines[0].vatRate == .percent22 && document.content.totals.vat == Money("216.39"))
    }

    @Test func anInvoiceTakesTheRateOfItsDateAndTheReducedRateStays10() throws {
        let shop = try BillingShop.make()
        let sales = SalesService(time: .fixed(Self.lastEveningOf2025))
        let order = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id, lines: [
            NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!), NewOrderLine(productID: shop.nails.id, qty: Quantity("1")!),
        ]), by: shop.manager, on: shop.connection)
        _ = try sales.confirm(order.id, by: shop.manager, on: shop.connection)
        let december = try BillingService(time: .fixed(Self.lastEveningOf2025))
            .issue(IssueRequest(type: .invoice), for: order.id, by: shop.accountant, on: shop.connection)
        #expect(december.content.lines.map(\.vatRate) == [.percent20, .percent10])
        _ = try shop.billing.annul(december.id, reason: "re-issue in January", by: shop.accountant, on: shop.connection)
        let january = try shop.issue(.invoice, for: order, date: "2026-01-01")
        #expect(january.content.lines.map(\.vatRate) == [.percent22, .percent10])
    }

    @Test func theCompanyTimeZoneDecidesTheDayAndAnUnknownZoneChangesNothing() throws {
        let shop = try BillingShop.make()
        let before = try CompanySettings.get(by: shop.owner, on: shop.connection)
        #expect(before.timeZone == "Europe/Moscow")
        var bad = before
        bad.timeZone = "Europe/Atlantis"
        #expect(throws: ERPError.validationFailed(fields: ["time_zone": "is not a time zone PostgreSQL knows (e.g. Europe/Moscow)"])) {
            try CompanySettings.save(bad, by: shop.owner, on: shop.connection)
        }
        #expect(try CompanySettings.get(by: shop.owner, on: shop.connection) == before)
        // 20:30 UTC on 31 December is still 2025 in Moscow, already 2026 in Vladivostok (UTC+10).
        #expect(try CompanyCalendar.day(of: Self.lastEveningOf2025, on: shop.connection) == CalendarDate("2025-12-31"))
        var east = before
        east.timeZone = "Asia/Vladivostok"
        _ = try CompanySettings.save(east, by: shop.owner, on: shop.connection)
        #expect(try CompanyCalendar.day(of: Self.lastEveningOf2025, on: shop.connection) == CalendarDate("2026-01-01"))
        let order = try shippedOrder(shop, ordered: Self.lastEveningOf2025, shipped: Self.lastEveningOf2025)
        #expect(order.lines[0].vatRate == .percent22)
        #expect(try upd(shop, order, at: Self.lastEveningOf2025).content.date == CalendarDate("2026-01-01"))
    }
}
