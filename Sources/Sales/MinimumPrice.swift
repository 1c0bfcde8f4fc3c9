// The minimum price rule (issue #18): a manager may not save or confirm a line whose price after
// discount is below the product's floor — a fixed minimum price, or "not below average cost" at
// the order's warehouse, whichever is higher — without `sales.below_min_price` (the owner's).
// Checked when lines are saved and again at confirmation, since the floor or the cost may have
// moved in between; a refusal is `422` naming the line and the floor, and nothing is saved.

import Catalog
import ERPCore
import Postgres
import Warehouse

/// A line as the rule sees it.
struct FloorLine {
    /// Where a refusal is reported: `lines[i]`.
    var field: String
    var productID: ProductID
    var sku: String
    /// The order's warehouse, whose average cost is the floor "not below cost".
    var warehouseID: WarehouseID
    var qty: Quantity
    /// The unit price less the line's discount, in the order's price terms (VAT included or not).
    var unitPrice: Money
    /// The line's amount without VAT, compared with the cost of the goods.
    var net: Money
}

enum MinimumPrice {
    /// Records a problem under `lines[i].price` for every line below its floor, unless
    /// `principal` may sell below it. The lines may be of many orders: the floors are read once,
    /// the costs once per warehouse.
    /// - Throws: `PostgresError`, `ValueError` (a cost beyond Int64).
    static func check(_ lines: [FloorLine], by principal: Principal, problems: inout FieldErrors, in tx: Transaction) throws {
        guard !lines.isEmpty, !principal.may(.sellBelowMinimumPrice) else { return }
        let floors = try ProductTypePrices.floors(of: Array(Set(lines.map(\.productID))), in: tx)
        guard !floors.isEmpty else { return }
        var costs: [WarehouseID: [ProductID: Money]] = [:]
        for (warehouse, atCost) in Dictionary(grouping: lines.filter { floors[$0.productID]?.atCost == true }, by: \.warehouseID)
            .sorted(by: { $0.key < $1.key }) {
            costs[warehouse] = try StockLedger.averageCosts(of: Array(Set(atCost.map(\.productID))), in: warehouse, in: tx)
        }
        for line in lines {
            guard let floor = floors[line.productID] else { continue }
            if let minimum = floor.floor, line.unitPrice < minimum {
                problems.add("\(line.field).price", "\(line.unitPrice) after discount is below the minimum price \(minimum) "
                             + "of \(line.sku) (selling below it needs \(Permission.sellBelowMinimumPrice.rawValue))")
            } else if floor.atCost, let cost = costs[line.warehouseID]?[line.productID], try line.net < line.qty.amount(at: cost) {
                problems.add("\(line.field).price", "\(line.net) without VAT is below the average cost \(cost) per unit "
                             + "of \(line.sku) (selling below it needs \(Permission.sellBelowMinimumPrice.rawValue))")
            }
        }
    }

    /// Refuses confirming `orders` while a line is below its floor (the floor or the cost may
    /// have changed since the line was saved); each line is named `prefix(i)` + `lines[j]`.
    /// - Throws: `ERPError.validationFailed` naming each line; `PostgresError`, `ValueError`.
    static func requireAbove(_ orders: [SalesOrder], field prefix: (Int) -> String, by principal: Principal, in tx: Transaction) throws {
        var problems = FieldErrors()
        let lines = orders.enumerated().flatMap { index, order in
            order.lines.map { line in
                FloorLine(field: "\(prefix(index))lines[\(line.lineNo - 1)]", productID: line.productID, sku: line.sku,
                          warehouseID: order.warehouseID, qty: line.qty, unitPrice: line.price.discounted(by: line.discountPct), net: line.net)
            }
        }
        try check(lines, by: principal, problems: &problems, in: tx)
        try problems.throwIfAny()
    }
}
