// Reading closing documents as their viewer may see them, and annulling one. Managers see their
// clients' documents only; storekeepers see the UPDs of shipments they made (they hand them to
// the driver) and nothing else; owners and accountants see everything.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales

/// The filters of `GET /api/v1/documents`.
package struct DocumentFilter: Sendable, Equatable {
    package var orderID: SalesOrderID?
    package var clientID: PartyID?
    package var type: DocumentType?
    package var status: DocumentStatus?
    /// Documents dated `from` … `to`, both included (the document date is already the company's day).
    package var from: CalendarDate?
    package var to: CalendarDate?
    package var limit: Int
    package var cursor: String?

    package init(orderID: SalesOrderID? = nil, clientID: PartyID? = nil, type: DocumentType? = nil, status: DocumentStatus? = nil,
                 from: CalendarDate? = nil, to: CalendarDate? = nil, limit: Int = 100, cursor: String? = nil) {
        self.orderID = orderID
        self.clientID = clientID
        self.type = type
        self.status = status
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
    }
}

enum Documents {
    /// The document as stored, whoever asks.
    /// With `lock`, the row is locked first and read afterwards: what pays the document is read
    /// once the lock is ours, never from the snapshot the locking statement started in (a payment
    /// committed while we waited must be seen, or an invoice could be annulled under it).
    static func fetch(_ id: DocumentID, lock: Bool = false, in tx: Transaction) throws -> IssuedDocument {
        if lock { try tx.query("SELECT 1 FROM closing_documents WHERE id = \(id) FOR UPDATE") }
        return try fetch([id], in: tx)[0]
    }

    /// The documents `ids` as stored, in the order given (one statement).
    /// - Throws: `ERPError.notFound` for one missing; `PostgresError`.
    static func fetch(_ ids: [DocumentID], in tx: Transaction) throws -> [IssuedDocument] {
        var read: [DocumentID: IssuedDocument] = [:]
        for row in try tx.query(IssuedDocument.columns + " WHERE d.id = ANY(\(ids.map(\.rawValue))::bigint[])") {
            let document = try IssuedDocument(row: row)
            read[document.id] = document
        }
        return try ids.map { id throws(ERPError) in
            guard let document = read[id] else { throw ERPError.notFound(entity: "document", id: String(id.rawValue)) }
            return document
        }
    }

    /// The document `id` if `principal` may see it.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func get(_ id: DocumentID, by principal: Principal, lock: Bool = false, in tx: Transaction) throws -> IssuedDocument {
        try principal.require(.readDocuments)
        let document = try fetch(id, lock: lock, in: tx)
        guard try sees(document, principal, in: tx) else { throw ERPError.notFound(entity: "document", id: String(id.rawValue)) }
        return document
    }

    /// The document with this number (`INV-2026-000001`) or id, as `get` shows it.
    static func get(reference: String, by principal: Principal, in tx: Transaction) throws -> IssuedDocument {
        let byNumber = try tx.query("SELECT id FROM closing_documents WHERE upper(number) = upper(\(reference))").firstRow
        guard let id = try byNumber?.decode(0, as: DocumentID.self) ?? (try? DocumentID(parsing: reference)) else {
            throw ERPError.notFound(entity: "document", id: reference)
        }
        return try get(id, by: principal, in: tx)
    }

    /// One page of the documents `principal` sees that match `filter`, newest first.
    /// - Throws: `ERPError.forbidden`, `.validationFailed`; `PostgresError`.
    static func list(_ filter: DocumentFilter, by principal: Principal, in tx: Transaction) throws -> Page<IssuedDocument> {
        try principal.require(.readDocuments)
        let before = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor) ?? Int64.max
        if let from = filter.from, let to = filter.to, from > to {
            throw ERPError.validationFailed(fields: ["from": "must not be after to"])
        }
        let clients = try Parties.visibleIDs(for: principal, in: tx)?.map(\.rawValue)
        // A storekeeper's documents: UPDs of shipments they made.
        let shipper: String? = principal.role == .storekeeper ? principal.login : nil
        let rows = try tx.query(IssuedDocument.columns + """
             WHERE d.id < \(before)
              AND (\(clients)::bigint[] IS NULL OR d.client_id = ANY(\(clients)))
              AND (\(shipper)::text IS NULL OR (d.type = 'upd' AND EXISTS (
                    SELECT 1 FROM closing_document_sources s WHERE s.document_id = d.id AND s.shipped_by_login = \(shipper))))
              AND (\(filter.orderID)::bigint IS NULL OR d.order_id = \(filter.orderID))
              AND (\(filter.clientID)::bigint IS NULL OR d.client_id = \(filter.clientID))
              AND (\(filter.type?.rawValue)::text IS NULL OR d.type = \(filter.type?.rawValue))
              AND (\(filter.status?.rawValue)::text IS NULL OR d.status = \(filter.status?.rawValue))
              AND (\(filter.from?.description)::date IS NULL OR d.doc_date >= \(filter.from?.description)::date)
              AND (\(filter.to?.description)::date IS NULL OR d.doc_date <= \(filter.to?.description)::date)
            ORDER BY d.id DESC LIMIT \(Int64(filter.limit) + 1)
            """)
        let documents = try rows.prefix(filter.limit).map { try IssuedDocument(row: $0) }
        return Page(items: documents, nextCursor: rows.count > filter.limit ? documents.last.map { String($0.id.rawValue) } : nil)
    }

    /// Annuls an issued document: it keeps its number and content, no longer counts, and frees
    /// what it documented for a new document. An invoice with payments allocated is refused.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState`, `.validationFailed` (no reason).
    static func annul(_ id: DocumentID, reason: String, by principal: Principal, at now: Date, in tx: Transaction) throws -> IssuedDocument {
        try principal.require(.annulDocuments)
        let document = try get(id, by: principal, lock: true, in: tx)
        _ = try document.content.annulled(reason: reason)  // refuses a blank reason or a second annulment
        if let paid = document.paid, !paid.isZero {
            throw ERPError.invalidState(entity: "document \(document.number)", current: "paid \(paid)",
                                        action: "annul (reverse its payments first)")
        }
        try checkNoLaterCorrection(of: document, in: tx)
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try tx.query("""
            UPDATE closing_documents SET status = 'annulled', annulled_at = \(now), annulled_by_login = \(principal.login),
                   annul_reason = \(trimmed)
            WHERE id = \(id) AND status = 'issued'
            """)
        try tx.query("UPDATE closing_document_sources SET live = false WHERE document_id = \(id)")
        try Audit.record(in: tx, by: principal, action: "document.annul", entityType: "closing_document", entityID: id,
                         change: .object(["number": .string(document.number), "reason": .string(trimmed)]))
        try ChangeEvents.record(NewChangeEvent(.documentAnnulled, entity: "document", id: id, client: document.clientID.rawValue,
                                               data: .object(["number": .string(document.number)])), in: tx)
        return try fetch(id, in: tx)
    }

    /// Refuses to annul a UPD a live УКД corrects, or a УКД a later live УКД of the same UPD
    /// builds on (its "before" would no longer hold): annul the newest correction first. A УКД's
    /// UPD is locked first, so no correction of it is being issued meanwhile.
    /// - Throws: `ERPError.invalidState`; `PostgresError`.
    private static func checkNoLaterCorrection(of document: IssuedDocument, in tx: Transaction) throws {
        guard [.upd, .correction].contains(document.type) else { return }
        let corrected = try tx.query("SELECT corrects_id FROM closing_documents WHERE id = \(document.id)").single()
            .decode(0, as: DocumentID?.self)
        if let corrected { try tx.query("SELECT 1 FROM closing_documents WHERE id = \(corrected) FOR UPDATE") }
        let upd = corrected ?? document.id
        if document.type == .correction, document.total.minorUnits > 0 { try checkPaymentsWithin(document, in: tx) }
        if let later = try tx.query("""
            SELECT number FROM closing_documents WHERE corrects_id = \(upd) AND status = 'issued' AND id > \(document.id)
            ORDER BY id DESC LIMIT 1
            """).firstRow {
            throw ERPError.invalidState(entity: "document \(document.number)", current: "corrected by \(try later.decode(0, as: String.self))",
                                        action: "annul (annul the newest correction first)")
        }
    }

    /// Refuses to annul a УКД raising what its order's invoice asks when payments already allocated
    /// to that invoice would then exceed what it asks (PaymentCheck's bound). The invoice is
    /// locked first, so no payment is allocated to it meanwhile.
    /// - Throws: `ERPError.invalidState`; `PostgresError`.
    private static func checkPaymentsWithin(_ increase: IssuedDocument, in tx: Transaction) throws {
        // Lock, then read in a statement of its own: a payment committed while this waited for the
        // lock must count, and a statement's own sums come from before its wait (the randomized
        // concurrency test caught an invoice over-paid that way).
        try tx.query("""
            SELECT 1 FROM closing_documents WHERE order_id = \(increase.orderID) AND type = 'invoice' AND status = 'issued'
            ORDER BY id FOR UPDATE
            """)
        guard let row = try tx.query("""
            SELECT d.number, d.gross_minor +
            """ + PaymentCheck.increases + """
            - \(increase.total.minorUnits), COALESCE((SELECT sum(a.amount_minor) FROM payment_allocations a
                     JOIN payments p ON p.id = a.payment_id AND p.status = 'posted' WHERE a.document_id = d.id), 0)::bigint
            FROM closing_documents d WHERE d.order_id = \(increase.orderID) AND d.type = 'invoice' AND d.status = 'issued'
            """).firstRow else { return }
        let asks = try row.decode(1, as: Int64.self), paid = try row.decode(2, as: Int64.self)
        if paid > asks {
            throw ERPError.invalidState(entity: "document \(increase.number)", current: "paid beyond the invoice without it",
                                        action: "annul (reverse payments of \(try row.decode(0, as: String.self)) first)")
        }
    }

    private static func sees(_ document: IssuedDocument, _ principal: Principal, in tx: Transaction) throws -> Bool {
        if let clients = try Parties.visibleIDs(for: principal, in: tx), !clients.contains(document.clientID) { return false }
        guard principal.role == .storekeeper else { return true }
        guard document.type == .upd else { return false }
        return try tx.query("""
            SELECT 1 FROM closing_document_sources WHERE document_id = \(document.id) AND shipped_by_login = \(principal.login)
            """).isEmpty == false
    }
}
