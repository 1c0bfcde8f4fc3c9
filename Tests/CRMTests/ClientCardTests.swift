import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Sales
import Testing

@testable import CRM

@Suite("Client card")
struct ClientCardTests {
    @Test func theCardHasEverythingAboutTheClient() throws {
        let shop = try CRMShop.make()
        let order = try shop.shippedOrder("2")
        let draft = try shop.sales().create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                                     lines: [NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                            by: shop.manager, on: shop.connection)
        let billing = BillingService(time: .fixed(CRMShop.now))
        _ = try billing.issue(IssueRequest(type: .upd), for: order.id, by: shop.accountant, on: shop.connection)
        _ = try billing.record(NewPayment(clientID: shop.client.id, amount: Money("1000.00")!, date: CalendarDate("2026-11-30")!),
                               by: shop.accountant, on: shop.connection)
        _ = try shop.crm().log(NewActivity(type: .call, partyID: shop.client.id, text: "Обсудили поставку", outcome: "ждут счёт"),
                               by: shop.manager, on: shop.connection)
        _ = try shop.crm().create(NewTask(title: "Перезвонить", partyID: shop.client.id, dueAt: CRMShop.now.addingTimeInterval(86_400)),
                                  by: shop.manager, on: shop.connection)
        _ = try shop.crm().create(NewDeal(partyID: shop.client.id, title: "Опт на весну", amount: Money("50000.00")),
                                  by: shop.manager, on: shop.connection)
        let card = try shop.crm().card(of: shop.client.id, by: shop.manager, on: shop.connection)
        #expect(card.party.name == "ООО «Ромашка»")
        #expect(card.openOrders.map(\.id) == [draft.id])
        #expect(card.recentOrders.map(\.id) == [draft.id, order.id])
        #expect(card.documents.count == 1 && card.payments.count == 1)
        #expect(card.balance == Money("1280.00"))  // 2 × 1200 less 5 % = 2280 delivered, 1000 paid
        #expect(card.overdue == .zero())
        #expect(card.openTasks.map(\.title) == ["Перезвонить"])
        #expect(card.deals.map(\.title) == ["Опт на весну"])
        #expect(Set(card.timeline.map(\.kind)).isSuperset(of: ["activity", "order", "shipment", "document", "payment", "change"]))
    }

    @Test func anotherManagersClientHasNoCard() throws {
        let shop = try CRMShop.make()
        #expect(throws: ERPError.notFound(entity: "party", id: String(shop.otherClient.id.rawValue))) {
            try shop.crm().card(of: shop.otherClient.id, by: shop.manager, on: shop.connection)
        }
        #expect(throws: ERPError.forbidden(action: "see activities, tasks, deals and client cards")) {
            try shop.crm().card(of: shop.client.id, by: shop.keeper, on: shop.connection)
        }
        #expect(try shop.crm().card(of: shop.otherClient.id, by: shop.owner, on: shop.connection).party.id == shop.otherClient.id)
    }

    @Test func theTimelineIsNewestFirstAndPagesWithoutGapsOrRepeats() throws {
        let shop = try CRMShop.make()
        for day in 0..<6 {
            let at = CRMShop.now.addingTimeInterval(Double(day) * 3600)
            _ = try shop.crm(at: at).log(NewActivity(type: .note, partyID: shop.client.id, text: "заметка \(day)"), by: shop.manager, on: shop.connection)
            try shop.shippedOrder("1", at: at)
        }
        let all = try shop.crm().card(of: shop.client.id, timelineLimit: 500, by: shop.owner, on: shop.connection).timeline
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.position > $1.position })
        var paged: [TimelineEvent] = []
        var cursor: String?
        repeat {
            let card = try shop.crm().card(of: shop.client.id, timelineLimit: 4, cursor: cursor, by: shop.owner, on: shop.connection)
            paged += card.timeline
            cursor = card.timelineCursor
        } while cursor != nil
        #expect(paged == all)
        #expect(throws: ERPError.validationFailed(fields: ["timeline_cursor": "is not a cursor returned by this card"])) {
            try shop.crm().card(of: shop.client.id, cursor: "nonsense", by: shop.owner, on: shop.connection)
        }
    }
}
