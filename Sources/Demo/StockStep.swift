// The stock history: what each warehouse carries and how much of it, opening deliveries from
// every supplier, then deliveries on each supplier's round whenever goods run low, the shop
// restocked from the main warehouse twice a week, now and then a transfer to St Petersburg —
// and the losses and counts of StockStep+Losses. Levels are planned from expected sales: a
// warehouse keeps `coverDays` of sales and reorders when it is down to `reorderDays`. The opening
// deliveries are plain receipts; later ones arrive against supplier orders (StockStep+Purchases).

import Catalog
import ERPCore
import Parties
import Warehouse

/// Receipts, transfers, write-offs and stock counts.
final class StockStep: DemoStep {
    let title = "stock"
    /// Which supplier (index into `demo.suppliers`) delivers each product (index into `demo.products`).
    var supplierOf: [Int: Int] = [:]
    /// Per warehouse and product index: the level to restock to, and the level that triggers a delivery.
    private var target: [WarehouseID: [Int: Int64]] = [:]
    private var reorder: [WarehouseID: [Int: Int64]] = [:]
    /// The day index of each supplier's next delivery.
    private var nextDelivery: [Int] = []
    /// Whether the mistaken transfer (posted, then cancelled) has happened.
    var cancelledMistake = false
    /// Whether the open count of the main warehouse's fasteners has happened.
    var countedFasteners = false
    /// The latest receipt against a supplier order (a return to the supplier is taken from it).
    var lastPurchaseReceipt: StockDocument?
    /// Supplier bills not paid yet: to whom, how much, and the day they fall due.
    var unpaidBills: [(supplierID: PartyID, amount: Money, due: CalendarDate)] = []

    init() {}

    func setUp(_ demo: DemoState) throws {
        let company = demo.company
        let goods = demo.products.indices.filter { demo.products[$0].isGoods }
        for index in goods {
            let product = demo.products[index]
            supplierOf[index] = demo.suppliers.firstIndex { $0.categories.contains(product.category) } ?? index % demo.suppliers.count
        }
        // The shop has no room for timber and sheets; it and St Petersburg carry part of the range.
        demo.assortment[company.main.id] = goods
        demo.assortment[company.shop.id] = goods.filter { !["TM", "SH"].contains(demo.products[$0].category) && demo.random.chance(60) }
        demo.assortment[company.spb.id] = goods.filter { _ in demo.random.chance(65) }
        plan(demo)
        try setReorderPolicies(goods, demo)
        for warehouse in suppliedWarehouses(demo) {
            for supplier in demo.suppliers.indices {
                let lines = (demo.assortment[warehouse] ?? []).filter { supplierOf[$0] == supplier }.map { index in
                    (index, target[warehouse]?[index] ?? 0)
                }
                try receive(lines, from: supplier, into: warehouse, by: company.keeper(of: warehouse), demo)
            }
        }
        for branch in branches(demo) { try restock(branch, demo, force: true) }
        nextDelivery = demo.suppliers.indices.map { _ in demo.random.int(in: demo.plan.deliveryEvery) }
    }

    func day(_ demo: DemoState) throws {
        for supplier in demo.suppliers.indices where nextDelivery[supplier] <= demo.clock.dayIndex {
            nextDelivery[supplier] = demo.clock.dayIndex + demo.random.int(in: demo.plan.deliveryEvery)
            for warehouse in suppliedWarehouses(demo) {
                let lines = (demo.assortment[warehouse] ?? []).compactMap { index -> (Int, Int64)? in
                    guard supplierOf[index] == supplier else { return nil }
                    let available = demo.stock.available(demo.products[index].id, in: warehouse)
                    guard available < reorder[warehouse]?[index] ?? 0 else { return nil }
                    return (index, (target[warehouse]?[index] ?? 0) - available)
                }
                try purchase(lines, from: supplier, into: warehouse, demo)
            }
        }
        // The truck goes to the branches on the plan's weekdays (Tuesdays and Fridays, or daily in a big business).
        if demo.plan.restockWeekdays.contains(demo.clock.weekday) {
            for branch in branches(demo) { try restock(branch, demo, force: false) }
        }
        if !demo.plan.branchesFromMain && demo.random.chance(4) { try restockPetersburg(demo) }
        try loseAndCount(demo)
    }

    func finish(_ demo: DemoState) throws {
        try finishPurchases(demo)
    }

    /// The warehouses suppliers deliver to: the main one, and St Petersburg unless it is supplied from the main one.
    private func suppliedWarehouses(_ demo: DemoState) -> [WarehouseID] {
        demo.plan.branchesFromMain ? [demo.company.main.id] : [demo.company.main.id, demo.company.spb.id]
    }

    /// The warehouses the main one restocks: the shop, and St Petersburg when the plan says so.
    private func branches(_ demo: DemoState) -> [WarehouseID] {
        demo.plan.branchesFromMain ? [demo.company.shop.id, demo.company.spb.id] : [demo.company.shop.id]
    }

    /// Plans the levels from the expected sales per day of each product in each warehouse.
    private func plan(_ demo: DemoState) {
        let weights = demo.clients.reduce(into: [WarehouseID: Int64]()) { $0[$1.warehouse, default: 0] += $1.weight }
        let totalWeight = max(1, weights.values.reduce(0, +))
        let lines = Int64(demo.plan.linesPerOrder.lowerBound + demo.plan.linesPerOrder.upperBound) / 2
        for warehouse in demo.company.warehouses.map(\.id) {
            let carried = demo.assortment[warehouse] ?? []
            let productWeight = max(1, carried.reduce(0) { $0 + demo.products[$1].weight })
            // Lines a day sold from this warehouse, in thousandths of a line.
            let linesPerDay = Int64(demo.plan.ordersPerDay) * (weights[warehouse] ?? 0) * lines * 1_000 / totalWeight
            for index in carried {
                let product = demo.products[index]
                let perLine = product.saleMax * 1_000 / 3
                let perDay = linesPerDay * product.weight / productWeight * perLine / 1_000
                target[warehouse, default: [:]][index] = Self.rounded(max(perDay * Int64(demo.plan.coverDays), product.saleMax * 1_500),
                                                                      to: Self.pack(of: product))
                reorder[warehouse, default: [:]][index] = perDay * Int64(demo.plan.reorderDays) + product.saleMax * 500
            }
        }
        let main = demo.company.main.id
        for branch in branches(demo) {
            // A branch is restocked as soon as it is down to half of its shelf, and the main
            // warehouse also holds what the branch takes from it.
            for (index, shelf) in (target[branch] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let point = reorder[branch]?[index] ?? 0
                reorder[branch]?[index] = max(point, shelf / 2)
                target[main]?[index, default: 0] += shelf
                reorder[main]?[index, default: 0] += shelf / 2
            }
        }
    }

    /// Posts a receipt of `lines` (product index, quantity wanted) from `supplier`, in delivery packs.
    private func receive(_ lines: [(Int, Int64)], from supplier: Int, into warehouse: WarehouseID, by keeper: Principal,
                         _ demo: DemoState) throws {
        let receiptLines = lines.filter { $0.1 > 0 }.map { index, wanted in
            let product = demo.products[index]
            let cost = product.cost * Int64(demo.random.int(in: 97...103)) / 100
            return ReceiptLine(productID: product.id, qty: Quantity(thousandths: Self.rounded(wanted, to: Self.pack(of: product))),
                               unitCost: Money(minorUnits: max(1, cost)))
        }
        guard !receiptLines.isEmpty else { return }
        let reference = "УПД № \(demo.random.int(in: 1_000...99_999)) от \(demo.clock.today.dotted)"
        try demo.post(.receipt(NewReceipt(warehouseID: warehouse, supplierID: demo.suppliers[supplier].id, supplierRef: reference,
                                          lines: receiptLines)), by: keeper)
    }

    /// Moves what `branch` runs short of from the main warehouse (everything it should hold when `force`).
    private func restock(_ branch: WarehouseID, _ demo: DemoState, force: Bool) throws {
        let main = demo.company.main.id
        let lines = (demo.assortment[branch] ?? []).compactMap { index -> StockLine? in
            let product = demo.products[index]
            let available = demo.stock.available(product.id, in: branch)
            guard force || available < reorder[branch]?[index] ?? 0 else { return nil }
            let wanted = Self.rounded((target[branch]?[index] ?? 0) - available, to: product.step)
            let qty = min(wanted, demo.stock.available(product.id, in: main) / product.step * product.step)
            return qty > 0 ? StockLine(productID: product.id, qty: Quantity(thousandths: qty)) : nil
        }
        guard !lines.isEmpty else { return }
        let note = branch == demo.company.shop.id ? "Пополнение магазина" : "Пополнение склада СПб"
        try demo.post(.transfer(NewTransfer(fromWarehouseID: main, toWarehouseID: branch, note: note, lines: lines)),
                      by: demo.company.chiefKeeper)
    }

    /// Sends St Petersburg a few goods it is short of, when the main warehouse has them to spare.
    private func restockPetersburg(_ demo: DemoState) throws {
        let (main, spb) = (demo.company.main.id, demo.company.spb.id)
        let short = (demo.assortment[spb] ?? []).filter { index in
            demo.stock.available(demo.products[index].id, in: spb) < reorder[spb]?[index] ?? 0
        }
        let lines = demo.random.sample(short, count: demo.random.int(in: 3...10)).compactMap { index -> StockLine? in
            let product = demo.products[index]
            let spare = demo.stock.available(product.id, in: main) - (target[main]?[index] ?? 0) / 2
            let qty = min(Self.rounded((target[spb]?[index] ?? 0) / 2, to: product.step), spare / product.step * product.step)
            return qty > 0 ? StockLine(productID: product.id, qty: Quantity(thousandths: qty)) : nil
        }
        guard !lines.isEmpty else { return }
        try demo.post(.transfer(NewTransfer(fromWarehouseID: main, toWarehouseID: spb, note: "Срочное пополнение склада СПб",
                                            lines: lines)), by: demo.company.chiefKeeper)
    }

    /// The quantity a supplier delivers in: tens of fast-moving pieces, 25 kg boxes, 50 m coils, 10 l cans.
    /// Tells the catalog what the stock plan knows, so reorder suggestions group by the real
    /// supplier and round to its pack: the preferred supplier, the delivery pack, and the main
    /// warehouse's restocking level as `max_stock` (never below the catalog's `min_stock`, twice the
    /// largest sale).
    private func setReorderPolicies(_ goods: [Int], _ demo: DemoState) throws {
        let main = demo.company.main.id
        for index in goods {
            guard let supplier = supplierOf[index] else { continue }
            let product = demo.products[index]
            let changes = ProductChanges(
                version: product.version, maxStock: Quantity(thousandths: max(target[main]?[index] ?? 0, product.saleMax * 2_000)),
                preferredSupplierID: SupplierID(rawValue: demo.suppliers[supplier].id.rawValue),
                packSize: Quantity(thousandths: Self.pack(of: product)))
            demo.products[index].version = try demo.catalog.update(product.id, with: changes, by: demo.company.owner, on: demo.connection).version
        }
    }

    static func pack(of product: DemoProduct) -> Int64 {
        switch product.step {
        case 100: 25_000
        case 500: product.saleMax >= 50 ? 50_000 : 10_000
        default: product.saleMax >= 20 ? 10_000 : 1_000
        }
    }

    /// `qty` rounded up to a multiple of `unit`.
    static func rounded(_ qty: Int64, to unit: Int64) -> Int64 {
        qty <= 0 ? 0 : (qty + unit - 1) / unit * unit
    }
}
