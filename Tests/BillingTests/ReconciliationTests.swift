import ERPCore
import Foundation
import Parties
import Sales
import Testing
import TestShop
import TestSupport

@testable import Billing

/// The акт сверки: a client's balance over a period, agreeing with the receivables report.
@Suite("Reconciliation")
struct ReconciliationTests {
    /// An advance of 1000.00 on 20 October, 2 hammers shipped and a UPD of 2400.00 on 30 November,
    /// 500.00 paid on 15 November.
    static func story() throws -> BillingShop {
        let shop = try BillingShop.make()
        _ = try shop.pay("1000.00", on: "2026-10-20")
        let order = try shop.confirmedOrder(hammers: "2")
        try shop.ship(order)
        _ = try shop.issue(.upd, for: order)
        _ = try shop.pay("500.00", on: "2026-11-15")
        return shop
    }

    func statement(_ shop: BillingShop, _ from: String, _ to: String, by principal: Principal? = nil) throws -> Reconciliation {
        try shop.billing.reconciliation(of: shop.client.id, from: CalendarDate(from), to: CalendarDate(to), by: principal ?? shop.accountant,
                                        on: shop.connection)
    }

    @Test func theStatementListsEveryDocumentAndPaymentBetweenTheBalances() throws {
        let shop = try Self.story()
        let november = try statement(shop, "2026-11-01", "2026-11-30")
        #expect(november.openingBalance == Money("-1000.00"))
        #expect(november.entries.map(\.kind) == ["payment", "upd"])
        #expect(november.entries.map(\.credit) == [Money("500.00"), .zero()])
        #expect(november.entries.map(\.debit) == [.zero(), Money("2400.00")])
        #expect(november.debitTurnover == Money("2400.00") && november.creditTurnover == Money("500.00"))
        #expect(november.closingBalance == Money("900.00"))
        #expect(november.seller.name == "ООО «Инструмент»" && november.buyer.inn == "7707083893")
        let october = try statement(shop, "2026-10-01", "2026-10-31")
        #expect(october.openingBalance == .zero() && october.closingBalance == Money("-1000.00"))
    }

    @Test func theDefaultPeriodIsThisMonthOfTheCompanysCalendar() throws {
        let shop = try BillingShop.make()
        // 00:30 on 1 December in Moscow, still 30 November in UTC: the month is December.
        let firstNight = BillingService(time: .fixed(RFC3339.date(from: "2026-11-30T21:30:00Z")!))
        let statement = try firstNight.reconciliation(of: shop.client.id, by: shop.accountant, on: shop.connection)
        #expect(statement.from == CalendarDate("2026-12-01") && statement.to == CalendarDate("2026-12-01"))
    }

    @Test(arguments: ["2026-10-31", "2026-11-14", "2026-11-30"])
    func theClosingBalanceIsTheReceivablesReportsBalanceThatDay(day: String) throws {
        let shop = try Self.story()
        let closing = try statement(shop, "2026-10-01", day).closingBalance
        let report = try shop.billing.receivables(asOf: CalendarDate(day), client: shop.client.id, by: shop.accountant, on: shop.connection)
        #expect(closing == (report.items.first?.balance ?? .zero()))
        let byTurnovers = try statement(shop, "2026-10-01", day)
        #expect(try byTurnovers.openingBalance + byTurnovers.debitTurnover - byTurnovers.creditTurnover == closing)
    }

    @Test func theStatementPrintsAndExportsWithItsBalances() throws {
        let shop = try Self.story()
        let november = try statement(shop, "2026-11-01", "2026-11-30")
        let page = try shop.billing.print(november)
        #expect(page.contains("Акт сверки взаимных расчётов за период 01.11.2026 – 30.11.2026"))
        #expect(page.contains("Сальдо конечное") && page.contains("900,00"))
        let csv = try shop.billing.csv(of: november, by: shop.accountant, on: shop.connection)
        #expect(csv.contains("opening_balance,,-1000.00") && csv.contains("2026-11-30,closing_balance,,900.00"))
        #expect(try shop.connection.query("SELECT count(*) FROM audit_log WHERE action = 'reconciliation.export'").single()
            .decode(0, as: Int64.self) == 1)
    }

    @Test func anotherManagersClientOrABackwardPeriodIsRefused() throws {
        let shop = try Self.story()
        #expect(throws: ERPError.notFound(entity: "party", id: String(shop.client.id.rawValue))) {
            try statement(shop, "2026-11-01", "2026-11-30", by: shop.otherManager)
        }
        #expect(throws: ERPError.forbidden(action: Permission.readPayments.phrase)) {
            try statement(shop, "2026-11-01", "2026-11-30", by: shop.keeper)
        }
        let error = try #require(throws: ERPError.self) { try statement(shop, "2026-11-30", "2026-11-01") }
        #expect(error.fields?.keys.sorted() == ["to"])
    }
}
