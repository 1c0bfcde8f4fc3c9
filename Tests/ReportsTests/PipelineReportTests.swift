import CRM
import Foundation
import Reports
import Testing
import TestSupport

@testable import ERPCore

/// The pipeline report: how many deals reached each stage, how many of those went on to the next,
/// and won vs lost — from the stages each deal entered.
@Suite("Pipeline report")
struct PipelineReportTests {
    @Test func conversionFromStageToStageCountsEveryStageADealPassedAndWonVersusLost() throws {
        let shop = try ReportsShop.make()
        let crm = CRMService(time: .fixed(ReportsShop.now))
        func deal(_ title: String, at start: DealStage = .lead, through stages: [DealStage]) throws {
            var deal = try crm.create(NewDeal(partyID: shop.client.id, title: title, amount: Money("100.00"), stage: start), by: shop.manager,
                                      on: shop.connection)
            for stage in stages {
                deal = try crm.update(deal.id, with: DealChanges(version: deal.version, stage: stage, lostReason: stage == .lost ? "дорого" : nil),
                                      by: shop.manager, on: shop.connection)
            }
        }
        try deal("A", through: [.qualified, .proposal, .won])  // skipped negotiation: it still passed it
        try deal("B", through: [.qualified, .lost])
        try deal("C", through: [])
        try deal("D", at: .proposal, through: [.lost])  // created at proposal: counts for lead and qualified too
        try deal("E", through: [.qualified])
        let report = try ReportsService().pipeline(by: shop.owner, on: shop.connection)
        #expect(report.columns == ["stage", "name", "deals", "amount", "reached", "to_next_pct"])
        #expect(report.textRows == [
            ["lead", "Новая", "1", "100.00", "5", "80.00"],
            ["qualified", "Квалификация", "1", "100.00", "4", "50.00"],
            ["proposal", "Предложение", "0", "0.00", "2", "50.00"],
            ["negotiation", "Переговоры", "0", "0.00", "1", "100.00"],
            ["won", "Выиграна", "1", "100.00", "1", ""],
            ["lost", "Проиграна", "2", "200.00", "", ""],
        ])
        #expect(report.summary["won"] == .integer(1) && report.summary["lost"] == .integer(2))
        #expect(report.summary["conversion_pct"] == .percent("33.33"))
        #expect(report.totals.map(\.display) == ["Итого", "", "5", "500.00", "", ""])
        let english = try ReportsService(language: .en).pipeline(by: shop.owner, on: shop.connection)
        #expect(english.textRows.map(\.[1]) == ["Lead", "Qualified", "Proposal", "Negotiation", "Won", "Lost"])
    }

    @Test func anEmptyPipelineHasNoConversionRatherThanADivisionByZero() throws {
        let shop = try ReportsShop.make()
        let report = try ReportsService().pipeline(by: shop.owner, on: shop.connection)
        #expect(report.textRows.map(\.[4]) == ["0", "0", "0", "0", "0", ""])
        #expect(report.textRows.allSatisfy { $0[5] == "" } && report.summary["conversion_pct"] == .percent(nil))
    }
}
