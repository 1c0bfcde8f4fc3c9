// Returns to a supplier: part of a posted receipt goes back at the cost it came in at. The
// receipt row is locked first, so returns against one receipt (and its cancellation) queue; what
// was already returned is read after the lock; every line is at most what the receipt brought in
// less what went back before. The Warehouse's ledger refuses to take reserved stock (409), and
// values each move at its receipt cost bounded by the level's value, so the average stays exact.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// Why goods go back to the supplier.
package enum SupplierReturnReason: String, Codable, Sendable, Equatable, CaseIterable {
    case defective
    case wrongItem = "wrong_item"
    case surplus
    case damagedInTransit = "damaged_in_transit"
    /// Needs a note.
    case other
}

/// A quantity of one product going back.
package struct SupplierReturnQuantity: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity

    package init(productID: ProductID, qty: Quantity) {
        self.productID = productID
        self.qty = qty
    }
}

/// `POST /api/v1/supplier-returns`.
package struct NewSupplierReturn: Codable, Sendable, Equatable {
    package var receiptID: StockDocumentID
    package var reason: SupplierReturnReason
    package var note: String?
    package var lines: [SupplierReturnQuantity]

    package init(receiptID: StockDocumentID, reason: SupplierReturnReason, note: String? = nil, lines: [SupplierReturnQuantity]) {
        self.receiptID = receiptID
        self.reason = reason
        self.note = note
        self.lines = lines
    }
}

/// One returned line and what it took out of stock value (nil for those who may not see costs).
package struct SupplierReturnLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    package var qty: Quantity
    package var cost: Money?
}

/// A return to a supplier (возврат поставщику).
package struct SupplierReturn: Codable, Sendable, Equatable {
    package var id: SupplierReturnID
    /// `SRT-2026-000001`.
    package var number: String
    package var receiptID: StockDocumentID
    package var supplierID: PartyID?
    package var warehouseID: WarehouseID
    package var reason: SupplierReturnReason
    package var note: String?
    package var lines: [SupplierReturnLine]
    package var createdAt: Date
    package var createdBy: String
}

enum SupplierReturns {
    /// Sends goods of a receipt back to its supplier.
    /// - Throws: `ERPError.forbidden`, `.notFound` (receipt), `.invalidState` (a cancelled
    ///   receipt), `.validationFailed` (more than received less returned, a product not on the
    ///   receipt, a reason `other` without a note), `.insufficientStock` (the goods are reserved or
    ///   gone); `PostgresError`.
    static func send(_ command: NewSupplierReturn, by principal: Principal, at now: Date, in tx: Transaction) throws -> SupplierReturn {
        try principal.require(.postStock)
        let receipt = try WarehouseService(time: .fixed(now)).document(command.receiptID, type: .receipt, by: principal, lock: true, in: tx)
        guard receipt.status == .posted else {
            throw ERPError.invalidState(entity: "receipt", current: receipt.status.rawValue, action: "return to the supplier")
        }
        var problems = FieldErrors()
        let note = command.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 2000 { problems.add("note", "must be at most 2000 characters") }
        if command.reason == .other && (note ?? "").isEmpty { problems.add("note", "says what happened when the reason is other") }
        _ = try StockLines.check(command.lines.map { LineInput(productID: $0.productID, qty: $0.qty) }, problems: &problems, in: tx)
        let received = try ReceiptHistory.lines(of: receipt.id, in: tx)
        let returned = try returnedQuantities(of: receipt.id, in: tx)
        var requests: [MoveRequest] = []
        let id = try tx.query("SELECT nextval(pg_get_serial_sequence('supplier_returns', 'id'))").single().decode(0, as: SupplierReturnID.self)
        for (index, line) in command.lines.enumerated() {
            guard let came = received[line.productID] else {
                problems.add("lines[\(index)].product_id", "product \(line.productID) is not on receipt \(receipt.number ?? "")")
                continue
            }
            let left = Quantity(thousandths: came.qty.thousandths - (returned[line.productID]?.thousandths ?? 0))
            if line.qty > left { problems.add("lines[\(index)].qty", "at most \(left) of this receipt can go back") }
            // A quantity that is not positive is already refused above.
            guard line.qty.isPositive,
                  let cost = problems.check("lines[\(index)].qty", { () throws(ValueError) in try line.qty.amount(at: came.unitCost) })
            else { continue }
            requests.append(MoveRequest(productID: line.productID, warehouseID: receipt.warehouseID,
                                        qty: Quantity(thousandths: -line.qty.thousandths), kind: .supplierReturn,
                                        pricing: .entryCost(cost), documentType: "supplier_return", documentID: id.rawValue))
        }
        try problems.throwIfAny()

        let year = try CompanyCalendar.day(of: now, in: tx).year
        let number = DocumentNumbers.format(prefix: "SRT", year: year,
                                            sequence: try DocumentNumbers.next(series: "supplier_return", year: year, in: tx))
        try tx.query("""
            INSERT INTO supplier_returns (id, number, receipt_id, supplier_id, warehouse_id, reason, note, created_at, created_by_login)
            OVERRIDING SYSTEM VALUE
            VALUES (\(id), \(number), \(receipt.id), \(receipt.supplierID), \(receipt.warehouseID), \(command.reason.rawValue),
                    \(note?.isEmpty == true ? nil : note), \(now), \(principal.login))
            """)
        let moves = try StockLedger.post(requests, by: principal, at: now, in: tx)
        try tx.query("""
            INSERT INTO supplier_return_lines (return_id, product_id, qty, cost_minor)
            SELECT \(id), l.p, l.q, l.c
            FROM unnest(\(moves.map(\.productID.rawValue))::bigint[], \(moves.map { -$0.qty.thousandths })::bigint[],
                        \(moves.map { -($0.cost?.minorUnits ?? 0) })::bigint[]) AS l(p, q, c)
            """)
        let sent = try fetch(id, in: tx)
        try Audit.record(in: tx, by: principal, action: "supplier_return.post", entityType: "supplier_return", entityID: id,
                         change: .object(["number": .string(number), "receipt_id": .number(receipt.id.rawValue),
                                          "reason": .string(command.reason.rawValue)]))
        return sent.visible(to: principal)
    }

    /// What earlier returns took back of each product of `receipt`.
    static func returnedQuantities(of receipt: StockDocumentID, in tx: Transaction) throws -> [ProductID: Quantity] {
        let rows = try tx.query("""
            SELECT l.product_id, sum(l.qty)::bigint FROM supplier_return_lines l JOIN supplier_returns r ON r.id = l.return_id
            WHERE r.receipt_id = \(receipt) GROUP BY l.product_id
            """)
        var returned: [ProductID: Quantity] = [:]
        for row in rows { returned[try row.decode(0, as: ProductID.self)] = Quantity(thousandths: try row.decode(1, as: Int64.self)) }
        return returned
    }

    /// The returns made on the company's days `from`…`to` in the warehouses `principal` sees,
    /// oldest first (costs only with `readStockCosts`).
    /// - Throws: `ERPError.forbidden` without `readPurchasing`; `PostgresError`.
    static func list(from: CalendarDate, to: CalendarDate, by principal: Principal, in tx: Transaction) throws -> [SupplierReturn] {
        try principal.require(.readPurchasing)
        let span = try CompanyCalendar.span(from: from, to: to, in: tx)
        let scope = principal.warehouseScope.map { Array($0) }
        return try tx.query("""
            SELECT id FROM supplier_returns
            WHERE created_at >= \(span.start) AND created_at < \(span.end)
              AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
            ORDER BY created_at, id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: SupplierReturnID.self) }
            .map { try fetch($0, in: tx).visible(to: principal) }
    }

    /// The return `id` as stored.
    static func fetch(_ id: SupplierReturnID, in tx: Transaction) throws -> SupplierReturn {
        guard let row = try tx.query("""
            SELECT number, receipt_id, supplier_id, warehouse_id, reason, note, created_at, created_by_login
            FROM supplier_returns WHERE id = \(id)
            """).firstRow else { throw ERPError.notFound(entity: "supplier return", id: String(id.rawValue)) }
        let reasonText = try row.decode(4, as: String.self)
        guard let reason = SupplierReturnReason(rawValue: reasonText) else {
            throw PostgresError(.decoding, message: "supplier_returns.reason \"\(reasonText)\" is not a reason")
        }
        let lines = try tx.query("SELECT product_id, qty, cost_minor FROM supplier_return_lines WHERE return_id = \(id) ORDER BY product_id")
            .map { (line) throws(PostgresError) in
                SupplierReturnLine(productID: try line.decode(0, as: ProductID.self), qty: Quantity(thousandths: try line.decode(1, as: Int64.self)),
                                   cost: Money(minorUnits: try line.decode(2, as: Int64.self)))
            }
        return SupplierReturn(
            id: id, number: try row.decode(0, as: String.self), receiptID: try row.decode(1, as: StockDocumentID.self),
            supplierID: try row.decode(2, as: PartyID?.self), warehouseID: try row.decode(3, as: WarehouseID.self), reason: reason,
            note: try row.decode(5, as: String?.self), lines: lines, createdAt: try row.decode(6, as: Date.self),
            createdBy: try row.decode(7, as: String.self))
    }
}

extension SupplierReturn {
    /// The return as `principal` may see it (costs only with `readStockCosts`).
    func visible(to principal: Principal) -> SupplierReturn {
        guard !principal.may(.readStockCosts) else { return self }
        var shown = self
        for index in shown.lines.indices { shown.lines[index].cost = nil }
        return shown
    }
}
