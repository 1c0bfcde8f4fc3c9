// The sales history: every working day managers take new orders from their clients (composed in
// SalesStep+Orders), and the orders already taken move on — confirmed (reserving stock), shipped
// by the warehouse's storekeeper (some in two parts, some left half shipped), cancelled now and
// then, and a few goods brought back. Each order has one next action on one day; what happens
// is recorded in `demo.today` for the billing step, and stock in the loader's memory.

import ERPCore
import Foundation
import Sales
import Warehouse

/// Sales orders from draft to shipment, cancellations and returns.
final class SalesStep: DemoStep {
    let title = "sales"

    /// What an order does next.
    enum Action {
        case confirm
        case ship
        case cancel
        case takeReturn
    }

    /// An order in flight and its plan.
    struct Flight {
        var order: SalesOrder
        var client: Int
        var next: Action
        /// The first shipment takes only part of the order.
        var partial = false
        /// After a partial shipment: whether the rest follows (otherwise the order stays part-shipped, or is cancelled).
        var restFollows = true
        var cancelRest = false
        var returns = false
    }

    var flights: [SalesOrderID: Flight] = [:]
    /// Orders due on each day index.
    var schedule: [Int: [SalesOrderID]] = [:]
    /// Every order's status as it stands.
    var statuses: [SalesOrderID: OrderStatus] = [:]
    var clientChoice: (count: Int, choice: WeightedChoice)?
    var productChoice: [WarehouseID: WeightedChoice] = [:]

    init() {}

    func day(_ demo: DemoState) throws {
        try actOnDueOrders(demo)
        let count = demo.plan.ordersPerDay * demo.random.int(in: 60...140) / 100
        try takeOrders(count, demo)
        // Orders taken today may be confirmed and shipped today too.
        try actOnDueOrders(demo)
    }

    /// Does the next action of every order due today, oldest order first, until none is left. The
    /// managers confirm together: each order is trimmed to the stock in the loader's memory in
    /// turn (reserving it there at once), then each manager confirms theirs in one batch. The
    /// storekeepers ship in waves: the orders due for shipping go out together after the others,
    /// one batch per warehouse (shipping leaves what is available as it was, so nothing else
    /// depends on when in the pass it happens).
    private func actOnDueOrders(_ demo: DemoState) throws {
        while let due = schedule.removeValue(forKey: demo.clock.dayIndex) {
            var shipping: [Flight] = []
            var confirming: [Flight] = []
            for id in due.sorted() {
                guard let flight = flights[id] else { continue }
                switch flight.next {
                case .confirm: if let ready = try prepareConfirmation(flight, demo) { confirming.append(ready) }
                case .ship: shipping.append(flight)
                case .cancel: try cancel(flight, demo)
                case .takeReturn: try takeReturn(flight, demo)
                }
            }
            try confirm(confirming, demo)
            for warehouse in demo.company.warehouses.map(\.id) {
                try ship(shipping.filter { $0.order.warehouseID == warehouse }, from: warehouse, demo)
            }
        }
    }

    func finish(_ demo: DemoState) throws {
        for status in statuses.values { demo.tally.ordersByStatus[status] += 1 }
    }

    /// Plans `flight`'s next action `days` working days from today (never, past the history's end).
    func plan(_ flight: Flight, _ action: Action, in days: Int, _ demo: DemoState) {
        var flight = flight
        flight.next = action
        flights[flight.order.id] = flight
        schedule[demo.clock.dayIndex + days, default: []].append(flight.order.id)
    }

    /// Forgets an order whose story is over.
    func land(_ flight: Flight) {
        flights[flight.order.id] = nil
        statuses[flight.order.id] = flight.order.status
    }

    /// Readies a draft for confirmation by its manager: trims the lines the stock no longer covers
    /// (cancelling the order when no goods are left), reserves its goods in the loader's memory and
    /// plans what follows the confirmation. Nil when the order was cancelled instead.
    func prepareConfirmation(_ flight: Flight, _ demo: DemoState) throws -> Flight? {
        var flight = flight
        let client = demo.clients[flight.client]
        let warehouse = flight.order.warehouseID
        var trimmed = false
        let lines = flight.order.lines.compactMap { line -> NewOrderLine? in
            guard line.kind == .goods else { return NewOrderLine(productID: line.productID, qty: line.qty, price: line.price, discountPct: line.discountPct) }
            let available = demo.stock.available(line.productID, in: warehouse)
            guard available < line.qty.thousandths else {
                return NewOrderLine(productID: line.productID, qty: line.qty, price: line.price, discountPct: line.discountPct)
            }
            trimmed = true
            let step = demo.product(line.productID)?.step ?? 1_000
            let qty = available / step * step
            return qty > 0 ? NewOrderLine(productID: line.productID, qty: Quantity(thousandths: qty), price: line.price,
                                          discountPct: line.discountPct) : nil
        }
        demo.tick()
        if trimmed {
            guard lines.contains(where: { line in flight.order.lines.contains { $0.productID == line.productID && $0.kind == .goods } }) else {
                try cancel(flight, demo)
                return nil
            }
            flight.order = try demo.sales.update(flight.order.id, with: OrderChanges(version: flight.order.version, lines: lines),
                                                 by: client.manager, on: demo.connection)
        }
        for line in flight.order.lines where line.kind == .goods {
            demo.stock.reserve(line.productID, in: warehouse, by: line.qty.thousandths)
        }
        if demo.random.chance(3) {
            // Two working days on at the earliest: the books, a day behind, invoice it first.
            plan(flight, .cancel, in: demo.random.int(in: 2...5), demo)
        } else {
            plan(flight, .ship, in: client.retail ? 0 : demo.random.int(in: 0...3), demo)
        }
        return flight
    }

    /// Confirms the readied `flights`, one batch per manager, and keeps the confirmed orders.
    func confirm(_ flights: [Flight], _ demo: DemoState) throws {
        let byManager = Dictionary(grouping: flights) { demo.clients[$0.client].manager.userID }
        for manager in byManager.keys.sorted() {
            guard let batch = byManager[manager], let first = batch.first else { continue }
            let confirmed = try demo.sales.confirm(batch.map(\.order.id), by: demo.clients[first.client].manager, on: demo.connection)
            for order in confirmed {
                self.flights[order.id]?.order = order
                statuses[order.id] = order.status
                demo.today.confirmed.append(order)
            }
        }
    }

    /// Ships `flights` from `warehouse` in one batch as its storekeeper: part of an order first
    /// when planned so, else everything left; then plans what follows for each order.
    func ship(_ flights: [Flight], from warehouse: WarehouseID, _ demo: DemoState) throws {
        guard !flights.isEmpty else { return }
        let batch = flights.map { flight in
            let goods = flight.order.lines.filter { $0.kind == .goods && $0.reserved.isPositive }
            var request = ShipRequest()
            if flight.partial && flight.order.status == .confirmed {
                request.lines = goods.prefix((goods.count + 1) / 2).map { OrderQuantity(productID: $0.productID, qty: $0.reserved) }
            }
            return OrderShipment(orderID: flight.order.id, request: request)
        }
        demo.tick()
        let shipped = try demo.sales.ship(batch, by: demo.company.keeper(of: warehouse), on: demo.connection)
        for (flight, (order, shipment)) in zip(flights, shipped) { planAfter(flight, shipped: order, shipment, demo) }
    }

    /// Remembers what `shipment` took and plans what follows: the rest, a cancellation or a return.
    private func planAfter(_ flight: Flight, shipped order: SalesOrder, _ shipment: Shipment, _ demo: DemoState) {
        var flight = flight
        flight.order = order
        for line in shipment.lines {
            demo.stock.move(line.productID, in: order.warehouseID, by: -line.qty.thousandths)
            demo.stock.reserve(line.productID, in: order.warehouseID, by: -line.qty.thousandths)
        }
        demo.tally.count(shipment)
        statuses[order.id] = order.status
        demo.today.shipped.append((order, shipment))
        if order.status == .partiallyShipped {
            if flight.restFollows { return plan(flight, .ship, in: demo.random.int(in: 2...8), demo) }
            if flight.cancelRest { return plan(flight, .cancel, in: demo.random.int(in: 5...15), demo) }
            return land(flight)
        }
        flight.returns ? plan(flight, .takeReturn, in: demo.random.int(in: 1...10), demo) : land(flight)
    }

    /// Cancels the order as its manager, releasing what it still holds.
    func cancel(_ flight: Flight, _ demo: DemoState) throws {
        demo.tick()
        let before = flight.order
        var flight = flight
        flight.order = try demo.sales.cancel(before.id, by: demo.clients[flight.client].manager, on: demo.connection)
        for line in before.lines where line.reserved.isPositive {
            demo.stock.reserve(line.productID, in: before.warehouseID, by: -line.reserved.thousandths)
        }
        demo.today.cancelled.append(before)
        land(flight)
    }

    /// Takes back part of one shipped line, with a reason, as the warehouse's storekeeper.
    func takeReturn(_ flight: Flight, _ demo: DemoState) throws {
        var flight = flight
        let returnable = flight.order.lines.filter { $0.kind == .goods && $0.shipped.thousandths > $0.returned.thousandths }
        guard !returnable.isEmpty else { return land(flight) }
        let line = demo.random.pick(returnable)
        let step = demo.product(line.productID)?.step ?? 1_000
        let most = (line.shipped.thousandths - line.returned.thousandths) / step
        let qty = Quantity(thousandths: step * Int64(demo.random.int(in: 1...Int(max(1, min(3, most))))))
        let reason = demo.random.pick(ReturnReason.allCases)
        let note: String? = switch reason {
        case .defective: "Не включается, гарантийный случай"
        case .wrongItem: "Привезли не тот размер"
        case .notNeeded: "Остались после завершения объекта"
        case .damagedInTransit: "Повреждено при доставке"
        case .other: "Клиент передумал, упаковка не вскрыта"
        }
        demo.tick()
        let (order, taken) = try demo.sales.takeReturn(ReturnRequest(reason: reason, note: note, lines: [OrderQuantity(productID: line.productID, qty: qty)]),
                                                       against: flight.order.id, by: demo.company.keeper(of: flight.order.warehouseID),
                                                       on: demo.connection)
        flight.order = order
        for returned in taken.lines { demo.stock.move(returned.productID, in: order.warehouseID, by: returned.qty.thousandths) }
        demo.tally.count(taken)
        demo.today.returned.append((order, taken))
        land(flight)
    }
}
