// The list of stock documents (newest first), for the stock documents page: headers only, the
// documents of the warehouses the principal sees (a transfer at either end), filtered by type.

import ERPCore
import Parties
import Postgres

/// The filters of the stock documents list.
package struct StockDocumentFilter: Sendable, Equatable {
    /// Only documents of this type.
    package var type: StockDocumentType?
    /// Only documents of this warehouse (either end of a transfer).
    package var warehouseID: WarehouseID?
    /// Only documents from this supplier (receipts; a supplier's card lists them).
    package var supplierID: PartyID?
    /// Page size, 1–500.
    package var limit: Int
    /// The `next_cursor` of the previous page.
    package var cursor: String?

    /// The newest 50 documents of any type by default.
    package init(type: StockDocumentType? = nil, warehouseID: WarehouseID? = nil, supplierID: PartyID? = nil, limit: Int = 50,
                 cursor: String? = nil) {
        self.type = type
        self.warehouseID = warehouseID
        self.supplierID = supplierID
        self.limit = limit
        self.cursor = cursor
    }
}

extension StockDocuments {
    /// One page of the document headers `principal` sees that match `filter`, newest first; the
    /// lines are left out and so, for those without `readStockCosts`, is the total.
    /// - Throws: `ERPError.forbidden` without `readStock`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func list(_ filter: StockDocumentFilter, by principal: Principal, in tx: Transaction) throws -> Page<StockDocument> {
        try principal.require(.readStock)
        let before = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor) ?? Int64.max
        let scope = principal.warehouseScope.map { Array($0) }
        let rows = try tx.query(StockDocument.headerColumns + """
             WHERE id < \(before)
              AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)) OR to_warehouse_id = ANY(\(scope)))
              AND (\(filter.type?.rawValue)::text IS NULL OR type = \(filter.type?.rawValue))
              AND (\(filter.warehouseID)::bigint IS NULL OR warehouse_id = \(filter.warehouseID)
                   OR to_warehouse_id = \(filter.warehouseID))
              AND (\(filter.supplierID)::bigint IS NULL OR supplier_id = \(filter.supplierID))
            ORDER BY id DESC LIMIT \(Int64(filter.limit) + 1)
            """)
        let documents = try rows.prefix(filter.limit).map { (row) throws(PostgresError) in try StockDocument(header: row) }
        let next = rows.count > filter.limit ? documents.last.map { String($0.id.rawValue) } : nil
        return Page(items: documents, nextCursor: next)
    }
}
