// What the four stock documents share: writing a header and its lines with a gapless number,
// posting and answering what was written, reading one back as its viewer may see it, and the
// audit entry of a posting.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres

/// A stock document's header as the posting use cases fill it in.
struct StockDocumentHeader {
    var type: StockDocumentType
    var status: StockDocumentStatus
    var warehouseID: WarehouseID
    var toWarehouseID: WarehouseID? = nil
    var supplierID: PartyID? = nil
    var supplierRef: String? = nil
    var reason: WriteOffReason? = nil
    var note: String? = nil
}

/// A line as stored.
struct StoredLine {
    var productID: ProductID
    var qty: Quantity? = nil
    var unitCost: Money? = nil
    var bookQty: Quantity? = nil
    var countedQty: Quantity? = nil
    /// Receipts: imported goods' country and declaration.
    var origin: GoodsOrigin? = nil
}

/// What the header's INSERT gave back: the new id, the number taken, and the stored creation time and version.
struct WrittenHeader {
    var id: StockDocumentID
    var number: String?
    var createdAt: Date
    var version: Int64
}

enum StockDocuments {
    /// Writes the header of a document not posted yet (an open stock count: numbered when it posts) and its lines.
    /// - Throws: `PostgresError`.
    static func insert(_ header: StockDocumentHeader, lines: [StoredLine], by principal: Principal, at now: Date,
                       in tx: Transaction) throws -> WrittenHeader {
        let row = try tx.query("INSERT INTO stock_documents " + values(header, number: "NULL", by: principal, at: now)
                               + " RETURNING id, created_at, version").single()
        let written = WrittenHeader(id: try row.decode(0, as: StockDocumentID.self), number: nil,
                                    createdAt: try row.decode(1, as: Date.self), version: try row.decode(2, as: Int64.self))
        try insertLines(lines, startingAt: 1, into: written.id, in: tx)
        return written
    }

    /// Posts a validated document: reserves its id, then writes its header, numbered, and its lines
    /// in the statement that posts the moves `moves` makes for that id (`StockLedger.post(_:writing:…)`:
    /// the gapless number is taken in the last statement before COMMIT, so receipts do not queue on
    /// the counter row for the whole transaction), audits `<type>.post`, and answers the document
    /// built from what was written — `products` and the warehouses' codes are what validation read —
    /// without reading it back.
    /// - Throws: `ERPError.insufficientStock`, `.validationFailed` (from the ledger); `PostgresError`.
    static func post(_ header: StockDocumentHeader, lines: [StoredLine], products: [ProductID: ProductFacts],
                     codes: (warehouse: String, to: String?), by principal: Principal, at now: Date, in tx: Transaction,
                     moves: (StockDocumentID) throws -> [MoveRequest]) throws -> StockDocument {
        let id = try tx.query("SELECT nextval(pg_get_serial_sequence('stock_documents', 'id'))").single().decode(0, as: StockDocumentID.self)
        let number = DocumentNumbers.taking(prefix: header.type.numberPrefix, series: header.type.rawValue, at: now)
        let writes: PostgresQuery = "doc AS (INSERT INTO stock_documents " + values(header, number: number, by: principal, at: now, id: id)
            + " RETURNING number, created_at, version), document_lines AS (" + linesInsert(lines, startingAt: 1, into: id) + "), "
        guard let row = try StockLedger.post(try moves(id), writing: writes, by: principal, at: now, in: tx).document else {
            preconditionFailure("a stock document is posted with at least one line")
        }
        let written = WrittenHeader(id: id, number: try row.decode(1, as: String.self), createdAt: try row.decode(2, as: Date.self),
                                    version: try row.decode(3, as: Int64.self))
        let document = try StockDocument(header, written, lines: lines, products: products, codes: codes, by: principal)
        try audit("post", document, by: principal, in: tx)
        return principal.may(.readStockCosts) ? document : document.withoutCosts()
    }

    /// The columns and VALUES of `header`'s INSERT, numbered by the SQL expression `number` (a
    /// bind parameter, or the number taken in the statement); with `id`, that reserved id.
    private static func values(_ header: StockDocumentHeader, number: PostgresQuery, by principal: Principal, at now: Date,
                               id: StockDocumentID? = nil) -> PostgresQuery {
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let posted = header.status == .posted
        let columns: PostgresQuery = """
            type, number, status, warehouse_id, to_warehouse_id, supplier_id, supplier_ref,
            reason, note, created_at, created_by, created_by_login, posted_at, posted_by, posted_by_login)

            """
        let rest: PostgresQuery = """
            , \(header.status.rawValue), \(header.warehouseID), \(header.toWarehouseID), \(header.supplierID),
                \(header.supplierRef), \(header.reason?.rawValue), \(header.note), \(now), \(actorID), \(principal.login),
                \(posted ? now : nil), \(posted ? actorID : nil), \(posted ? principal.login : nil))
            """
        guard let id else { return "(" + columns + "VALUES (\(header.type.rawValue), " + number + rest }
        return "(id, " + columns + "OVERRIDING SYSTEM VALUE VALUES (\(id), \(header.type.rawValue), " + number + rest
    }

    /// Appends `lines` numbered from `first`.
    static func insertLines(_ lines: [StoredLine], startingAt first: Int, into id: StockDocumentID, in tx: Transaction) throws {
        guard !lines.isEmpty else { return }
        try tx.query(linesInsert(lines, startingAt: first, into: id))
    }

    /// The INSERT of `lines` numbered from `first` into document `id`.
    private static func linesInsert(_ lines: [StoredLine], startingAt first: Int, into id: StockDocumentID) -> PostgresQuery {
        """
        INSERT INTO stock_document_lines (document_id, line_no, product_id, qty, unit_cost_minor, book_qty, counted_qty,
                                          origin_country, customs_declaration)
        SELECT \(id), \(Int64(first)) - 1 + l.n, l.p, l.q, l.c, l.b, l.k, l.o, l.d
        FROM unnest(\(lines.map(\.productID.rawValue))::bigint[], \(lines.map(\.qty?.thousandths))::bigint[],
                    \(lines.map(\.unitCost?.minorUnits))::bigint[], \(lines.map(\.bookQty?.thousandths))::bigint[],
                    \(lines.map(\.countedQty?.thousandths))::bigint[], \(lines.map(\.origin?.countryCode))::text[],
                    \(lines.map(\.origin?.customsDeclaration))::text[]) WITH ORDINALITY AS l(p, q, c, b, k, o, d, n)
        """
    }

    /// The document `id` of `type` with its lines, as `principal` may see it: a storekeeper with a
    /// scope sees documents of their warehouses only (a transfer: either end); unit costs and the
    /// total are left out for those without `readStockCosts` (what was paid a supplier is not
    /// theirs to read, even on a receipt they typed).
    /// - Throws: `ERPError.forbidden` without `readStock`, `.notFound`; `PostgresError`.
    static func get(_ id: StockDocumentID, type: StockDocumentType?, by principal: Principal, lock: Bool = false,
                    in tx: Transaction) throws -> StockDocument {
        try principal.require(.readStock)
        let query = StockDocument.headerColumns + " WHERE id = \(id)" + (lock ? " FOR UPDATE" : "")
        guard let row = try tx.query(query).firstRow else { throw notFound(id, type) }
        var document = try StockDocument(header: row)
        guard type == nil || document.type == type,
              principal.sees(document.warehouseID) || document.toWarehouseID.map(principal.sees) == true
        else { throw notFound(id, type) }
        try document.attachLines(in: tx)
        return principal.may(.readStockCosts) ? document : document.withoutCosts()
    }

    /// The document with this number (`RCP-2026-000001`), as `get` shows it.
    /// - Throws: as `get`.
    static func get(number: String, by principal: Principal, in tx: Transaction) throws -> StockDocument {
        guard let id = try tx.query("SELECT id FROM stock_documents WHERE upper(number) = upper(\(number))").firstRow?
            .decode(0, as: StockDocumentID.self)
        else { throw ERPError.notFound(entity: "stock document", id: number) }
        return try get(id, type: nil, by: principal, in: tx)
    }

    static func notFound(_ id: StockDocumentID, _ type: StockDocumentType?) -> ERPError {
        .notFound(entity: type?.noun ?? "stock document",
                  id: String(id.rawValue))
    }

    /// Records `action` (`receipt.post`, `transfer.cancel`, …) on the document in the audit log.
    /// - Throws: `PostgresError`.
    static func audit(_ action: String, _ document: StockDocument, by principal: Principal, in tx: Transaction) throws {
        var change: [String: JSONValue] = [
            "number": document.number.map(JSONValue.string) ?? .null,
            "status": .string(document.status.rawValue),
            "warehouse_id": .number(document.warehouseID.rawValue),
            "lines": .number(Int64(document.lines.count)),
        ]
        if let to = document.toWarehouseID { change["to_warehouse_id"] = .number(to.rawValue) }
        if let reason = document.reason { change["reason"] = .string(reason.rawValue) }
        if let supplier = document.supplierID { change["supplier_id"] = .number(supplier.rawValue) }
        try Audit.record(in: tx, by: principal, action: "\(document.type.rawValue).\(action)", entityType: "stock_document",
                         entityID: document.id, change: .object(change))
    }
}
