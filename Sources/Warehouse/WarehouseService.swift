// The warehouse facade: one method per use case, each in its own transaction, failures as
// ERPError. Routes and CLI commands call these (the creating routes call the `in tx:` forms
// inside their idempotency transaction); the rules live in Receipts, Transfers, WriteOffs,
// StockCounts, StockCancellation and the StockLedger beneath them.

import Catalog
import ERPCore
import Postgres

/// What `/api/v1/warehouses`, `/api/v1/stock…`, the stock document endpoints and `erp stock …` call.
package struct WarehouseService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// Creates a warehouse (owners).
    package func create(_ command: NewWarehouse, by principal: Principal, on connection: Connection) throws(ERPError) -> Warehouse {
        try connection.serviceTransaction { tx in try create(command, by: principal, in: tx) }
    }

    /// `create(_:by:on:)` inside the caller's transaction.
    package func create(_ command: NewWarehouse, by principal: Principal, in tx: Transaction) throws -> Warehouse {
        try Warehouses.create(command, by: principal, time: time, in: tx)
    }

    /// Changes a warehouse at its version (owners); `active: false` closes it to new documents.
    package func update(_ id: WarehouseID, with changes: WarehouseChanges, by principal: Principal,
                        on connection: Connection) throws(ERPError) -> Warehouse {
        try connection.serviceTransaction { tx in try Warehouses.update(id, with: changes, by: principal, in: tx) }
    }

    /// The warehouses `principal` works with.
    package func warehouses(by principal: Principal, on connection: Connection) throws(ERPError) -> [Warehouse] {
        try connection.serviceTransaction { tx in try Warehouses.list(by: principal, in: tx) }
    }

    /// A warehouse by code or id.
    package func warehouse(_ reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> Warehouse {
        try connection.serviceTransaction { tx in try Warehouses.get(reference, by: principal, in: tx) }
    }

    /// The visible warehouses these codes name; see `Warehouses.ids(codes:by:in:)`.
    /// - Throws: `ERPError.forbidden`, or a translated database failure.
    package func warehouseIDs(codes: [String], by principal: Principal, on connection: Connection) throws(ERPError) -> [String: WarehouseID] {
        try connection.serviceTransaction { tx in try Warehouses.ids(codes: codes, by: principal, in: tx) }
    }

    /// Posts a document of any kind inside the caller's transaction (the routes' idempotency
    /// transaction, or `post(_:by:on:)`'s own).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed`, `.insufficientStock`;
    ///   `PostgresError`.
    package func post(_ command: StockCommand, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        switch command {
        case .receipt(let receipt): try Receipts.post(receipt, by: principal, at: time.now, in: tx)
        case .transfer(let transfer): try Transfers.post(transfer, by: principal, at: time.now, in: tx)
        case .writeOff(let writeOff): try WriteOffs.post(writeOff, by: principal, at: time.now, in: tx)
        case .stockCount(let count): try StockCounts.create(count, by: principal, at: time.now, in: tx)
        }
    }

    /// `post(_:by:in:)` in a transaction of its own.
    package func post(_ command: StockCommand, by principal: Principal, on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try post(command, by: principal, in: tx) }
    }

    /// Cancels a posted document by reversing its moves (or abandons an open count).
    package func cancel(_ id: StockDocumentID, type: StockDocumentType, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        try StockCancellation.cancel(id, type: type, by: principal, at: time.now, in: tx)
    }

    /// `cancel(_:type:by:in:)` in a transaction of its own.
    package func cancel(_ id: StockDocumentID, type: StockDocumentType, by principal: Principal,
                        on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try cancel(id, type: type, by: principal, in: tx) }
    }

    /// Records counted quantities on an open stock count.
    package func fill(_ id: StockDocumentID, with changes: StockCountChanges, by principal: Principal,
                      on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try StockCounts.fill(id, with: changes, by: principal, in: tx) }
    }

    /// Posts an open stock count.
    package func postCount(_ id: StockDocumentID, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        try StockCounts.post(id, by: principal, at: time.now, in: tx)
    }

    /// `postCount(_:by:in:)` in a transaction of its own.
    package func postCount(_ id: StockDocumentID, by principal: Principal, on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try postCount(id, by: principal, in: tx) }
    }

    /// A stock document by id (of `type`, when given).
    package func document(_ id: StockDocumentID, type: StockDocumentType?, by principal: Principal,
                          on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try document(id, type: type, by: principal, in: tx) }
    }

    /// `document(_:type:by:on:)` inside the caller's transaction; `lock` holds the document row.
    package func document(_ id: StockDocumentID, type: StockDocumentType?, by principal: Principal, lock: Bool = false,
                          in tx: Transaction) throws -> StockDocument {
        try StockDocuments.get(id, type: type, by: principal, lock: lock, in: tx)
    }

    /// Stock document headers, newest first.
    package func documents(_ filter: StockDocumentFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<StockDocument> {
        try connection.serviceTransaction { tx in try documents(filter, by: principal, in: tx) }
    }

    /// `documents(_:by:on:)` inside the caller's transaction (a supplier's card lists their receipts; the 1C export reads them with the rest).
    package func documents(_ filter: StockDocumentFilter, by principal: Principal, in tx: Transaction) throws -> Page<StockDocument> {
        try StockDocuments.list(filter, by: principal, in: tx)
    }

    /// A stock document by number (`RCP-2026-000001`).
    package func document(number: String, by principal: Principal, on connection: Connection) throws(ERPError) -> StockDocument {
        try connection.serviceTransaction { tx in try StockDocuments.get(number: number, by: principal, in: tx) }
    }

    /// Levels matching `filter`, with totals (`incoming` zero: Purchasing's `levels` fills it in).
    package func levels(_ filter: StockLevelFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> StockLevelPage {
        try connection.serviceTransaction { tx in try levels(filter, by: principal, in: tx) }
    }

    /// `levels(_:by:on:)` inside the caller's transaction.
    package func levels(_ filter: StockLevelFilter, by principal: Principal, in tx: Transaction) throws -> StockLevelPage {
        try StockLevels.list(filter, by: principal, in: tx)
    }

    /// The ledger, newest first.
    package func moves(_ filter: StockMoveFilter, by principal: Principal, on connection: Connection) throws(ERPError) -> Page<StockMove> {
        try connection.serviceTransaction { tx in try StockMoves.list(filter, by: principal, in: tx) }
    }

    /// A product's levels per warehouse and latest moves.
    package func card(of product: ProductID, by principal: Principal, on connection: Connection) throws(ERPError) -> StockCard {
        try connection.serviceTransaction { tx in try StockMoves.card(of: product, by: principal, in: tx) }
    }

    /// Goods below their minimum stock.
    package func lowStock(warehouse: WarehouseID?, by principal: Principal, on connection: Connection) throws(ERPError) -> [LowStockItem] {
        try connection.serviceTransaction { tx in try LowStock.list(warehouse: warehouse, by: principal, in: tx) }
    }

    /// Every violation of the ledger's invariants (empty: all hold). For `erp check`.
    package func check(on connection: Connection) throws(ERPError) -> [LedgerViolation] {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in try LedgerCheck.run(in: tx) }
    }
}

/// One stock document to post: the body of `POST /api/v1/{receipts,transfers,write-offs,stock-counts}`.
package enum StockCommand: Sendable, Equatable {
    case receipt(NewReceipt)
    case transfer(NewTransfer)
    case writeOff(NewWriteOff)
    case stockCount(NewStockCount)
}
