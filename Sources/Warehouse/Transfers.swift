// Transfers: stock leaving one warehouse and arriving in another in the same transaction. The
// arriving half carries exactly the value the leaving half took out (at the source's average
// cost), so the company's stock value does not change by moving goods.

import Catalog
import ERPCore
import Foundation
import Postgres

/// A line that moves a quantity: `{"product_id", "qty"}` (transfers and write-offs).
package struct StockLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity

    package init(productID: ProductID, qty: Quantity) {
        self.productID = productID
        self.qty = qty
    }
}

/// `POST /api/v1/transfers`.
package struct NewTransfer: Codable, Sendable, Equatable {
    package var fromWarehouseID: WarehouseID
    package var toWarehouseID: WarehouseID
    package var note: String?
    package var lines: [StockLine]

    package init(fromWarehouseID: WarehouseID, toWarehouseID: WarehouseID, note: String? = nil, lines: [StockLine]) {
        self.fromWarehouseID = fromWarehouseID
        self.toWarehouseID = toWarehouseID
        self.note = note
        self.lines = lines
    }
}

enum Transfers {
    /// Posts a transfer: every line leaves the source and arrives at the destination, or none does.
    /// - Throws: `ERPError.forbidden`, `.notFound` (a warehouse outside the scope),
    ///   `.validationFailed`, `.insufficientStock` (every short line); `PostgresError`.
    static func post(_ command: NewTransfer, by principal: Principal, at now: Date, in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        var problems = FieldErrors()
        let from = try Warehouses.requireUsable(command.fromWarehouseID, field: "from_warehouse_id", by: principal, in: tx, problems: &problems)
        let to = try Warehouses.requireUsable(command.toWarehouseID, field: "to_warehouse_id", by: principal, in: tx, problems: &problems)
        if command.fromWarehouseID == command.toWarehouseID {
            problems.add("to_warehouse_id", "must differ from from_warehouse_id")
        }
        let note = StockText.note(command.note, problems: &problems)
        let products = try StockLines.check(command.lines.map { LineInput(productID: $0.productID, qty: $0.qty) }, problems: &problems, in: tx)
        try problems.throwIfAny()

        let header = StockDocumentHeader(type: .transfer, status: .posted, warehouseID: command.fromWarehouseID,
                                         toWarehouseID: command.toWarehouseID, note: note)
        return try StockDocuments.post(header, lines: command.lines.map { StoredLine(productID: $0.productID, qty: $0.qty) },
                                       products: products, codes: (from.code, to.code), by: principal, at: now, in: tx) { id in
            var requests: [MoveRequest] = []
            for line in command.lines {
                requests.append(MoveRequest(productID: line.productID, warehouseID: command.fromWarehouseID, qty: try -line.qty,
                                            kind: .transferOut, pricing: .averageCost, documentType: StockDocumentType.transfer.rawValue,
                                            documentID: id.rawValue))
                requests.append(MoveRequest(productID: line.productID, warehouseID: command.toWarehouseID, qty: line.qty,
                                            kind: .transferIn, pricing: .costOfRequest(requests.count - 1),
                                            documentType: StockDocumentType.transfer.rawValue, documentID: id.rawValue))
            }
            return requests
        }
    }
}
