import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Testing

@testable import CRM

/// Who sees and changes which task (role × task link): a task belongs to the party it names, or
/// its order's client, or its deal's party; a task of no party to its author, its assignee and those
/// who see every client. Everyone else gets 404 — also when their version is stale.
@Suite("Task access")
struct TaskAccessTests {
    /// How many task rows there are and what they say (a refused change must leave it as it was).
    private func tasks(_ shop: CRMShop) throws -> String {
        try shop.connection.query("SELECT count(*) || ':' || COALESCE(string_agg(title || version || status, ',' ORDER BY id), '') FROM tasks")
            .single().decode(0, as: String.self)
    }

    private func expectInvisible(_ task: CRMTask, to principal: Principal, in shop: CRMShop) throws {
        let crm = shop.crm()
        let before = try tasks(shop)
        let missing = ERPError.notFound(entity: "task", id: String(task.id.rawValue))
        #expect(throws: missing) { try crm.task(task.id, by: principal, on: shop.connection) }
        for version in [task.version, task.version + 7] {  // a stale version says nothing either
            #expect(throws: missing) {
                try crm.update(task.id, with: TaskChanges(version: version, title: "чужое", status: .done), by: principal, on: shop.connection)
            }
        }
        #expect(try !crm.tasks(mine: false, by: principal, on: shop.connection).contains { $0.id == task.id })
        #expect(try tasks(shop) == before)
    }

    @Test func aTaskOfNoPartyIsItsAuthorsItsAssigneesAndTheirsWhoSeeEveryClient() throws {
        let shop = try CRMShop.make()
        let crm = shop.crm()
        let note = try crm.create(NewTask(title: "позвонить поставщику", dueAt: CRMShop.now), by: shop.manager, on: shop.connection)
        #expect(note.partyID == nil)
        try expectInvisible(note, to: shop.otherManager, in: shop)
        for viewer in [shop.manager, shop.owner, shop.accountant] {
            #expect(try crm.task(note.id, by: viewer, on: shop.connection).id == note.id)
        }
        // Assigned to boris by the owner: boris sees it, anna (neither author nor assignee) does not.
        let assigned = try crm.create(NewTask(title: "сверка", assigneeID: shop.otherManager.userID, dueAt: CRMShop.now), by: shop.owner,
                                      on: shop.connection)
        #expect(try crm.task(assigned.id, by: shop.otherManager, on: shop.connection).id == assigned.id)
        try expectInvisible(assigned, to: shop.manager, in: shop)
        let done = try crm.update(note.id, with: TaskChanges(version: note.version, status: .done), by: shop.manager, on: shop.connection)
        #expect(done.status == .done)
    }

    @Test func aTaskLinkedOnlyToAnOrderOrADealBelongsToItsClient() throws {
        let shop = try CRMShop.make()
        let crm = shop.crm()
        let order = try shop.sales().create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                                     lines: [NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                            by: shop.manager, on: shop.connection)
        let deal = try crm.create(NewDeal(partyID: shop.client.id, title: "Опт"), by: shop.manager, on: shop.connection)
        let byOrder = try crm.create(NewTask(title: "отгрузить", orderID: order.id, assigneeID: shop.owner.userID, dueAt: CRMShop.now),
                                     by: shop.owner, on: shop.connection)
        let byDeal = try crm.create(NewTask(title: "КП", dealID: deal.id, assigneeID: shop.owner.userID, dueAt: CRMShop.now),
                                    by: shop.owner, on: shop.connection)
        for task in [byOrder, byDeal] {
            #expect(task.partyID == shop.client.id)
            #expect(try crm.task(task.id, by: shop.manager, on: shop.connection).id == task.id, "anna owns the client")
            try expectInvisible(task, to: shop.otherManager, in: shop)
        }
        #expect(try crm.tasks(mine: false, party: shop.client.id, by: shop.manager, on: shop.connection).map(\.id).sorted()
            == [byOrder.id, byDeal.id].sorted())
    }

    @Test func aTaskNamingAPartyAndAnotherPartysOrderIsRefused() throws {
        let shop = try CRMShop.make()
        let order = try shop.sales().create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                                     lines: [NewOrderLine(productID: shop.hammer.id, qty: Quantity("1")!)]),
                                            by: shop.owner, on: shop.connection)
        let before = try tasks(shop)
        #expect(throws: ERPError.validationFailed(fields: ["order_id": "order \(order.id) is not party \(shop.otherClient.id)'s"])) {
            try shop.crm().create(NewTask(title: "x", partyID: shop.otherClient.id, orderID: order.id, dueAt: CRMShop.now), by: shop.owner,
                                  on: shop.connection)
        }
        #expect(throws: ERPError.notFound(entity: "order", id: String(order.id.rawValue))) {
            try shop.crm().create(NewTask(title: "x", orderID: order.id, dueAt: CRMShop.now), by: shop.otherManager, on: shop.connection)
        }
        #expect(try tasks(shop) == before)
    }
}
