// Receiving against a supplier order: the order row is locked first, the lines are read after the
// lock, every line is checked against what the order still expects, and only then does the
// Warehouse post the receipt — in the same transaction that adds to the order's received
// quantities and moves its status. Concurrent receipts against one order queue on its row, so
// together they can never exceed it (docs/decisions.md, "Concurrency").

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// A line received against an order: `{"product_id", "qty", "unit_cost"?, "country_code"?, "customs_declaration"?}`.
package struct OrderReceiptLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    /// Without VAT. Default: the order line's price.
    package var unitCost: Money?
    /// Imported goods: the country of origin and the customs declaration (as `ReceiptLine`).
    package var countryCode: String?
    package var customsDeclaration: String?

    package init(productID: ProductID, qty: Quantity, unitCost: Money? = nil, countryCode: String? = nil, customsDeclaration: String? = nil) {
        self.productID = productID
        self.qty = qty
        self.unitCost = unitCost
        self.countryCode = countryCode
        self.customsDeclaration = customsDeclaration
    }
}

/// `POST /api/v1/receipts` with `purchase_order_id`: goods arriving against a supplier order.
package struct OrderReceipt: Codable, Sendable, Equatable {
    package var purchaseOrderID: PurchaseOrderID
    /// Must be the order's, when given (the order decides both).
    package var warehouseID: WarehouseID?
    package var supplierID: PartyID?
    package var supplierRef: String?
    package var note: String?
    /// Receive more than a line still expects (the supplier sent extra and we keep it).
    package var allowOverReceipt: Bool?
    /// Default: every line at what it still expects.
    package var lines: [OrderReceiptLine]?

    package init(purchaseOrderID: PurchaseOrderID, warehouseID: WarehouseID? = nil, supplierID: PartyID? = nil,
                 supplierRef: String? = nil, note: String? = nil, allowOverReceipt: Bool? = nil, lines: [OrderReceiptLine]? = nil) {
        self.purchaseOrderID = purchaseOrderID
        self.warehouseID = warehouseID
        self.supplierID = supplierID
        self.supplierRef = supplierRef
        self.note = note
        self.allowOverReceipt = allowOverReceipt
        self.lines = lines
    }
}

enum OrderReceipts {
    /// Posts a receipt against an order and records it on the order.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (not ordered),
    ///   `.validationFailed`, `.exceedsOrder` naming every line beyond the order (without
    ///   `allow_over_receipt`); `PostgresError`.
    static func receive(_ command: OrderReceipt, by principal: Principal, at now: Date,
                        in tx: Transaction) throws -> (order: PurchaseOrder, receipt: StockDocument) {
        try principal.require(.postStock)
        let order = try PurchaseOrders.get(command.purchaseOrderID, by: principal, lock: true, in: tx)
        try PurchaseLifecycle.require(.receive, order)
        var problems = FieldErrors()
        if let warehouse = command.warehouseID, warehouse != order.warehouseID {
            problems.add("warehouse_id", "\(order.number) is received in warehouse \(order.warehouseID)")
        }
        if let supplier = command.supplierID, supplier != order.supplierID {
            problems.add("supplier_id", "\(order.number) is from supplier \(order.supplierID)")
        }
        let ordered = Dictionary(order.lines.map { ($0.productID, $0) }) { first, _ in first }
        let asked = command.lines ?? order.lines.filter { $0.remaining.isPositive }.map {
            OrderReceiptLine(productID: $0.productID, qty: $0.remaining)
        }
        if asked.isEmpty { problems.add("lines", "\(order.number) expects nothing more") }
        let overAllowed = command.allowOverReceipt ?? false
        var lines: [ReceiptLine] = []
        var excess: [ShortLine] = []
        for (index, line) in asked.enumerated() {
            guard let onOrder = ordered[line.productID] else {
                problems.add("lines[\(index)].product_id", "product \(line.productID) is not on \(order.number)")
                continue
            }
            if line.qty > onOrder.remaining && !overAllowed {
                excess.append(ShortLine(product: line.productID, requested: line.qty, available: onOrder.remaining))
            }
            lines.append(ReceiptLine(productID: line.productID, qty: line.qty, unitCost: line.unitCost ?? onOrder.price ?? .zero(),
                                     countryCode: line.countryCode, customsDeclaration: line.customsDeclaration))
        }
        try problems.throwIfAny()
        guard excess.isEmpty else { throw ERPError.exceedsOrder(lines: excess) }

        let receipt = try WarehouseService(time: .fixed(now)).post(.receipt(NewReceipt(
            warehouseID: order.warehouseID, supplierID: order.supplierID, supplierRef: command.supplierRef, note: command.note,
            lines: lines)), by: principal, in: tx)
        try tx.query("""
            UPDATE purchase_order_lines l SET received = l.received + v.q
            FROM unnest(\(lines.map(\.productID.rawValue))::bigint[], \(lines.map(\.qty.thousandths))::bigint[]) AS v(p, q)
            WHERE l.order_id = \(order.id) AND l.product_id = v.p
            """)
        let wentOver = lines.contains { line in ordered[line.productID].map { line.qty > $0.remaining } ?? false }
        try tx.query("""
            INSERT INTO purchase_receipts (receipt_id, order_id, over_receipt) VALUES (\(receipt.id), \(order.id), \(wentOver))
            """)
        // The order row is locked and its lines were read after the lock: the order as it now
        // stands is built from them and what this receipt added, not read back (the locked read
        // leaves out the names: the warehouse's code is the receipt's, the supplier's one lookup).
        var updated = try order.receiving(Dictionary(uniqueKeysWithValues: lines.map { ($0.productID, $0.qty) }))
        updated.warehouseCode = receipt.warehouseCode
        updated.supplierName = try Parties.names(of: [order.supplierID], in: tx)[order.supplierID]
        try PurchaseLifecycle.move(order, to: updated.status, by: .receive, at: now, in: tx)
        try PurchaseOrders.audit("receive", updated, extra: [
            "receipt_id": .number(receipt.id.rawValue), "receipt": .string(receipt.number ?? ""), "over_receipt": .bool(wentOver),
        ], by: principal, in: tx)
        // Quantities only: storekeepers follow receipts but may not see purchase prices.
        try ChangeEvents.record(NewChangeEvent(.purchaseOrderReceived, entity: "purchase_order", id: order.id, data: .object([
            "number": .string(updated.number), "status": .string(updated.status.rawValue),
            "supplier_id": .number(order.supplierID.rawValue), "warehouse_id": .number(order.warehouseID.rawValue),
            "receipt_id": .number(receipt.id.rawValue), "receipt": .string(receipt.number ?? ""),
            "lines": .array(lines.map { .object(["product_id": .number($0.productID.rawValue), "qty": .string($0.qty.description)]) }),
        ])), in: tx)
        return (updated.visible(to: principal), receipt)
    }
}
