// Receipts: goods arriving from a supplier at the supplier's unit costs. Each line becomes one
// `receipt` move valued at qty × unit cost, which moves the bin's average cost.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres

/// A receipt line: `{"product_id", "qty", "unit_cost", "country_code"?, "customs_declaration"?}`.
package struct ReceiptLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    /// What the supplier charged per unit, as it should enter stock value (without VAT).
    package var unitCost: Money
    /// Imported goods: the country of origin, an ОКСМ code (`156`) or alpha-2 (`CN`).
    package var countryCode: String?
    /// Imported goods: the customs declaration's number or the batch's РНПТ.
    package var customsDeclaration: String?

    package init(productID: ProductID, qty: Quantity, unitCost: Money, countryCode: String? = nil, customsDeclaration: String? = nil) {
        self.productID = productID
        self.qty = qty
        self.unitCost = unitCost
        self.countryCode = countryCode
        self.customsDeclaration = customsDeclaration
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
        let warehouse = try Warehouses.requireUsable(command.warehouseID, field: "warehouse_id", by: principal, in: tx, problems: &problems)
        if let supplierID = command.supplierID {
            let supplier = try Parties.get(supplierID, by: principal, in: tx)
            if !supplier.isSupplier { problems.add("supplier_id", "\(supplier.name) is not marked as a supplier") }
            if supplier.archived { problems.add("supplier_id", "\(supplier.name) is archived") }
        }
        let supplierRef = StockText.present(command.supplierRef)
        if let supplierRef, supplierRef.count > 100 { problems.add("supplier_ref", "must be at most 100 characters") }
        let note = StockText.note(command.note, problems: &problems)
        let products = try StockLines.check(command.lines.map { LineInput(productID: $0.productID, qty: $0.qty) }, problems: &problems, in: tx)
        checkCosts(command.lines, problems: &problems)
        let origins = command.lines.enumerated().map { index, line in
            GoodsOrigin.checked(country: line.countryCode, declaration: line.customsDeclaration, line: index, problems: &problems)
        }
        try problems.throwIfAny()

        let header = StockDocumentHeader(type: .receipt, status: .posted, warehouseID: command.warehouseID,
                                         supplierID: command.supplierID, supplierRef: supplierRef, note: note)
        let lines = zip(command.lines, origins).map { StoredLine(productID: $0.productID, qty: $0.qty, unitCost: $0.unitCost, origin: $1) }
        return try StockDocuments.post(header, lines: lines, products: products, codes: (warehouse.code, nil),
                                       by: principal, at: now, in: tx) { id in
            command.lines.map { line in
                MoveRequest(productID: line.productID, warehouseID: command.warehouseID, qty: line.qty, kind: .receipt,
                            pricing: .unitCost(line.unitCost), documentType: StockDocumentType.receipt.rawValue,
                            documentID: id.rawValue)
            }
        }
    }

    /// Each unit cost is not negative, and each line's cost (qty × unit cost) and the receipt's
    /// total fit in Int64 kopecks — a huge value is the client's mistake, not a server error.
    private static func checkCosts(_ lines: [ReceiptLine], problems: inout FieldErrors) {
        var total = Money.zero()
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)].unit_cost"
            guard !line.unitCost.isNegative else {
                problems.add(field, "must not be negative")
                continue
            }
            guard let cost = try? line.qty.amount(at: line.unitCost), let sum = try? total + cost else {
                problems.add(field, "qty × unit_cost is more than a receipt can record")
                continue
            }
            total = sum
        }
    }
}

/// What earlier receipts say about a supplier: the price a purchase order line defaults to.
package enum ReceiptHistory {
    /// The unit cost of each of `products` on the latest posted receipt from `supplier` that has it.
    /// - Throws: `PostgresError`.
    package static func lastUnitCosts(of products: [ProductID], from supplier: PartyID, in tx: Transaction) throws -> [ProductID: Money] {
        let rows = try tx.query("""
            SELECT DISTINCT ON (l.product_id) l.product_id, l.unit_cost_minor
            FROM stock_document_lines l JOIN stock_documents d ON d.id = l.document_id
            WHERE d.type = 'receipt' AND d.status = 'posted' AND d.supplier_id = \(supplier)
              AND l.product_id = ANY(\(products.map(\.rawValue))::bigint[]) AND l.unit_cost_minor IS NOT NULL
            ORDER BY l.product_id, d.posted_at DESC, d.id DESC
            """)
        var costs: [ProductID: Money] = [:]
        for row in rows { costs[try row.decode(0, as: ProductID.self)] = Money(minorUnits: try row.decode(1, as: Int64.self)) }
        return costs
    }
}

extension ReceiptHistory {
    /// What a posted receipt brought in, per product: quantity and unit cost (whatever the reader
    /// may see: a return to the supplier needs the cost the goods came in at).
    /// - Throws: `PostgresError`.
    package static func lines(of receipt: StockDocumentID, in tx: Transaction) throws -> [ProductID: (qty: Quantity, unitCost: Money)] {
        let rows = try tx.query("""
            SELECT product_id, qty, unit_cost_minor FROM stock_document_lines
            WHERE document_id = \(receipt) AND qty IS NOT NULL AND unit_cost_minor IS NOT NULL
            """)
        var lines: [ProductID: (qty: Quantity, unitCost: Money)] = [:]
        for row in rows {
            lines[try row.decode(0, as: ProductID.self)] = (Quantity(thousandths: try row.decode(1, as: Int64.self)),
                                                            Money(minorUnits: try row.decode(2, as: Int64.self)))
        }
        return lines
    }
}
