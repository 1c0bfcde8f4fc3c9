// A stock document as the API returns it — receipt, transfer, write-off or stock count — with its
// lines, and how it is read back. The four kinds share one table and one shape; fields that do
// not apply to a kind are null (a write-off has no supplier, a receipt no reason).

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres

/// The four kinds of stock document.
package enum StockDocumentType: String, Codable, Sendable, Equatable, CaseIterable {
    case receipt
    case transfer
    case writeOff = "write_off"
    case stockCount = "stock_count"

    /// The prefix of the document's number (`RCP-2026-000001`).
    var numberPrefix: String {
        switch self {
        case .receipt: "RCP"
        case .transfer: "TRF"
        case .writeOff: "WO"
        case .stockCount: "CNT"
        }
    }

    /// The document's name in messages (`write off`, `stock count`).
    package var noun: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// Where a stock document is in its life: counts may be `open`; everything posted can be cancelled.
package enum StockDocumentStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case open
    case posted
    case cancelled
}

/// Why goods are written off.
package enum WriteOffReason: String, Codable, Sendable, Equatable, CaseIterable {
    case damaged
    case expired
    case lost
    case shrinkage
    /// Needs a note saying what happened.
    case other
}

/// One line of a stock document.
package struct StockDocumentLine: Codable, Sendable, Equatable {
    package var lineNo: Int
    package var productID: ProductID
    package var sku: String
    package var name: String
    package var unit: String
    /// What moved (receipts, transfers, write-offs) — for a count, the adjustment once posted.
    package var qty: Quantity?
    /// Receipts: the supplier's unit cost.
    package var unitCost: Money?
    /// Counts: the book quantity when counting started, and what was counted (nil: not yet).
    package var bookQty: Quantity?
    package var countedQty: Quantity?
    /// Counts: `counted − book`, the adjustment the line makes (nil while uncounted).
    package var difference: Quantity?
    /// Receipts of imported goods: the country of origin's ОКСМ code and the customs declaration.
    package var countryCode: String?
    package var customsDeclaration: String?
}

/// A receipt, transfer, write-off or stock count.
package struct StockDocument: Codable, Sendable, Equatable {
    package var id: StockDocumentID
    package var type: StockDocumentType
    /// Given at posting (`RCP-2026-000001`); nil while a count is open.
    package var number: String?
    package var status: StockDocumentStatus
    /// The warehouse (a transfer's source).
    package var warehouseID: WarehouseID
    /// A transfer's destination.
    package var toWarehouseID: WarehouseID?
    package var supplierID: PartyID?
    package var supplierRef: String?
    package var reason: WriteOffReason?
    package var note: String?
    package var lines: [StockDocumentLine]
    /// Receipts: the sum of the lines' quantity × unit cost.
    package var totalCost: Money?
    package var createdAt: Date
    package var createdBy: String
    package var postedAt: Date?
    package var postedBy: String?
    package var cancelledAt: Date?
    package var cancelledBy: String?
    package var version: Int64
    /// The codes of `warehouse_id` and `to_warehouse_id`, so a reader needs no second request.
    package var warehouseCode = ""
    package var toWarehouseCode: String?
}

extension StockDocument {
    static let headerColumns: PostgresQuery = """
        SELECT id, type, number, status, warehouse_id, to_warehouse_id, supplier_id, supplier_ref, reason, note,
               created_at, created_by_login, posted_at, posted_by_login, cancelled_at, cancelled_by_login, version,
               (SELECT code FROM warehouses w WHERE w.id = stock_documents.warehouse_id),
               (SELECT code FROM warehouses w WHERE w.id = stock_documents.to_warehouse_id)
        FROM stock_documents
        """

    /// Reads a document header selected with `headerColumns`; lines are attached by `attachLines`.
    init(header row: PostgresRow) throws(PostgresError) {
        func known<T: RawRepresentable<String>>(_ column: Int, _ type: T.Type) throws(PostgresError) -> T? {
            guard let text = try row.decode(column, as: String?.self) else { return nil }
            guard let value = T(rawValue: text) else {
                throw PostgresError(.decoding, message: "stock_documents column \(column): unknown \"\(text)\"")
            }
            return value
        }
        guard let type = try known(1, StockDocumentType.self), let status = try known(3, StockDocumentStatus.self) else {
            throw PostgresError(.decoding, message: "stock_documents: type or status missing")
        }
        self.init(
            id: try row.decode(0, as: StockDocumentID.self), type: type, number: try row.decode(2, as: String?.self),
            status: status, warehouseID: try row.decode(4, as: WarehouseID.self),
            toWarehouseID: try row.decode(5, as: WarehouseID?.self), supplierID: try row.decode(6, as: PartyID?.self),
            supplierRef: try row.decode(7, as: String?.self), reason: try known(8, WriteOffReason.self),
            note: try row.decode(9, as: String?.self), lines: [], totalCost: nil,
            createdAt: try row.decode(10, as: Date.self), createdBy: try row.decode(11, as: String.self),
            postedAt: try row.decode(12, as: Date?.self), postedBy: try row.decode(13, as: String?.self),
            cancelledAt: try row.decode(14, as: Date?.self), cancelledBy: try row.decode(15, as: String?.self),
            version: try row.decode(16, as: Int64.self))
        warehouseCode = try row.decode(17, as: String.self)
        toWarehouseCode = try row.decode(18, as: String?.self)
    }

    /// The document with no unit costs and no total: what roles without `readStockCosts` see.
    func withoutCosts() -> StockDocument {
        var document = self
        document.totalCost = nil
        for index in document.lines.indices { document.lines[index].unitCost = nil }
        return document
    }

    /// Reads the lines of `self` (with each product's sku, name and unit) and the receipt total.
    mutating func attachLines(in tx: Transaction) throws {
        let rows = try tx.query("""
            SELECT line_no, product_id, qty, unit_cost_minor, book_qty, counted_qty, origin_country, customs_declaration
            FROM stock_document_lines WHERE document_id = \(id) ORDER BY line_no
            """)
        let stored = try rows.map { (row) throws(PostgresError) in
            let country = try row.decode(6, as: String?.self), declaration = try row.decode(7, as: String?.self)
            return (lineNo: Int(try row.decode(0, as: Int64.self)), line: StoredLine(
                productID: try row.decode(1, as: ProductID.self), qty: try row.decode(2, as: Int64?.self).map(Quantity.init(thousandths:)),
                unitCost: try row.decode(3, as: Int64?.self).map { Money(minorUnits: $0) },
                bookQty: try row.decode(4, as: Int64?.self).map(Quantity.init(thousandths:)),
                countedQty: try row.decode(5, as: Int64?.self).map(Quantity.init(thousandths:)),
                origin: country.map { GoodsOrigin(countryCode: $0, customsDeclaration: declaration) }))
        }
        let facts = try Products.facts(of: stored.map(\.line.productID), in: tx)
        lines = stored.map { StockDocumentLine(lineNo: $0.lineNo, $0.line, product: facts[$0.line.productID]) }
        try totalLines()
    }
}
