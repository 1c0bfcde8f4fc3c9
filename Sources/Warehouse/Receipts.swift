// Receipts: goods arriving from a supplier at the supplier's unit costs. Each line becomes one
// `receipt` move valued at qty × unit cost, which moves the bin's average cost.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres

/// A receipt line: `{"product_id", "qty", "unit_cost"}`.
package struct ReceiptLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    /// What the supplier charged per unit, as it should enter stock value (without VAT).
    package var unitCost: Money

    package init(productID: ProductID, qty: Quantity, unitCost: Money) {
        self.productID = productID
        self.qty = qty
        self.unitCost = unitCost
    }
}

/// `POST /api/v1/receipts`.
package struct NewReceipt: Codable, Sendable, Equatable {
    package var warehouseID: WarehouseID
    /// A party marked as supplier; optional (a found pallet has none).
    package var supplierID: PartyID?
    /// The supplier's own document number (their waybill).
    package var supplierRef: String?
    package var note: String?
    package var lines: [ReceiptLine]

    package init(warehouseID: WarehouseID, supplierID: PartyID? = nil, supplierRef: String? = nil, note: String? = nil,
                 lines: [ReceiptLine]) {
        self.warehouseID = warehouseID
        self.supplierID = supplierID
        self.supplierRef = supplierRef
        self.note = note
        self.lines = lines
    }
}

enum Receipts {
    /// Posts a receipt: validated, numbered, moved into stock and audited in `tx`.
    /// - Throws: `ERPError.forbidden`, `.notFound` (warehouse outside the scope, supplier not
    ///   visible), `.validationFailed` (every bad field); `PostgresError`.
    static func post(_ command: NewReceipt, by principal: Principal, at now: Date, in tx: Transaction) throws -> StockDocument {
        try principal.require(.postStock)
        var problems = FieldErrors()
        try Warehouses.requireUsable(command.warehouseID, field: "warehouse_id", by: principal, in: tx, problems: &problems)
        if let supplierID = command.supplierID {
            let supplier = try Parties.get(supplierID, by: principal, in: tx)
            if !supplier.isSupplier { problems.add("supplier_id", "\(supplier.name) is not marked as a supplier") }
            if supplier.archived { problems.add("supplier_id", "\(supplier.name) is archived") }
        }
        let supplierRef = StockText.present(command.supplierRef)
        if let supplierRef, supplierRef.count > 100 { problems.add("supplier_ref", "must be at most 100 characters") }
        let note = StockText.note(command.note, problems: &problems)
        _ = try StockLines.check(command.lines.map { LineInput(productID: $0.productID, qty: $0.qty) }, problems: &problems, in: tx)
        for (index, line) in command.lines.enumerated() {
            if line.unitCost.isNegative { problems.add("lines[\(index)].unit_cost", "must not be negative") }
            _ = problems.check("lines[\(index)].unit_cost") { () throws(ValueError) in try line.qty.amount(at: line.unitCost) }
        }
        try problems.throwIfAny()

        let header = StockDocumentHeader(type: .receipt, status: .posted, warehouseID: command.warehouseID,
                                         supplierID: command.supplierID, supplierRef: supplierRef, note: note)
        let id = try StockDocuments.insert(
            header, lines: command.lines.map { StoredLine(productID: $0.productID, qty: $0.qty, unitCost: $0.unitCost) },
            by: principal, at: now, in: tx)
        try StockLedger.post(command.lines.map { line in
            MoveRequest(productID: line.productID, warehouseID: command.warehouseID, qty: line.qty, kind: .receipt,
                        pricing: .unitCost(line.unitCost), documentType: StockDocumentType.receipt.rawValue,
                        documentID: id.rawValue)
        }, by: principal, at: now, in: tx)
        let document = try StockDocuments.get(id, type: .receipt, by: principal, in: tx)
        try StockDocuments.audit("post", document, by: principal, in: tx)
        return document
    }
}
