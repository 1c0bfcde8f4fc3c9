// The CRM side of the demo: managers call their clients and note what came of it, leave
// themselves tasks (some done on time, some still open and late — the owner's overdue report has
// something to show), and work deals through the pipeline, winning some into draft orders and
// losing others with a reason. All through CRMService, on the simulated clock.

import CRM
import ERPCore
import Foundation
import Parties
import Sales

/// Activities, tasks and deals for the demo's clients.
final class CRMStep: DemoStep {
    let title = "CRM: calls, tasks and deals"
    let lane = DemoLane.books
    /// Deals still in the pipeline, with the day they last moved.
    private var open: [(deal: Deal, manager: Principal, moved: Int)] = []
    /// Random numbers of its own, so adding the CRM leaves the rest of the story as it was.
    private var random = DemoRandom(seed: 0x43_524D)

    func day(_ demo: DemoState) throws {
        let crm = CRMService(time: demo.clock.time)
        let day = demo.clock.dayIndex
        // A call about most new orders.
        for order in demo.today.created where random.chance(60) {
            guard let client = demo.client(order.clientID), !client.retail else { continue }
            let outcome = random.pick(["ждут счёт", "согласовали доставку", "попросили скидку", "всё устраивает"])
            _ = try crm.log(NewActivity(type: .call, partyID: client.id, orderID: order.id, text: "Звонок по заказу \(order.number)",
                                        outcome: outcome), by: client.manager, on: demo.connection)
        }
        let wholesale = demo.clients.filter { !$0.retail }
        guard !wholesale.isEmpty else { return }
        // A follow-up task now and then; most get done, some are forgotten.
        if random.chance(50) {
            let client = random.pick(wholesale)
            let due = demo.clock.now.addingTimeInterval(Double(random.int(in: 1...5)) * 86_400)
            let task = try crm.create(NewTask(title: random.pick(["Перезвонить", "Отправить прайс", "Напомнить об оплате",
                                                                       "Согласовать отгрузку"]) + " — \(client.name)",
                                              partyID: client.id, dueAt: due, priority: random.chance(20) ? .high : .normal),
                                      by: client.manager, on: demo.connection)
            if random.chance(70) {
                _ = try crm.update(task.id, with: TaskChanges(version: task.version, status: .done), by: client.manager, on: demo.connection)
            }
        }
        // A new lead every few days; open deals move on or fall through.
        if random.chance(25) {
            let client = random.pick(wholesale)
            let deal = try crm.create(NewDeal(partyID: client.id, title: random.pick(["Поставка на объект", "Сезонный заказ",
                                                                                          "Оснащение склада", "Ремонт офиса"]),
                                              amount: Money(minorUnits: random.int64(in: 20_000...500_000) * 100)),
                                      by: client.manager, on: demo.connection)
            open.append((deal, client.manager, day))
        }
        var still: [(deal: Deal, manager: Principal, moved: Int)] = []
        for item in open {
            guard day - item.moved >= 3, random.chance(40) else { still.append(item); continue }
            let next: DealStage = switch item.deal.stage {
            case .lead: random.chance(70) ? .qualified : .lost
            case .qualified: .proposal
            case .proposal: .negotiation
            default: random.chance(65) ? .won : .lost
            }
            let moved = try crm.update(item.deal.id, with: DealChanges(
                version: item.deal.version, stage: next, lostReason: next == .lost ? random.pick(["дорого", "выбрали другого поставщика",
                                                                                                     "проект отложен"]) : nil),
                by: item.manager, on: demo.connection)
            if !next.isClosedForDemo { still.append((moved, item.manager, day)) }
        }
        open = still
    }
}

private extension DealStage {
    var isClosedForDemo: Bool { self == .won || self == .lost }
}
