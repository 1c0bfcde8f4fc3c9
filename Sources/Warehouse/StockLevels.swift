// Reading stock levels: `GET /api/v1/stock/levels` (filtered, keyset-paginated, with totals over
// the whole filter, not only the page) and low stock. Costs are shown only to users who may see
// them; a storekeeper with a warehouse scope sees only their warehouses.

import Catalog
import ERPCore
import Postgres

/// One product in one warehouse.
package struct StockLevel: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    package var warehouseID: WarehouseID
    /// The warehouse's code, beside its id.
    package var warehouseCode: String
    package var onHand: Quantity
    package var reserved: Quantity
    /// `on_hand − reserved`: what can still be sold, transferred or written off.
    package var available: Quantity
    /// Moving average cost per unit and the stock's value; nil for users who may not see costs.
    package var avgCost: Money?
    package var value: Money?
    /// Ordered from suppliers, not yet received: filled in by Purchasing, which composes the
    /// levels above the Warehouse (zero when read from the Warehouse alone).
    package var incoming: Quantity = .zero
}

/// The filters of `GET /api/v1/stock/levels`.
package struct StockLevelFilter: Sendable, Equatable {
    package var warehouseID: WarehouseID?
    package var productID: ProductID?
    package var categoryID: CategoryID?
    /// Only these products (the stock page's search found them by name, SKU or barcode).
    package var productIDs: [ProductID]?
    /// Include levels with nothing on hand (default: only levels holding stock).
    package var includeEmpty: Bool
    package var limit: Int
    package var cursor: String?

    package init(warehouseID: WarehouseID? = nil, productID: ProductID? = nil, categoryID: CategoryID? = nil,
                 productIDs: [ProductID]? = nil, includeEmpty: Bool = false, limit: Int = 100, cursor: String? = nil) {
        self.productIDs = productIDs
        self.warehouseID = warehouseID
        self.productID = productID
        self.categoryID = categoryID
        self.includeEmpty = includeEmpty
        self.limit = limit
        self.cursor = cursor
    }
}

/// Totals over every level matching a filter.
package struct StockTotals: Codable, Sendable, Equatable {
    package var levels: Int64
    /// Nil for users who may not see costs.
    package var value: Money?
}

/// A page of levels with the totals of the whole filter.
package struct StockLevelPage: Codable, Sendable, Equatable {
    package var items: [StockLevel]
    package var nextCursor: String?
    package var totals: StockTotals

    package init(items: [StockLevel], nextCursor: String?, totals: StockTotals) {
        self.items = items
        self.nextCursor = nextCursor
        self.totals = totals
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(totals, forKey: .totals)
    }
}

enum StockLevels {
    /// The code of a `stock_levels` row's warehouse, as a select-list column.
    static let warehouseCode: StaticString = "(SELECT code FROM warehouses w WHERE w.id = stock_levels.warehouse_id)"

    /// One page of the levels `principal` sees that match `filter`, in (product, warehouse) order.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func list(_ filter: StockLevelFilter, by principal: Principal, in tx: Transaction) throws -> StockLevelPage {
        try principal.require(.readStock)
        var problems = FieldErrors()
        if !(1...PageRequest.maximumLimit).contains(filter.limit) {
            problems.add("limit", "must be between 1 and \(PageRequest.maximumLimit)")
        }
        let after = filter.cursor.flatMap(LevelCursor.init)
        if filter.cursor != nil, after == nil { problems.add("cursor", "is not a cursor returned by this list") }
        try problems.throwIfAny()

        let scope = principal.warehouseScope.map { Array($0) }
        let inCategory = try filter.categoryID.map { try Products.ids(inCategory: $0, in: tx).map(\.rawValue) }
        let condition: PostgresQuery = """
            WHERE (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
              AND (\(filter.warehouseID)::bigint IS NULL OR warehouse_id = \(filter.warehouseID))
              AND (\(filter.productID)::bigint IS NULL OR product_id = \(filter.productID))
              AND (\(inCategory)::bigint[] IS NULL OR product_id = ANY(\(inCategory)))
              AND (\(filter.productIDs?.map(\.rawValue))::bigint[] IS NULL OR product_id = ANY(\(filter.productIDs?.map(\.rawValue))))
              AND (\(filter.includeEmpty) OR on_hand > 0 OR reserved > 0)
            """
        let columns: PostgresQuery = "SELECT product_id, warehouse_id, on_hand, reserved, value_minor, \(unescaped: Self.warehouseCode) "
        let rows = try tx.query(columns + "FROM stock_levels " + condition + """
             AND (product_id, warehouse_id) > (\(after?.product ?? 0), \(after?.warehouse ?? 0))
            ORDER BY product_id, warehouse_id LIMIT \(Int64(filter.limit) + 1)
            """)
        let totalsRow = try tx.query("SELECT count(*), COALESCE(sum(value_minor), 0)::bigint FROM stock_levels " + condition).single()
        let levels = try rows.prefix(filter.limit).map { (row) throws(PostgresError) in
            (product: try row.decode(0, as: ProductID.self), warehouse: try row.decode(1, as: WarehouseID.self),
             onHand: try row.decode(2, as: Int64.self), reserved: try row.decode(3, as: Int64.self),
             value: try row.decode(4, as: Int64.self), code: try row.decode(5, as: String.self))
        }
        let facts = try Products.facts(of: levels.map(\.product), in: tx)
        let seesCosts = principal.may(.readStockCosts)
        let items = try levels.map { level in
            try StockLevel(product: facts[level.product], id: level.product, warehouseID: level.warehouse, warehouseCode: level.code,
                           onHand: level.onHand, reserved: level.reserved, value: level.value, seesCosts: seesCosts)
        }
        let next = rows.count > filter.limit ? levels.last.map { LevelCursor(product: $0.product.rawValue, warehouse: $0.warehouse.rawValue).text } : nil
        return StockLevelPage(items: items, nextCursor: next, totals: StockTotals(
            levels: try totalsRow.decode(0, as: Int64.self),
            value: seesCosts ? Money(minorUnits: try totalsRow.decode(1, as: Int64.self)) : nil))
    }

    /// The levels of one product in every warehouse `principal` sees (its stock card).
    /// - Throws: `PostgresError`.
    static func levels(of product: ProductFacts, by principal: Principal, in tx: Transaction) throws -> [StockLevel] {
        let scope = principal.warehouseScope.map { Array($0) }
        let seesCosts = principal.may(.readStockCosts)
        return try tx.query("""
            SELECT warehouse_id, on_hand, reserved, value_minor, \(unescaped: Self.warehouseCode) FROM stock_levels
            WHERE product_id = \(product.id) AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
            ORDER BY warehouse_id
            """).map { row in
            try StockLevel(product: product, id: product.id, warehouseID: try row.decode(0, as: WarehouseID.self),
                           warehouseCode: try row.decode(4, as: String.self), onHand: try row.decode(1, as: Int64.self),
                           reserved: try row.decode(2, as: Int64.self),
                           value: try row.decode(3, as: Int64.self), seesCosts: seesCosts)
        }
    }
}

extension StockLevel {
    init(product: ProductFacts?, id: ProductID, warehouseID: WarehouseID, warehouseCode: String, onHand: Int64, reserved: Int64,
         value: Int64, seesCosts: Bool) throws {
        self.init(
            productID: id, sku: product?.sku ?? "", name: product?.name ?? "", unit: product?.unit ?? "",
            warehouseID: warehouseID, warehouseCode: warehouseCode, onHand: Quantity(thousandths: onHand),
            reserved: Quantity(thousandths: reserved),
            available: Quantity(thousandths: onHand - reserved),
            avgCost: seesCosts ? Money(minorUnits: try Valuation.averageUnitCost(value: value, onHand: onHand)) : nil,
            value: seesCosts ? Money(minorUnits: value) : nil)
    }
}

/// The position after the last level of a page: `"product.warehouse"`.
struct LevelCursor {
    var product: Int64
    var warehouse: Int64

    init(product: Int64, warehouse: Int64) {
        self.product = product
        self.warehouse = warehouse
    }

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let product = Int64(parts[0]), let warehouse = Int64(parts[1]) else { return nil }
        self.init(product: product, warehouse: warehouse)
    }

    var text: String { "\(product).\(warehouse)" }
}
