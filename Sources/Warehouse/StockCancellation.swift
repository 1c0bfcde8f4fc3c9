// Cancelling a posted stock document: its moves are reversed by new moves that point at them
// (the ledger keeps both), and the document is marked cancelled. What came in leaves again at
// the bin's average cost; what went out comes back at the cost it left at. Refused with 409 when
// the reversal would break the stock rules — the goods a receipt brought have been sold since.
// An open stock count has moved nothing: cancelling it just abandons it.

import ERPCore
import Foundation
import Postgres

enum StockCancellation {
    /// Cancels document `id` of `type`.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (already cancelled),
    ///   `.insufficientStock` (the reversal would take stock below zero or below reserved);
    ///   `PostgresError`.
    static func cancel(_ id: StockDocumentID, type: StockDocumentType, by principal: Principal, at now: Date,
                       in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        let document = try StockDocuments.get(id, type: type, by: principal, lock: true, in: tx)
        // Seeing one end of a transfer is enough to read it, not to reverse it.
        try principal.requireScope([document.warehouseID] + (document.toWarehouseID.map { [$0] } ?? []))
        guard document.status != .cancelled else {
            throw ERPError.invalidState(entity: type.noun,
                                        current: document.status.rawValue, action: "cancel")
        }
        let moves = try tx.query(StockMove.columns + """
             WHERE document_type = \(type.rawValue) AND document_id = \(id) AND reverses_move_id IS NULL ORDER BY id
            """).map { (row) throws(PostgresError) in try StockMove(row: row) }
        try StockLedger.post(try moves.map { move in
            MoveRequest(productID: move.productID, warehouseID: move.warehouseID, qty: try -move.qty, kind: move.kind,
                        pricing: move.qty.isNegative ? .totalCost(try -(move.cost ?? .zero())) : .averageCost,
                        documentType: move.documentType, documentID: move.documentID, reversesMoveID: move.id)
        }, by: principal, at: now, in: tx)
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        try tx.query("""
            UPDATE stock_documents SET status = 'cancelled', cancelled_at = \(now), cancelled_by = \(actorID),
                   cancelled_by_login = \(principal.login), version = version + 1
            WHERE id = \(id) AND status <> 'cancelled'
            """)
        let cancelled = try StockDocuments.get(id, type: type, by: principal, in: tx)
        try StockDocuments.audit("cancel", cancelled, by: principal, in: tx)
        return cancelled
    }
}
