// What goes wrong in a warehouse, and how it is put right: goods broken, expired, lost or
// shrunk and written off with their reason; a monthly count in the shop (and, once, an open count
// of the main warehouse's fasteners, filled in and posted); and one transfer sent to the wrong
// warehouse, cancelled by its reversing moves.

import Catalog
import ERPCore
import Warehouse

extension StockStep {
    /// The day's write-offs, the month-end count and the one-off corrections.
    func loseAndCount(_ demo: DemoState) throws {
        if demo.random.chance(demo.plan.ordersPerDay >= 50 ? 40 : 15) { try writeOff(demo) }
        if demo.clock.isMonthEnd { try countShop(demo) }
        let progress = demo.clock.dayIndex * 100 / max(1, demo.clock.days.count)
        if !countedFasteners && progress >= 55 {
            countedFasteners = true
            try countFasteners(demo)
        }
        if !cancelledMistake && progress >= 40 {
            cancelledMistake = true
            try cancelMistakenTransfer(demo)
        }
    }

    /// Writes off a few units of one to three goods in a random warehouse, with a fitting reason.
    private func writeOff(_ demo: DemoState) throws {
        let warehouse = demo.random.pick(demo.company.warehouses).id
        let candidates = (demo.assortment[warehouse] ?? []).filter { demo.stock.available(demo.products[$0].id, in: warehouse) > 0 }
        guard !candidates.isEmpty else { return }
        let picked = demo.random.sample(candidates, count: demo.random.int(in: 1...3))
        let product = demo.products[picked[0]]
        let perishable = ["PA", "PR", "DM", "SE"].contains(product.category)
        let (reason, note): (WriteOffReason, String?) = switch demo.random.int(in: 0...99) {
        case 0..<40: (.damaged, demo.random.pick(["Повреждена упаковка при разгрузке", "Бой при перемещении погрузчиком",
                                                   "Намокание при протечке кровли склада"]))
        case 40..<55 where perishable: (.expired, "Истёк срок годности")
        case 40..<55, 55..<65: (.lost, "Не найдено при отгрузке")
        case 65..<85 where product.step < 1_000: (.shrinkage, "Естественная убыль при отпуске на развес")
        case 65..<85: (.damaged, "Заводской брак, поставщик не принял")
        default: (.other, "Использовано для хозяйственных нужд склада")
        }
        let lines = picked.map { index in
            let product = demo.products[index]
            let available = demo.stock.available(product.id, in: warehouse)
            let qty = min(available, product.step * Int64(demo.random.int(in: 1...3)))
            return StockLine(productID: product.id, qty: Quantity(thousandths: qty))
        }
        try demo.post(.writeOff(NewWriteOff(warehouseID: warehouse, reason: reason, note: note, lines: lines)),
                      by: demo.company.keeper(of: warehouse))
    }

    /// Counted quantities for `indices` in `warehouse`: most as booked, some short, a few over —
    /// never below what is reserved, which is on the shelf waiting for its order.
    private func counted(_ indices: [Int], in warehouse: WarehouseID, _ demo: DemoState) -> [CountLine] {
        indices.map { index in
            let product = demo.products[index]
            let onHand = demo.stock.onHand(product.id, in: warehouse)
            var counted = onHand
            switch demo.random.int(in: 0...99) {
            case 0..<18: counted = max(demo.stock.reserved(product.id, in: warehouse), onHand - product.step * Int64(demo.random.int(in: 1...2)))
            case 18..<24: counted = onHand + product.step
            default: break
            }
            return CountLine(productID: product.id, countedQty: Quantity(thousandths: counted))
        }
    }

    /// The shop's month-end count of part of its range, posted at once by its storekeeper.
    private func countShop(_ demo: DemoState) throws {
        let shop = demo.company.shop.id
        let range = demo.random.sample(demo.assortment[shop] ?? [], count: demo.plan.ordersPerDay >= 50 ? 120 : 30)
        guard !range.isEmpty else { return }
        try demo.post(.stockCount(NewStockCount(warehouseID: shop, note: "Инвентаризация на конец месяца",
                                                lines: counted(range.sorted(), in: shop, demo))), by: demo.company.keeper(of: shop))
    }

    /// An open count of the main warehouse's fasteners: book quantities recorded, filled in, posted.
    private func countFasteners(_ demo: DemoState) throws {
        let main = demo.company.main.id
        let keeper = demo.company.keeper(of: main)
        demo.tick()
        let opened = try demo.warehouse.post(.stockCount(NewStockCount(warehouseID: main, open: true,
                                                                      note: "Выборочная инвентаризация: крепёж")),
                                             by: keeper, on: demo.connection)
        let fasteners = (demo.assortment[main] ?? []).filter { ["FS", "AN"].contains(demo.products[$0].category) }
        demo.tick()
        _ = try demo.warehouse.fill(opened.id, with: StockCountChanges(version: opened.version, lines: counted(fasteners, in: main, demo)),
                                    by: keeper, on: demo.connection)
        demo.tick()
        let posted = try demo.warehouse.postCount(opened.id, by: keeper, on: demo.connection)
        demo.stock.record(posted)
        demo.tally.count(posted)
    }

    /// A transfer to St Petersburg that should have gone to the shop, cancelled straight away.
    private func cancelMistakenTransfer(_ demo: DemoState) throws {
        let (main, spb) = (demo.company.main.id, demo.company.spb.id)
        let spare = (demo.assortment[main] ?? []).filter { demo.stock.available(demo.products[$0].id, in: main) >= 2 * demo.products[$0].step }
        let lines = demo.random.sample(spare, count: 2).map { index in
            StockLine(productID: demo.products[index].id, qty: Quantity(thousandths: demo.products[index].step))
        }
        guard !lines.isEmpty else { return }
        let keeper = demo.company.chiefKeeper
        let transfer = try demo.post(.transfer(NewTransfer(fromWarehouseID: main, toWarehouseID: spb, note: "Пополнение", lines: lines)),
                                     by: keeper)
        demo.tick()
        let cancelled = try demo.warehouse.cancel(transfer.id, type: .transfer, by: keeper, on: demo.connection)
        for line in cancelled.lines {
            demo.stock.move(line.productID, in: main, by: line.qty?.thousandths ?? 0)
            demo.stock.move(line.productID, in: spb, by: -(line.qty?.thousandths ?? 0))
        }
        demo.tally.countCancellation(of: cancelled)
    }
}
