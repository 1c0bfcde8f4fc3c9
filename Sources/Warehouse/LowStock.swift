// Low stock: goods whose available quantity (on hand less reserved) is below their minimum
// stock — in one warehouse when asked, else summed over every warehouse the user sees.

import Catalog
import ERPCore
import Postgres

/// A product running short.
package struct LowStockItem: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    package var minStock: Quantity
    package var available: Quantity
    /// `min_stock − available`: how much to order to get back to the minimum.
    package var shortfall: Quantity
}

enum LowStock {
    /// The goods below their minimum, most short first (by shortfall, then sku).
    /// - Throws: `ERPError.forbidden`, `.notFound` (a warehouse outside the scope); `PostgresError`.
    static func list(warehouse: WarehouseID?, by principal: Principal, in tx: Transaction) throws -> [LowStockItem] {
        try principal.require(.readStock)
        if let warehouse, !principal.sees(warehouse) {
            throw ERPError.notFound(entity: "warehouse", id: String(warehouse.rawValue))
        }
        let products = try Products.withMinimumStock(in: tx)
        guard !products.isEmpty else { return [] }
        let scope = principal.warehouseScope.map { Array($0) }
        let rows = try tx.query("""
            SELECT product_id, sum(on_hand - reserved)::bigint FROM stock_levels
            WHERE product_id = ANY(\(products.map(\.id.rawValue)))
              AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
              AND (\(warehouse)::bigint IS NULL OR warehouse_id = \(warehouse))
            GROUP BY product_id
            """)
        var available: [ProductID: Int64] = [:]
        for row in rows { available[try row.decode(0, as: ProductID.self)] = try row.decode(1, as: Int64.self) }
        return products.compactMap { product -> LowStockItem? in
            let have = available[product.id] ?? 0
            guard have < product.minStock.thousandths else { return nil }
            return LowStockItem(productID: product.id, sku: product.sku, name: product.name, unit: product.unit,
                                minStock: product.minStock, available: Quantity(thousandths: have),
                                shortfall: Quantity(thousandths: product.minStock.thousandths - have))
        }.sorted { ($0.shortfall, $1.sku) > ($1.shortfall, $0.sku) }
    }
}
