// A new order: a client drawn by how often they buy, goods drawn by how popular they are in the
// client's warehouse (only what is there: managers sell only what is in stock), quantities in
// the steps the unit allows, the client's discount, delivery and other services for companies —
// and the order's fate decided up front: confirmed at once or a day later, left as a draft,
// cancelled, shipped in two parts, partly returned.

import ERPCore
import Sales
import Warehouse

extension SalesStep {
    static let comments = ["Доставка до 12:00", "Самовывоз", "Позвонить прорабу за час до приезда", "Счёт отправить на почту",
                           "Разгрузка с торца здания", "Въезд с ул. Строителей, пропуск заказан"]

    /// An order composed but not yet created, and its fate decided up front.
    struct TakenOrder {
        var command: NewOrder
        var client: Int
        /// The flight's plan (its order not yet set).
        var plan: (partial: Bool, restFollows: Bool, cancelRest: Bool, returns: Bool)
        var fate: Fate
    }

    /// What happens to a new order: it stays a draft, or is cancelled or confirmed some working days on.
    enum Fate {
        case draft
        case cancel(in: Int)
        case confirm(in: Int)
    }

    /// Takes `count` orders from clients: composes each (drawing as one order at a time would), then
    /// creates them with one batch call per manager (each order is created by its client's manager),
    /// and plans what happens to each.
    func takeOrders(_ count: Int, _ demo: DemoState) throws {
        let taken = try (0..<count).compactMap { _ in try composeOrder(demo) }
        let byManager = Dictionary(grouping: taken.indices) { demo.clients[taken[$0].client].manager.userID }
        for manager in byManager.keys.sorted() {
            guard let indices = byManager[manager], let first = indices.first else { continue }
            let orders = try demo.sales.create(indices.map { taken[$0].command }, by: demo.clients[taken[first].client].manager,
                                               on: demo.connection)
            for (index, order) in zip(indices, orders) {
                demo.tally.orders += 1
                statuses[order.id] = order.status
                demo.today.created.append(order)
                var flight = Flight(order: order, client: taken[index].client, next: .confirm)
                (flight.partial, flight.restFollows, flight.cancelRest, flight.returns) = taken[index].plan
                switch taken[index].fate {
                case .draft: land(flight)  // a quote the client never came back for: it stays a draft
                case .cancel(let days): plan(flight, .cancel, in: days, demo)
                case .confirm(let days): plan(flight, .confirm, in: days, demo)
                }
            }
        }
    }

    /// Composes one order from a client for their manager and decides its fate, or nil when the
    /// client's warehouse has nothing for them.
    private func composeOrder(_ demo: DemoState) throws -> TakenOrder? {
        if clientChoice?.count != demo.clients.count {
            clientChoice = (demo.clients.count, WeightedChoice(demo.clients.map(\.weight)))
        }
        guard let clients = clientChoice, clients.count > 0 else { return nil }
        let clientIndex = clients.choice.draw(using: &demo.random)
        let client = demo.clients[clientIndex]
        var lines = try goodsLines(for: client, demo)
        guard !lines.isEmpty else { return nil }
        if !client.retail {
            if let delivery = client.delivery, demo.random.chance(35) {
                lines.append(NewOrderLine(productID: demo.products[delivery].id, qty: Quantity(thousandths: 1_000)))
            }
            if demo.random.chance(10), let unloading = demo.products.first(where: { $0.name.hasPrefix("Разгрузка") }) {
                lines.append(NewOrderLine(productID: unloading.id, qty: Quantity(thousandths: 1_000)))
            }
        }
        demo.tick()
        let comment = demo.random.chance(15) ? demo.random.pick(Self.comments) : nil
        let command = NewOrder(clientID: client.id, warehouseID: client.warehouse, comment: comment, lines: lines)

        var plan = (partial: !client.retail && lines.count >= 3 && demo.random.chance(12), restFollows: true, cancelRest: false,
                    returns: false)
        if plan.partial {
            plan.restFollows = demo.random.chance(75)
            plan.cancelRest = !plan.restFollows && demo.random.chance(40)
        }
        plan.returns = demo.random.chance(client.retail ? 2 : 4)
        let fate: Fate = switch demo.random.int(in: 0...99) {
        case 0..<3 where !client.retail: .draft
        case 3..<6 where !client.retail: .cancel(in: demo.random.int(in: 1...5))
        case 6..<20 where !client.retail: .confirm(in: demo.random.int(in: 1...2))
        default: .confirm(in: 0)
        }
        return TakenOrder(command: command, client: clientIndex, plan: plan, fate: fate)
    }

    /// Goods lines for `client`'s order: distinct products in stock in their warehouse, with the
    /// client's discount (and now and then a little more on a line).
    private func goodsLines(for client: DemoClient, _ demo: DemoState) throws -> [NewOrderLine] {
        let carried = demo.assortment[client.warehouse] ?? []
        guard !carried.isEmpty else { return [] }
        if productChoice[client.warehouse] == nil {
            productChoice[client.warehouse] = WeightedChoice(carried.map { demo.products[$0].weight })
        }
        guard let choice = productChoice[client.warehouse] else { return [] }
        let range = client.retail ? 1...4 : demo.plan.linesPerOrder
        let wanted = demo.random.int(in: range)
        var taken = Set<Int>()
        var lines: [NewOrderLine] = []
        for _ in 0..<(wanted * 3) where lines.count < wanted {
            let index = carried[choice.draw(using: &demo.random)]
            guard taken.insert(index).inserted else { continue }
            let product = demo.products[index]
            let available = demo.stock.available(product.id, in: client.warehouse) / product.step
            guard available > 0 else { continue }
            let steps = max(1, product.saleMax * 1_000 / product.step / (client.retail ? 3 : 1))
            let drawn = min(demo.random.int64(in: 1...steps), demo.random.int64(in: 1...steps))
            var discount = client.discount
            if !client.retail && demo.random.chance(8) { discount += Int64(demo.random.int(in: 2...5)) * 100 }
            lines.append(NewOrderLine(productID: product.id, qty: Quantity(thousandths: min(drawn, available) * product.step),
                                      discountPct: discount > 0 ? try Percentage(basisPoints: discount) : nil))
        }
        return lines
    }
}
