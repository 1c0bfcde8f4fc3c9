// Write-offs: goods leaving stock because they are damaged, expired, lost or short, at the
// average cost they were carried at — what the owner's write-off report adds up.

import Catalog
import ERPCore
import Foundation
import Postgres

/// `POST /api/v1/write-offs`.
package struct NewWriteOff: Codable, Sendable, Equatable {
    package var warehouseID: WarehouseID
    package var reason: WriteOffReason
    /// Required when the reason is `other`.
    package var note: String?
    package var lines: [StockLine]

    package init(warehouseID: WarehouseID, reason: WriteOffReason, note: String? = nil, lines: [StockLine]) {
        self.warehouseID = warehouseID
        self.reason = reason
        self.note = note
        self.lines = lines
    }
}

enum WriteOffs {
    /// Posts a write-off.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed` (including a missing note
    ///   for `other`), `.insufficientStock` (reserved stock cannot be written off); `PostgresError`.
    static func post(_ command: NewWriteOff, by principal: Principal, at now: Date, in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        var problems = FieldErrors()
        let warehouse = try Warehouses.requireUsable(command.warehouseID, field: "warehouse_id", by: principal, in: tx, problems: &problems)
        let note = StockText.note(command.note, problems: &problems)
        if command.reason == .other, note == nil { problems.add("note", "is required when the reason is other") }
        let products = try StockLines.check(command.lines.map { LineInput(productID: $0.productID, qty: $0.qty) }, problems: &problems, in: tx)
        try problems.throwIfAny()

        let header = StockDocumentHeader(type: .writeOff, status: .posted, warehouseID: command.warehouseID,
                                         reason: command.reason, note: note)
        return try StockDocuments.post(header, lines: command.lines.map { StoredLine(productID: $0.productID, qty: $0.qty) },
                                       products: products, codes: (warehouse.code, nil), by: principal, at: now, in: tx) { id in
            try command.lines.map { line in
                MoveRequest(productID: line.productID, warehouseID: command.warehouseID, qty: try -line.qty, kind: .writeOff,
                            pricing: .averageCost, documentType: StockDocumentType.writeOff.rawValue, documentID: id.rawValue)
            }
        }
    }
}
