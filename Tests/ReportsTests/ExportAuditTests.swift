import Billing
import ERPCore
import Foundation
import Postgres
import Reports
import Testing
import TestSupport

/// Client data leaving as a file is audited like the party export: every report's CSV and the
/// receivables; numbers in them stay numbers.
@Suite("Export audit")
struct ExportAuditTests {
    private func exports(_ shop: ReportsShop) throws -> [String] {
        try shop.connection.query("""
            SELECT action || ':' || (change->>'count') || ':' || COALESCE(change->'parameters'->>'report', '')
            FROM audit_log WHERE action LIKE '%.export' ORDER BY id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: String.self) }
    }

    @Test func everyReportsCSVIsAuditedWithItsRowCountAndJSONIsNot() throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("2")
        let reports = ReportsService(time: .fixed(ReportsShop.now))
        let period = ReportPeriod(from: CalendarDate("2026-11-01")!, to: CalendarDate("2026-11-30")!)
        let all = [
            try reports.revenue(period, by: .client, by: shop.owner, on: shop.connection),
            try reports.stock(by: .product, by: shop.owner, on: shop.connection),
            try reports.writeOffs(period, by: .reason, by: shop.owner, on: shop.connection),
            try reports.movements(period, by: shop.owner, on: shop.connection),
            try reports.pipeline(by: shop.owner, on: shop.connection),
            try reports.overdueTasks(by: shop.owner, on: shop.connection),
        ]
        #expect(try exports(shop).isEmpty, "reading a report is not an export")
        for report in all {
            let csv = try CSVDocument(parsing: try reports.csv(of: report, by: shop.accountant, on: shop.connection))
            #expect(csv.records.count == report.rows.count + 2)
        }
        #expect(try exports(shop) == all.map { "report.export:\($0.rows.count):\($0.name)" })
        let before = try exports(shop)
        #expect(throws: ERPError.forbidden(action: "read the owner's reports")) {
            try reports.csv(of: all[0], by: shop.manager, on: shop.connection)
        }
        #expect(try exports(shop) == before)
    }

    @Test func theReceivablesCSVIsAuditedAndACreditBalanceStaysANumber() throws {
        let shop = try ReportsShop.make()
        let billing = BillingService(time: .fixed(ReportsShop.now))
        _ = try billing.record(NewPayment(clientID: shop.client.id, amount: Money("604.44")!, date: CalendarDate("2026-11-30")!),
                               by: shop.accountant, on: shop.connection)
        let report = try billing.receivables(by: shop.accountant, on: shop.connection)
        let csv = try CSVDocument(parsing: try billing.csv(of: report, by: shop.manager, on: shop.connection))
        let row = try #require(csv.records.first { $0.fields.first == String(shop.client.id.rawValue) })
        #expect(row.fields[2] == "-604.44", "a spreadsheet sums it")
        #expect(try exports(shop) == ["receivables.export:\(report.items.count):"])
        #expect(throws: ERPError.forbidden(action: "see payments and receivables")) {
            try billing.csv(of: report, by: shop.keeper, on: shop.connection)
        }
        #expect(try exports(shop).count == 1)
    }
}
