import Foundation
import Reports
import Testing
import TestSupport
import Warehouse

@testable import ERPCore

/// A report's words — its total row, a period's name, "no category", a write-off's reason — are
/// Russian unless English is asked for; its keys stay the same in both.
@Suite("Report words")
struct ReportWordsTests {
    private let november = ReportPeriod(from: CalendarDate("2026-11-01")!, to: CalendarDate("2026-11-30")!)

    @Test func revenueNamesMonthsDaysAndWeeksInRussianByDefaultAndInEnglishWhenAsked() throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("1", at: RFC3339.date(from: "2026-11-01T09:00:00Z")!)  // a Sunday
        let russian = ReportsService(), english = ReportsService(language: .en)
        let month = try russian.revenue(november, by: .month, by: shop.owner, on: shop.connection)
        #expect(month.textRows.map { Array($0.prefix(2)) } == [["2026-11", "ноябрь 2026"]])
        #expect(month.totals.prefix(2) == [.text("Итого"), .text("групп: 1")])
        let monthInEnglish = try english.revenue(november, by: .month, by: shop.owner, on: shop.connection)
        #expect(monthInEnglish.textRows.map { Array($0.prefix(2)) } == [["2026-11", "November 2026"]])
        #expect(monthInEnglish.totals.prefix(2) == [.text("Total"), .text("groups: 1")])
        #expect(try russian.revenue(november, by: .day, by: shop.owner, on: shop.connection).textRows.first?[1] == "вс, 01.11.2026")
        #expect(try english.revenue(november, by: .day, by: shop.owner, on: shop.connection).textRows.first?[1] == "Sun, 01.11.2026")
        #expect(try russian.revenue(november, by: .week, by: shop.owner, on: shop.connection).textRows.first?.prefix(2)
                == ["2026-10-26", "неделя с 26.10.2026"])
        #expect(try russian.revenue(november, by: .category, by: shop.owner, on: shop.connection).textRows.first?.prefix(2)
                == ["-", "без группы"])
        #expect(try english.revenue(november, by: .category, by: shop.owner, on: shop.connection).textRows.first?[1] == "no category")
    }

    @Test func writeOffReasonsStockAndMovementTotalsAreWordedInTheReadersLanguage() throws {
        let shop = try ReportsShop.make()
        _ = try WarehouseService(time: .fixed(ReportsShop.now)).post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged, lines: [
            StockLine(productID: shop.hammer.id, qty: Quantity("1")!)])), by: shop.keeper, on: shop.connection)
        for (language, reason, total) in [(Language.ru, "Порча", "Итого"), (.en, "damaged", "Total")] {
            let reports = ReportsService(language: language)
            let writeOffs = try reports.writeOffs(november, by: .reason, by: shop.owner, on: shop.connection)
            #expect(writeOffs.textRows.map { Array($0.prefix(2)) } == [["damaged", reason]])
            #expect(writeOffs.totals.first == .text(total))
            #expect(try reports.stock(by: .category, by: shop.owner, on: shop.connection).totals.first == .text(total))
            #expect(try reports.movements(november, by: shop.owner, on: shop.connection).totals.first == .text(total))
            #expect(try reports.overdueTasks(by: shop.owner, on: shop.connection).totals.first == .text(total))
        }
    }
}
