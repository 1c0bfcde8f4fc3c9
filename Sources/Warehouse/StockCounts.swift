// Stock counts (inventories). Posted at once, a count adjusts each counted product to what was
// counted, against the on-hand quantity locked at that moment. Opened first, a count records the
// book quantity of every product the warehouse holds a level for; lines are filled in (PATCH)
// while goods keep moving; posting adjusts by `counted − book_at_start` and nothing else, so goods
// that arrived or left during the count are neither lost nor doubled. A product counted that had
// no level when counting started had nothing on the books then: its book quantity is zero.
// Lines left uncounted are not adjusted.

import Catalog
import ERPCore
import Foundation
import Postgres

/// A counted line: `{"product_id", "counted_qty"}`.
package struct CountLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var countedQty: Quantity

    package init(productID: ProductID, countedQty: Quantity) {
        self.productID = productID
        self.countedQty = countedQty
    }
}

/// `POST /api/v1/stock-counts`.
package struct NewStockCount: Codable, Sendable, Equatable {
    package var warehouseID: WarehouseID
    /// Open the count (record book quantities) instead of posting it now.
    package var open: Bool?
    package var note: String?
    /// Required unless opening; may be partial when opening.
    package var lines: [CountLine]?

    package init(warehouseID: WarehouseID, open: Bool? = nil, note: String? = nil, lines: [CountLine]? = nil) {
        self.warehouseID = warehouseID
        self.open = open
        self.note = note
        self.lines = lines
    }
}

/// `PATCH /api/v1/stock-counts/{id}`: counted quantities to record (a product again: recounted).
package struct StockCountChanges: Codable, Sendable, Equatable {
    /// When given, must be the count's current version.
    package var version: Int64?
    package var lines: [CountLine]

    package init(version: Int64? = nil, lines: [CountLine]) {
        self.version = version
        self.lines = lines
    }
}

enum StockCounts {
    /// Posts a count at once, or opens it.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed` (every bad line),
    ///   `.insufficientStock` (a shortfall would take reserved goods); `PostgresError`.
    static func create(_ command: NewStockCount, by principal: Principal, at now: Date, in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        let opening = command.open ?? false
        var problems = FieldErrors()
        try Warehouses.requireUsable(command.warehouseID, field: "warehouse_id", by: principal, in: tx, problems: &problems)
        let note = StockText.note(command.note, problems: &problems)
        let lines = command.lines ?? []
        if !opening || !lines.isEmpty { _ = try StockLines.check(inputs(lines), problems: &problems, in: tx) }
        try problems.throwIfAny()

        let warehouse = command.warehouseID
        if !opening {
            let keys = Set(lines.map { LevelKey(product: $0.productID.rawValue, warehouse: warehouse.rawValue) })
            let book = try StockLedger.lockLevels(keys, in: tx)
            let stored = lines.map { line in
                StoredLine(productID: line.productID,
                           bookQty: Quantity(thousandths: book[LevelKey(product: line.productID.rawValue, warehouse: warehouse.rawValue)]?.onHand ?? 0),
                           countedQty: line.countedQty)
            }
            // Written open, then adjusted and numbered as an open count posts: the number comes last.
            let header = StockDocumentHeader(type: .stockCount, status: .open, warehouseID: warehouse, note: note)
            let id = try StockDocuments.insert(header, lines: stored, by: principal, at: now, in: tx).id
            try adjust(stored, warehouse: warehouse, document: id, by: principal, at: now, in: tx)
            try markPosted(id, changingVersion: false, by: principal, at: now, in: tx)
            return try finish(id, action: "post", by: principal, in: tx)
        }
        let header = StockDocumentHeader(type: .stockCount, status: .open, warehouseID: warehouse, note: note)
        let id = try StockDocuments.insert(header, lines: [], by: principal, at: now, in: tx).id
        // The book at the start: every level of the warehouse, as committed now.
        try tx.query("""
            INSERT INTO stock_document_lines (document_id, line_no, product_id, book_qty)
            SELECT \(id), row_number() OVER (ORDER BY product_id), product_id, on_hand
            FROM stock_levels WHERE warehouse_id = \(warehouse)
            """)
        if !lines.isEmpty { try record(lines, in: id, in: tx) }
        return try finish(id, action: "open", by: principal, in: tx)
    }

    /// Records counted quantities on an open count.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (not open), `.versionConflict`,
    ///   `.validationFailed`; `PostgresError`.
    static func fill(_ id: StockDocumentID, with changes: StockCountChanges, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        let count = try openCount(id, version: changes.version, action: "fill in", by: principal, in: tx)
        var problems = FieldErrors()
        _ = try StockLines.check(inputs(changes.lines), problems: &problems, in: tx)
        try problems.throwIfAny()
        try record(changes.lines, in: count.id, in: tx)
        try tx.query("UPDATE stock_documents SET version = version + 1 WHERE id = \(id)")
        return try finish(id, action: "fill", by: principal, in: tx)
    }

    /// Posts an open count: adjusts every counted line by `counted − book_at_start`.
    /// - Throws: as `fill`, and `.insufficientStock`.
    static func post(_ id: StockDocumentID, by principal: Principal, at now: Date, in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        let count = try openCount(id, version: nil, action: "post", by: principal, in: tx)
        let stored = count.lines.map { StoredLine(productID: $0.productID, bookQty: $0.bookQty, countedQty: $0.countedQty) }
        try adjust(stored, warehouse: count.warehouseID, document: id, by: principal, at: now, in: tx)
        try markPosted(id, changingVersion: true, by: principal, at: now, in: tx)
        return try finish(id, action: "post", by: principal, in: tx)
    }

    /// Marks the open count `id` posted and numbers it, the number taken in this statement (after
    /// the adjustments, so the counter row stays locked only through reading the count back and
    /// the commit); `changingVersion` for a count that was open before this transaction.
    private static func markPosted(_ id: StockDocumentID, changingVersion: Bool, by principal: Principal, at now: Date,
                                   in tx: Transaction) throws {
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let number = DocumentNumbers.taking(prefix: StockDocumentType.stockCount.numberPrefix,
                                            series: StockDocumentType.stockCount.rawValue, at: now)
        try tx.query("UPDATE stock_documents SET status = 'posted', number = " + number + """
            , posted_at = \(now), posted_by = \(actorID), posted_by_login = \(principal.login),
                   version = version + \(Int64(changingVersion ? 1 : 0))
            WHERE id = \(id) AND status = 'open'
            """)
    }

    private static func inputs(_ lines: [CountLine]) -> [LineInput] {
        lines.map { LineInput(productID: $0.productID, qty: $0.countedQty, zeroAllowed: true, qtyField: "counted_qty") }
    }

    /// The open count `id`, locked; refuses other states and a stale version.
    private static func openCount(_ id: StockDocumentID, version: Int64?, action: String, by principal: Principal,
                                  in tx: Transaction) throws -> StockDocument {
        let count = try StockDocuments.get(id, type: .stockCount, by: principal, lock: true, in: tx)
        guard count.status == .open else {
            throw ERPError.invalidState(entity: "stock count", current: count.status.rawValue, action: action)
        }
        if let version, version != count.version { throw ERPError.versionConflict(current: count.version) }
        return count
    }

    /// Sets counted quantities, adding a line (book quantity zero) for a product not on the count.
    private static func record(_ lines: [CountLine], in id: StockDocumentID, in tx: Transaction) throws {
        try tx.query("""
            WITH counted AS (
                SELECT c.p, c.k, c.n FROM unnest(\(lines.map(\.productID.rawValue))::bigint[],
                                                 \(lines.map(\.countedQty.thousandths))::bigint[]) WITH ORDINALITY AS c(p, k, n)),
            updated AS (
                UPDATE stock_document_lines l SET counted_qty = counted.k FROM counted
                WHERE l.document_id = \(id) AND l.product_id = counted.p RETURNING l.product_id)
            INSERT INTO stock_document_lines (document_id, line_no, product_id, book_qty, counted_qty)
            SELECT \(id), (SELECT COALESCE(max(line_no), 0) FROM stock_document_lines WHERE document_id = \(id))
                          + row_number() OVER (ORDER BY counted.n), counted.p, 0, counted.k
            FROM counted WHERE counted.p NOT IN (SELECT product_id FROM updated)
            """)
    }

    /// Posts one `count_adjustment` move per counted line whose count differs from its book.
    private static func adjust(_ lines: [StoredLine], warehouse: WarehouseID, document id: StockDocumentID,
                               by principal: Principal, at now: Date, in tx: Transaction) throws {
        var requests: [MoveRequest] = []
        for line in lines {
            guard let counted = line.countedQty else { continue }
            let difference = try counted - (line.bookQty ?? .zero)
            guard !difference.isZero else { continue }
            requests.append(MoveRequest(productID: line.productID, warehouseID: warehouse, qty: difference,
                                        kind: .countAdjustment, pricing: .averageCost,
                                        documentType: StockDocumentType.stockCount.rawValue, documentID: id.rawValue))
        }
        try StockLedger.post(requests, by: principal, at: now, in: tx)
    }

    private static func finish(_ id: StockDocumentID, action: String, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        let document = try StockDocuments.get(id, type: .stockCount, by: principal, in: tx)
        try StockDocuments.audit(action, document, by: principal, in: tx)
        return document
    }
}
