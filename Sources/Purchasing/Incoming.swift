// What is on its way: the open lines of placed supplier orders (`qty − received`, never below
// zero, of orders `ordered` or `partially_received`). The Warehouse, below, cannot read supplier
// orders, so Purchasing composes the stock levels: it reads the Warehouse's page in its own
// transaction and fills in `incoming` from its own tables (docs/decisions.md, "Purchasing").

import Catalog
import ERPCore
import Postgres
import Warehouse

enum Incoming {
    /// What placed orders still expect, per product and warehouse (`product_id`, `warehouse_id`,
    /// `qty`): a subquery for callers to join and filter.
    static let open: PostgresQuery = """
        SELECT l.product_id, o.warehouse_id, sum(greatest(l.qty - l.received, 0))::bigint AS qty
        FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.order_id
        WHERE o.status IN ('ordered', 'partially_received')
        GROUP BY l.product_id, o.warehouse_id
        """

    /// What placed orders still expect of each of `products`, per (product, warehouse).
    /// - Throws: `PostgresError`.
    static func quantities(of products: [ProductID], in tx: Transaction) throws -> [LevelPlace: Quantity] {
        let rows = try tx.query("SELECT product_id, warehouse_id, qty FROM (" + open
                                + ") i WHERE product_id = ANY(\(products.map(\.rawValue))::bigint[])")
        var incoming: [LevelPlace: Quantity] = [:]
        for row in rows {
            let place = LevelPlace(product: try row.decode(0, as: ProductID.self), warehouse: try row.decode(1, as: WarehouseID.self))
            incoming[place] = Quantity(thousandths: try row.decode(2, as: Int64.self))
        }
        return incoming
    }

    /// `page` with every level's `incoming` filled in.
    /// - Throws: `PostgresError`.
    static func fill(_ page: StockLevelPage, in tx: Transaction) throws -> StockLevelPage {
        let incoming = try quantities(of: page.items.map(\.productID), in: tx)
        var filled = page
        for index in filled.items.indices {
            let level = filled.items[index]
            filled.items[index].incoming = incoming[LevelPlace(product: level.productID, warehouse: level.warehouseID)] ?? .zero
        }
        return filled
    }
}

/// A product in a warehouse: the key of a stock level.
struct LevelPlace: Hashable {
    var product: ProductID
    var warehouse: WarehouseID
}
