import Catalog
import ERPCore
import Foundation
import Parties
import Reports
import Sales
import Testing

@testable import CRM

@Suite("Tasks and deals")
struct TasksAndDealsTests {
    @Test func myTasksSplitIntoOverdueTodayAndUpcomingByTheClock() throws {
        let shop = try CRMShop.make()
        // Days are Moscow's (the company's default zone): "утром" at 01:00 there is still the UTC day before.
        let today = try CompanyCalendar.day(of: CRMShop.now, on: shop.connection)
        let midnight = try #require(RFC3339.date(from: today.description + "T00:00:00+03:00"))
        let crm = shop.crm()
        for (title, offset) in [("вчера", -3600.0), ("утром", 3600), ("вечером", 80_000), ("завтра", 90_000), ("через неделю", 7 * 86_400)] {
            _ = try crm.create(NewTask(title: title, partyID: shop.client.id, dueAt: midnight.addingTimeInterval(offset)), by: shop.manager,
                               on: shop.connection)
        }
        _ = try crm.create(NewTask(title: "чужая", assigneeID: shop.otherManager.userID, dueAt: midnight.addingTimeInterval(-7200)),
                           by: shop.owner, on: shop.connection)
        let titles = { (due: TaskDue) in try crm.tasks(mine: true, due: due, by: shop.manager, on: shop.connection).map(\.title) }
        #expect(try titles(.overdue) == ["вчера"])
        #expect(try titles(.today) == ["утром", "вечером"])
        #expect(try titles(.upcoming) == ["завтра", "через неделю"])
        let yesterday = try #require(try crm.tasks(mine: true, due: .overdue, by: shop.manager, on: shop.connection).first)
        let done = try crm.update(yesterday.id, with: TaskChanges(version: yesterday.version, status: .done), by: shop.manager, on: shop.connection)
        #expect(done.status == .done && done.completedAt == CRMShop.now)
        #expect(try titles(.overdue).isEmpty)
        #expect(throws: ERPError.versionConflict(current: done.version)) {
            try crm.update(yesterday.id, with: TaskChanges(version: yesterday.version, title: "x"), by: shop.manager, on: shop.connection)
        }
        let report = try ReportsService(time: .fixed(CRMShop.now)).overdueTasks(by: shop.owner, on: shop.connection)
        #expect(report.rows.map { $0.map(\.display) } == [["boris", "1", "1", "0"], ["anna", "4", "0", "2"]])
        #expect(throws: ERPError.validationFailed(fields: ["remind_at": "must not be after due_at"])) {
            try crm.create(NewTask(title: "x", dueAt: midnight, remindAt: midnight.addingTimeInterval(1)), by: shop.manager, on: shop.connection)
        }
    }

    @Test func aDealKeepsEveryStageAndAWonDealBecomesADraftOrder() throws {
        let shop = try CRMShop.make()
        var deal = try shop.crm().create(NewDeal(partyID: shop.client.id, title: "Опт", amount: Money("10000.00")), by: shop.manager,
                                         on: shop.connection)
        for (index, stage) in [DealStage.qualified, .proposal, .won].enumerated() {
            deal = try shop.crm(at: CRMShop.now.addingTimeInterval(Double(index + 1) * 86_400))
                .update(deal.id, with: DealChanges(version: deal.version, stage: stage), by: shop.manager, on: shop.connection)
        }
        #expect(deal.stages.map(\.to) == [.lead, .qualified, .proposal, .won])
        #expect(deal.stages.map(\.from) == [nil, .lead, .qualified, .proposal])
        #expect(deal.closedAt == CRMShop.now.addingTimeInterval(3 * 86_400))
        #expect(throws: ERPError.invalidState(entity: "deal", current: "won", action: "change")) {
            try shop.crm().update(deal.id, with: DealChanges(version: deal.version, stage: .lost, lostReason: "x"), by: shop.manager,
                                  on: shop.connection)
        }
        let order = try shop.connection.transaction { tx in
            try shop.crm().order(fromDeal: deal.id, warehouse: shop.main.id,
                                 lines: [NewOrderLine(productID: shop.hammer.id, qty: Quantity("5")!)], by: shop.manager, in: tx)
        }
        #expect(order.status == .draft && order.clientID == shop.client.id)
        #expect(try shop.crm().deal(deal.id, by: shop.manager, on: shop.connection).orderID == order.id)
        let lost = try shop.crm().create(NewDeal(partyID: shop.client.id, title: "Розница"), by: shop.manager, on: shop.connection)
        #expect(throws: ERPError.validationFailed(fields: ["lost_reason": "is required when a deal is lost"])) {
            try shop.crm().update(lost.id, with: DealChanges(version: lost.version, stage: .lost), by: shop.manager, on: shop.connection)
        }
        _ = try shop.crm().update(lost.id, with: DealChanges(version: lost.version, stage: .lost, lostReason: "дорого"), by: shop.manager,
                                  on: shop.connection)
        let pipeline = try ReportsService().pipeline(by: shop.owner, on: shop.connection)
        #expect(pipeline.summary["conversion_pct"] == .percent("50.00"))
        #expect(pipeline.summary["average_cycle_days"] == .integer(3))
        #expect(throws: ERPError.notFound(entity: "deal", id: String(deal.id.rawValue))) {
            try shop.crm().deal(deal.id, by: shop.otherManager, on: shop.connection)
        }
    }

    @Test func activitiesAreLoggedForVisiblePartiesOnlyAndNeverEdited() throws {
        let shop = try CRMShop.make()
        let logged = try shop.crm().log(NewActivity(type: .meeting, partyID: shop.client.id, text: "Встреча в офисе"), by: shop.manager,
                                        on: shop.connection)
        #expect(logged.author == "anna" && logged.at == CRMShop.now)
        #expect(throws: ERPError.notFound(entity: "party", id: String(shop.otherClient.id.rawValue))) {
            try shop.crm().log(NewActivity(type: .call, partyID: shop.otherClient.id, text: "x"), by: shop.manager, on: shop.connection)
        }
        #expect(throws: ERPError.validationFailed(fields: ["text": "must be 1–5000 characters"])) {
            try shop.crm().log(NewActivity(type: .call, partyID: shop.client.id, text: "  "), by: shop.manager, on: shop.connection)
        }
        #expect(throws: (any Error).self) { try shop.connection.query("UPDATE activities SET text = 'changed'") }
        #expect(try shop.crm().activities(by: shop.otherManager, on: shop.connection).items.isEmpty)
    }
}
