// Reading the ledger: `GET /api/v1/stock/moves` newest first with filters, and a product's stock
// card (its levels per warehouse and its latest moves).

import Catalog
import ERPCore
import Foundation
import Postgres

/// The filters of `GET /api/v1/stock/moves`.
package struct StockMoveFilter: Sendable, Equatable {
    package var productID: ProductID?
    package var warehouseID: WarehouseID?
    package var kind: MoveKind?
    /// Moves at or after `from` and before `to`.
    package var from: Date?
    package var to: Date?
    package var documentType: String?
    package var documentID: Int64?
    package var actorID: UserID?
    package var limit: Int
    package var cursor: String?

    package init(productID: ProductID? = nil, warehouseID: WarehouseID? = nil, kind: MoveKind? = nil, from: Date? = nil,
                 to: Date? = nil, documentType: String? = nil, documentID: Int64? = nil, actorID: UserID? = nil,
                 limit: Int = 100, cursor: String? = nil) {
        self.productID = productID
        self.warehouseID = warehouseID
        self.kind = kind
        self.from = from
        self.to = to
        self.documentType = documentType
        self.documentID = documentID
        self.actorID = actorID
        self.limit = limit
        self.cursor = cursor
    }
}

/// `GET /api/v1/products/{id}/stock`: where a product is and what happened to it lately.
package struct StockCard: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    package var levels: [StockLevel]
    /// The latest moves, newest first.
    package var recentMoves: [StockMove]
}

enum StockMoves {
    /// One page of the moves `principal` sees that match `filter`, newest first.
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func list(_ filter: StockMoveFilter, by principal: Principal, in tx: Transaction) throws -> Page<StockMove> {
        try principal.require(.readStock)
        let before = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor) ?? Int64.max
        let scope = principal.warehouseScope.map { Array($0) }
        let rows = try tx.query(StockMove.columns + """
             WHERE id < \(before)
              AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
              AND (\(filter.productID)::bigint IS NULL OR product_id = \(filter.productID))
              AND (\(filter.warehouseID)::bigint IS NULL OR warehouse_id = \(filter.warehouseID))
              AND (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(filter.from)::timestamptz IS NULL OR at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR at < \(filter.to))
              AND (\(filter.documentType)::text IS NULL OR document_type = \(filter.documentType))
              AND (\(filter.documentID)::bigint IS NULL OR document_id = \(filter.documentID))
              AND (\(filter.actorID)::bigint IS NULL OR actor_id = \(filter.actorID))
            ORDER BY id DESC LIMIT \(Int64(filter.limit) + 1)
            """)
        let moves = try rows.prefix(filter.limit).map { (row) throws(PostgresError) in try StockMove(row: row).visible(to: principal) }
        return Page(items: moves, nextCursor: rows.count > filter.limit ? moves.last.map { String($0.id.rawValue) } : nil)
    }

    /// The stock card of product `id`.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func card(of id: ProductID, recent: Int = 20, by principal: Principal, in tx: Transaction) throws -> StockCard {
        try principal.require(.readStock)
        guard let product = try Products.facts(of: [id], in: tx)[id] else {
            throw ERPError.notFound(entity: "product", id: String(id.rawValue))
        }
        let moves = try list(StockMoveFilter(productID: id, limit: recent), by: principal, in: tx).items
        return StockCard(productID: id, sku: product.sku, name: product.name, unit: product.unit,
                         levels: try StockLevels.levels(of: product, by: principal, in: tx), recentMoves: moves)
    }
}
