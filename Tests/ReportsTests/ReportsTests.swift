import CRM
import Foundation
import Reports
import Sales
import Testing
import TestSupport
import Warehouse

@testable import ERPCore

@Suite("Owner reports")
struct ReportsTests {
    private let november = ReportPeriod(from: CalendarDate("2026-11-01")!, to: CalendarDate("2026-11-30")!)

    @Test(arguments: [0, -1, Int.min])
    func aTopOfLessThanOneIsRefusedNamingIt(top: Int) throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("2", nails: "1.5")
        #expect(throws: ERPError.validationFailed(fields: ["top": "must be between 1 and \(RevenueReport.maxTop)"])) {
            try ReportsService().revenue(november, by: .client, top: top, by: shop.owner, on: shop.connection)
        }
    }

    @Test func aDealBeyondTheLargestAmountIsRefusedAndThePipelineOfTheLargestAddsUp() throws {
        let shop = try ReportsShop.make()
        let crm = CRMService(time: .fixed(ReportsShop.now))
        #expect(throws: ERPError.validationFailed(fields: ["amount": "must be at most 10000000000000.00"])) {
            try crm.create(NewDeal(partyID: shop.client.id, title: "Всё", amount: Money(minorUnits: .max)), by: shop.manager,
                                  on: shop.connection)
        }
        for stage in [DealStage.lead, .qualified, .proposal] {
            _ = try crm.create(NewDeal(partyID: shop.client.id, title: "Много", amount: .largestEntered, stage: stage),
                                      by: shop.manager, on: shop.connection)
        }
        let report = try ReportsService().pipeline(by: shop.owner, on: shop.connection)
        #expect(report.totals[3] == .money(Money("30000000000000.00")!))
    }

    @Test func stockWorthMoreThanInt64CanHoldIsAnErrorNotATrap() throws {
        let shop = try ReportsShop.make()
        for product in [shop.hammer, shop.nails] {
            _ = try WarehouseService(time: .fixed(ReportsShop.now)).post(.receipt(NewReceipt(warehouseID: shop.main.id, lines: [
                ReceiptLine(productID: product.id, qty: Quantity("1")!, unitCost: Money(minorUnits: .max / 2)),
            ])), by: shop.owner, on: shop.connection)
        }
        #expect(throws: ERPError.self) { try ReportsService().stock(by: .product, by: shop.owner, on: shop.connection) }
    }

    @Test func revenueCostAndMarginMatchHandComputedFigures() throws {
        let shop = try ReportsShop.make()
        // 2 hammers at 1200.00 less 5 %, VAT 22 % included (2026): 2280.00 gross, 411.15 VAT, 1868.85 net; cost 2 × 700.00.
        // 1.5 kg of nails at 99.99, VAT 10 % included: 149.985 → 149.99 gross, 13.64 VAT, 136.35 net; cost 75.00.
        try shop.shippedOrder("2", nails: "1.5")
        let report = try ReportsService().revenue(november, by: .product, by: shop.owner, on: shop.connection)
        #expect(report.columns == ["key", "name", "revenue", "cost", "margin", "margin_pct", "previous_revenue", "previous_margin",
                                  "returns"])
        #expect(report.textRows == [
            ["HAM-1", "Молоток", "1868.85", "1400.00", "468.85", "25.09", "", "", "0.00"],
            ["NAIL", "Гвозди", "136.35", "75.00", "61.35", "44.99", "", "", "0.00"],
        ])
        #expect(report.totals.map(\.display) == ["Итого", "групп: 2", "2005.20", "1475.00", "530.20", "26.44", "0.00", "0.00", "0.00"])
        let csv = try CSVDocument(parsing: report.csv)
        #expect(csv.records.first?.fields == report.columns)
        #expect(csv.records.count == report.rows.count + 2)
        #expect(throws: ERPError.forbidden(action: "read the owner's reports")) {
            try ReportsService().revenue(november, by: .product, by: shop.manager, on: shop.connection)
        }
    }

    @Test func whatClientsReturnedStandsBesideRevenueAndIsNotNettedOutOfIt() throws {
        let shop = try ReportsShop.make()
        let order = try shop.shippedOrder("2", at: ReportsShop.now.addingTimeInterval(-35 * 86_400))  // October
        // One of the two hammers comes back in November: half the line's 1868.85 without VAT.
        _ = try shop.sales(at: ReportsShop.now).takeReturn(ReturnRequest(reason: .defective, lines: [
            OrderQuantity(productID: shop.hammer.id, qty: Quantity("1")!)]), against: order.id, by: shop.keeper, on: shop.connection)
        try shop.shippedOrder("1")
        let byMonth = try ReportsService().revenue(ReportPeriod(from: CalendarDate("2026-10-01")!, to: CalendarDate("2026-11-30")!),
                                                   by: .month, by: shop.owner, on: shop.connection)
        #expect(byMonth.textRows.map { [$0[0], $0[2], $0[8]] } == [["2026-10", "1868.85", "0.00"], ["2026-11", "934.43", "934.43"]])
        #expect(byMonth.totals[2] == .money(Money("2803.28")!) && byMonth.totals[8] == .money(Money("934.43")!))
        let byClient = try ReportsService().revenue(november, by: .client, by: shop.owner, on: shop.connection)
        #expect(byClient.textRows.map { [$0[2], $0[8]] } == [["934.43", "934.43"]])
    }

    @Test func revenueTopOutsideOneToAThousandIsRefusedNotATrap() throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("1")
        for top in [-1, 0, 1_001, Int.max] {
            let error = #expect(throws: ERPError.self) {
                try ReportsService().revenue(november, by: .client, top: top, by: shop.owner, on: shop.connection)
            }
            #expect(error == .validationFailed(fields: ["top": "must be between 1 and 1000"]))
        }
        let one = try ReportsService().revenue(november, by: .client, top: 1, by: shop.owner, on: shop.connection)
        #expect(one.textRows.count == 1)
    }

    @Test func thePreviousPeriodStandsAlongside() throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("1", at: ReportsShop.now.addingTimeInterval(-35 * 86_400))  // October
        try shop.shippedOrder("2")
        let report = try ReportsService().revenue(november, by: .client, by: shop.owner, on: shop.connection)
        #expect(report.textRows.first?[2] == "1868.85")
        #expect(report.textRows.first?[6] == "934.43")
        let byMonth = try ReportsService().revenue(ReportPeriod(from: CalendarDate("2026-10-01")!, to: CalendarDate("2026-11-30")!),
                                                   by: .month, by: shop.owner, on: shop.connection)
        #expect(byMonth.textRows.map(\.first) == ["2026-10", "2026-11"])
    }

    @Test func withoutComparingThePreviousPeriodIsLeftBlankAndTheFiguresStayTheSame() throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("1", at: ReportsShop.now.addingTimeInterval(-35 * 86_400))  // October
        try shop.shippedOrder("2")
        let compared = try ReportsService().revenue(november, by: .client, by: shop.owner, on: shop.connection)
        let alone = try ReportsService().revenue(november, by: .client, comparing: false, by: shop.owner, on: shop.connection)
        #expect(alone.textRows.map { Array($0[0..<6]) + [$0[8]] } == compared.textRows.map { Array($0[0..<6]) + [$0[8]] })
        #expect(alone.textRows.first?[6] == "" && alone.textRows.first?[7] == "")
        #expect(alone.totals[6].display == "" && alone.totals[2].display == compared.totals[2].display)
    }

    @Test func aShipmentAt2330MoscowTimeIsTheLastDaysRevenueAndOneAt0030TheNextDays() throws {
        let shop = try ReportsShop.make()
        try shop.shippedOrder("1", at: RFC3339.date(from: "2026-10-31T20:30:00Z")!)  // 23:30 on 31 October in Moscow
        try shop.shippedOrder("2", at: RFC3339.date(from: "2026-10-31T21:30:00Z")!)  // 00:30 on 1 November in Moscow
        let byMonth = try ReportsService().revenue(ReportPeriod(from: CalendarDate("2026-10-01")!, to: CalendarDate("2026-11-30")!),
                                                   by: .month, by: shop.owner, on: shop.connection)
        #expect(byMonth.textRows.map { [$0[0], $0[2]] } == [["2026-10", "934.43"], ["2026-11", "1868.85"]])
        let byDay = try ReportsService().revenue(november, by: .day, by: shop.owner, on: shop.connection)
        #expect(byDay.textRows.map { [$0[0], $0[2]] } == [["2026-11-01", "1868.85"]])
        // The previous period (October) ends at Moscow's midnight too.
        #expect(try ReportsService().revenue(november, by: .client, by: shop.owner, on: shop.connection).textRows.first?[6] == "934.43")
    }

    @Test func revenueReconcilesWithTheShippedOrderLinesOnGeneratedData() throws {
        let shop = try ReportsShop.make()
        var generator = SplitMix64(seed: 42)
        var expected: Int64 = 0
        for day in 0..<20 {
            let at = ReportsShop.now.addingTimeInterval(-Double(day) * 86_400 - 3600)
            let sales = shop.sales(at: at)
            let qty = Int64.random(in: 1...9, using: &generator)
            let discount = try Percentage(basisPoints: Int64.random(in: 0...3333, using: &generator))
            let draft = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id, lines: [
                NewOrderLine(productID: shop.hammer.id, qty: try Quantity(whole: qty), discountPct: discount),
                NewOrderLine(productID: shop.nails.id, qty: Quantity(thousandths: Int64.random(in: 1...5000, using: &generator)),
                             price: Money(minorUnits: Int64.random(in: 1...99_999, using: &generator))),
            ]), by: shop.manager, on: shop.connection)
            _ = try sales.confirm(draft.id, by: shop.manager, on: shop.connection)
            let partial = try Quantity(whole: Int64.random(in: 1...qty, using: &generator))
            let (order, _) = try sales.ship(draft.id, ShipRequest(lines: [OrderQuantity(productID: shop.hammer.id, qty: partial)]),
                                            by: shop.keeper, on: shop.connection)
            // What the shipped part of each line is worth without VAT, as the report defines revenue.
            for line in order.lines where line.shipped.isPositive {
                expected += Int64(DecimalText.divideRoundingHalfUp(Int128(line.net.minorUnits) * Int128(line.shipped.thousandths),
                                                                   by: Int128(line.qty.thousandths)))
            }
        }
        let report = try ReportsService().revenue(november, by: .day, by: shop.owner, on: shop.connection)
        #expect(report.totals[2] == .money(Money(minorUnits: expected)))
        let byProduct = try ReportsService().revenue(november, by: .product, by: shop.owner, on: shop.connection)
        #expect(byProduct.totals[2] == report.totals[2] && byProduct.totals[3] == report.totals[3])
    }

    @Test func stockWriteOffsAndMovementsAddUp() throws {
        let shop = try ReportsShop.make()
        let stock = WarehouseService(time: .fixed(ReportsShop.now))
        _ = try stock.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .damaged, lines: [
            StockLine(productID: shop.hammer.id, qty: Quantity("2")!)])), by: shop.keeper, on: shop.connection)
        let expired = try stock.post(.writeOff(NewWriteOff(warehouseID: shop.main.id, reason: .expired, lines: [
            StockLine(productID: shop.nails.id, qty: Quantity("10")!)])), by: shop.keeper, on: shop.connection)
        _ = try stock.cancel(expired.id, type: .writeOff, by: shop.keeper, on: shop.connection)
        let reports = ReportsService()
        let byReason = try reports.writeOffs(november, by: .reason, by: shop.owner, on: shop.connection)
        #expect(byReason.textRows == [["damaged", "Порча", "1", "", "1400.00"]])
        let byKeeper = try reports.writeOffs(november, by: .storekeeper, by: shop.owner, on: shop.connection)
        #expect(byKeeper.textRows.map(\.first) == ["kim"])
        let value = try reports.stock(by: .warehouse, by: shop.owner, on: shop.connection)
        #expect(value.textRows == [["MAIN", "Main", "2", "", "", "748600.00"]])  // 998 × 700 + 1000 × 50
        let movements = try reports.movements(november, by: shop.owner, on: shop.connection)
        #expect(movements.totals.map(\.display) == ["Итого", "5", "750500.00", "1900.00"])
    }
}
