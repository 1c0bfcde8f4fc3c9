// What the loader believes is in stock, kept in step with every document it posts, so that it
// only sells, ships, transfers and writes off what is there (the services would refuse
// anything else: managers sell only what is in stock). The services stay the authority — this
// is the demo's memory of what it did, in thousandths like `Quantity`.

import Catalog
import ERPCore
import Warehouse

/// On hand and reserved per product and warehouse, as the loader's documents left them.
struct DemoStock: Sendable {
    private struct Key: Hashable {
        var product: ProductID
        var warehouse: WarehouseID
    }

    private struct Level {
        var onHand: Int64 = 0
        var reserved: Int64 = 0
    }

    private var levels: [Key: Level] = [:]

    init() {}

    /// On hand, in thousandths.
    func onHand(_ product: ProductID, in warehouse: WarehouseID) -> Int64 {
        levels[Key(product: product, warehouse: warehouse)]?.onHand ?? 0
    }

    /// Reserved for confirmed orders, in thousandths.
    func reserved(_ product: ProductID, in warehouse: WarehouseID) -> Int64 {
        levels[Key(product: product, warehouse: warehouse)]?.reserved ?? 0
    }

    /// On hand less reserved: what may still be sold, moved or written off.
    func available(_ product: ProductID, in warehouse: WarehouseID) -> Int64 {
        let level = levels[Key(product: product, warehouse: warehouse)] ?? Level()
        return level.onHand - level.reserved
    }

    /// Goods arrived (receipt, transfer in, return, count surplus) or left (negative `qty`).
    mutating func move(_ product: ProductID, in warehouse: WarehouseID, by qty: Int64) {
        levels[Key(product: product, warehouse: warehouse), default: Level()].onHand += qty
    }

    /// Goods reserved (positive) or released (negative).
    mutating func reserve(_ product: ProductID, in warehouse: WarehouseID, by qty: Int64) {
        levels[Key(product: product, warehouse: warehouse), default: Level()].reserved += qty
    }

    /// Records what a posted stock document did: every line's signed effect in its warehouse.
    mutating func record(_ document: StockDocument) {
        for line in document.lines {
            switch document.type {
            case .receipt:
                move(line.productID, in: document.warehouseID, by: line.qty?.thousandths ?? 0)
            case .transfer:
                let qty = line.qty?.thousandths ?? 0
                move(line.productID, in: document.warehouseID, by: -qty)
                if let destination = document.toWarehouseID { move(line.productID, in: destination, by: qty) }
            case .writeOff:
                move(line.productID, in: document.warehouseID, by: -(line.qty?.thousandths ?? 0))
            case .stockCount:
                move(line.productID, in: document.warehouseID, by: line.difference?.thousandths ?? 0)
            }
        }
    }
}
