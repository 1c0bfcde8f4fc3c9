// Cancelling a receipt is the Warehouse's reversal, but Purchasing knows two reasons to refuse it:
// a receipt counted on a supplier order (the order's received quantities would lie), and a receipt
// some of whose goods already went back to the supplier (reversing all of it would take them out
// twice). The receipt row is locked first — as a return locks it — and the reasons read after.

import ERPCore
import Foundation
import Postgres
import Warehouse

enum ReceiptCancellation {
    /// Cancels a stock document; a receipt only when nothing of Purchasing depends on it.
    /// - Throws: `ERPError.invalidState` (received against an order, or partly returned), and
    ///   whatever `WarehouseService.cancel` throws.
    static func cancel(_ id: StockDocumentID, type: StockDocumentType, by principal: Principal, at now: Date,
                       in tx: Transaction) throws -> StockDocument {
        let warehouse = WarehouseService(time: .fixed(now))
        if type == .receipt {
            try principal.require(.postStock)
            _ = try warehouse.document(id, type: .receipt, by: principal, lock: true, in: tx)
            let ties = try tx.query("""
                SELECT (SELECT o.number FROM purchase_receipts r JOIN purchase_orders o ON o.id = r.order_id WHERE r.receipt_id = \(id)),
                       EXISTS (SELECT 1 FROM supplier_returns WHERE receipt_id = \(id))
                """).single()
            if let order = try ties.decode(0, as: String?.self) {
                throw ERPError.invalidState(entity: "receipt", current: "received against \(order)", action: "cancel")
            }
            if try ties.decode(1, as: Bool.self) {
                throw ERPError.invalidState(entity: "receipt", current: "partly returned to the supplier", action: "cancel")
            }
        }
        return try warehouse.cancel(id, type: type, by: principal, in: tx)
    }
}
