// Issuing a closing document from an order, in one transaction holding the order's row lock (so
// two accountants cannot document the same shipment twice): what it covers is chosen by type
// (DocumentContents), the seller's requisites are frozen from the company settings and the
// buyer's from the client card as they are now, the number is taken gapless per type and year,
// and the whole content is stored as issued — later edits of the card or prices never change it.
// Credit notes are no longer issued (old ones stay readable): a return is corrected by a УКД.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Warehouse

/// One document of a batch: which order, and what to issue for it.
package struct DocumentIssue: Sendable, Equatable {
    package var orderID: SalesOrderID
    package var request: IssueRequest

    package init(orderID: SalesOrderID, request: IssueRequest) {
        (self.orderID, self.request) = (orderID, request)
    }
}

enum DocumentIssuing {
    /// Issues a document of `request.type` for order `orderID`: the batch of one.
    /// - Throws: `ERPError.forbidden` (managers: invoices only), `.notFound`, `.invalidState`
    ///   (nothing left to document, wrong order status), `.duplicate` (a live invoice or act exists),
    ///   `.validationFailed` (company settings incomplete); `PostgresError`.
    static func issue(_ request: IssueRequest, for orderID: SalesOrderID, by principal: Principal, at now: Date,
                      in tx: Transaction) throws -> IssuedDocument {
        try issue([DocumentIssue(orderID: orderID, request: request)], names: [""], by: principal, at: now, in: tx)[0]
    }

    /// Issues every document of `batch`, in its order (numbers are taken so), with the rules of
    /// the single issue for each; all or nothing.
    /// - Throws: as `issue(_:for:by:at:in:)`, naming the document as `documents[i]…`;
    ///   `.validationFailed` for an order's document of one type asked twice (UPDs of different
    ///   shipments excepted). Nothing is written then.
    static func issue(_ batch: [DocumentIssue], by principal: Principal, at now: Date, in tx: Transaction) throws -> [IssuedDocument] {
        // Each document chooses what it covers from what is documented before the batch: two of
        // one order and type would cover the same — unless they are UPDs of different shipments.
        for (index, item) in batch.enumerated() {
            if batch[..<index].contains(where: { other in
                key(other) == key(item) && !(item.request.type == .upd && item.request.shipmentID.map { $0 != other.request.shipmentID } == true
                                             && other.request.shipmentID != nil)
            }) {
                throw ERPError.validationFailed(fields: ["documents[\(index)]": "covers what an earlier document of the batch covers"])
            }
        }
        return try issue(batch, names: batch.indices.map { "documents[\($0)]." }, by: principal, at: now, in: tx)
    }

    /// The batch issue, `names[i]` naming item i in errors: orders read and locked in one
    /// statement, the contents chosen together, one statement per table to store them.
    private static func issue(_ batch: [DocumentIssue], names: [String], by principal: Principal, at now: Date,
                              in tx: Transaction) throws -> [IssuedDocument] {
        try principal.require(.issueDocuments)
        if principal.role == .manager, batch.contains(where: { $0.request.type != .invoice }) {
            throw ERPError.forbidden(action: "issue documents other than invoices")
        }
        guard !batch.isEmpty else { return [] }
        let orders = try Orders.get(batch.map(\.orderID), by: principal, lock: true, in: tx)
        let company = try CompanySettings.current(in: tx)
        var problems = FieldErrors()
        if company.name.isEmpty || company.inn == nil {
            problems.add("company", "fill in the company settings (at least name and INN) before issuing documents")
        }
        let today = try CompanyCalendar.day(of: now, in: tx)
        for (index, item) in batch.enumerated() {
            if let date = item.request.date { CalendarDate.checkEntered(date, field: names[index] + "date", today: today, problems: &problems) }
        }
        try problems.throwIfAny()
        let live = try liveDocuments(batch.filter { [.invoice, .act].contains($0.request.type) }, in: tx)
        for (index, item) in batch.enumerated() {
            if let existing = live[key(item)] { throw ERPError.duplicate(entity: "document", field: names[index] + "order_id", existingID: existing.rawValue) }
        }
        let dates = batch.map { $0.request.date ?? today }
        let contents = try DocumentContents.choose(batch, dated: dates, orders: orders, company: company, names: names, in: tx)
        let clients = try Parties.get(orders.map(\.clientID), by: principal, in: tx)
        // A VAT payer's UPD offsets the client's open advances (зачёт аванса) and names their payments.
        let offsetting = company.vatPayer ? batch.indices.filter { batch[$0].request.type == .upd } : []
        let offsets = try AdvanceOffsets.plan(offsetting.map { (orders[$0].clientID, try LineTotals(lines: contents[$0].lines).gross) }, in: tx)
        let numbers = try self.numbers(of: batch.indices.map { (batch[$0].request.type, dates[$0]) }, in: tx)
        var addresses: [WarehouseID: PartyRequisites?] = [:]
        var documents: [ClosingDocument] = []
        for index in batch.indices {
            let type = batch[index].request.type, order = orders[index]
            guard let client = clients[order.clientID] else { throw ERPError.notFound(entity: "party", id: String(order.clientID.rawValue)) }
            if type == .upd, addresses[order.warehouseID] == nil {
                addresses[order.warehouseID] = .some(try consignor(company, shippingFrom: order.warehouseID, in: tx))
            }
            let corrected = contents[index].corrected?.content
            let paid = offsetting.firstIndex(of: index).map { offsets[$0] } ?? []
            documents.append(try ClosingDocument(
                type: type, number: numbers[index], date: dates[index], seller: seller(company), buyer: buyer(client),
                consignor: type == .upd ? addresses[order.warehouseID] ?? nil : nil, consignee: type == .upd ? buyer(client) : nil,
                vatPayer: corrected?.vatPayer ?? company.vatPayer, pricesIncludeVAT: corrected?.pricesIncludeVAT ?? order.pricesIncludeVAT,
                lines: contents[index].lines, basis: "Заказ \(order.number)", correctedDocument: contents[index].corrects,
                corrections: contents[index].corrections, paymentDocuments: paid.isEmpty ? nil : paid.map(\.payment)))
        }
        let issued = try store(batch.indices.map { StoredDocument(content: documents[$0], order: orders[$0], contents: contents[$0], corrects: contents[$0].corrected?.id) },
                               by: principal, at: now, in: tx)
        try AdvanceOffsets.record(offsetting.indices.map { (offsets[$0], issued[offsetting[$0]].id) }, in: tx)
        return issued
    }

    /// The next gapless numbers of each (type, date), in the order given: one counter bump per
    /// type and year.
    /// - Throws: `PostgresError`, `ValueError`.
    static func numbers(of documents: [(type: DocumentType, date: CalendarDate)], in tx: Transaction) throws -> [DocumentNumber] {
        var next: [String: Int64] = [:]
        for document in documents where next["\(document.type.rawValue) \(document.date.year)"] == nil {
            let count = documents.filter { $0.type == document.type && $0.date.year == document.date.year }.count
            next["\(document.type.rawValue) \(document.date.year)"] = try DocumentNumbers.next(
                count: count, series: "doc_" + document.type.rawValue, year: document.date.year, in: tx).lowerBound
        }
        return try documents.map { document in
            let key = "\(document.type.rawValue) \(document.date.year)"
            defer { next[key, default: 0] += 1 }
            return try DocumentNumber(type: document.type, year: document.date.year, sequence: next[key] ?? 0)
        }
    }

    /// The next gapless number of `type` in the year of `date`.
    /// - Throws: `PostgresError`, `ValueError`.
    static func number(of type: DocumentType, on date: CalendarDate, in tx: Transaction) throws -> DocumentNumber {
        try numbers(of: [(type, date)], in: tx)[0]
    }

    /// A document to store: its content, its order, and what it documents.
    struct StoredDocument {
        var content: ClosingDocument
        var order: SalesOrder
        var contents: DocumentContents
        /// The UPD a УКД corrects.
        var corrects: DocumentID?
    }

    /// Stores `content` as issued for `order` with what it documents, audited (`document.issue`).
    /// What it adds to what the client owes is its total — for a УКД the signed change.
    /// - Throws: `PostgresError`, `ValueError`, `ERPError`.
    static func store(_ content: ClosingDocument, of order: SalesOrder, correcting corrected: DocumentID? = nil,
                      by principal: Principal, at now: Date, in tx: Transaction) throws -> IssuedDocument {
        try store([StoredDocument(content: content, order: order, contents: DocumentContents(lines: []), corrects: corrected)],
                  by: principal, at: now, in: tx)[0]
    }

    /// Stores `documents` as issued, in their order, with what each documents, audited
    /// (`document.issue`) and announced: one statement per table.
    /// - Throws: `PostgresError`, `ValueError`, `ERPError`.
    static func store(_ documents: [StoredDocument], by principal: Principal, at now: Date, in tx: Transaction) throws -> [IssuedDocument] {
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let bodies = try documents.map { String(decoding: try ERPJSON.encode($0.content), as: UTF8.self) }
        let grosses = documents.map { ($0.content.correctionTotals?.change ?? $0.content.totals.gross).minorUnits }
        let corrects = documents.map { $0.corrects?.rawValue }
        let ids = try tx.query("""
            INSERT INTO closing_documents (type, number, status, order_id, client_id, doc_date, gross_minor, content,
                                           issued_at, issued_by, issued_by_login, corrects_id)
            SELECT d.type, d.number, 'issued', d.o, d.c, d.day::date, d.g, d.body::jsonb, \(now), \(actorID), \(principal.login), d.k
            FROM unnest(\(documents.map(\.content.type.rawValue))::text[], \(documents.map(\.content.number))::text[],
                        \(documents.map(\.order.id.rawValue))::bigint[], \(documents.map(\.order.clientID.rawValue))::bigint[],
                        \(documents.map(\.content.date.description))::text[], \(grosses)::bigint[], \(bodies)::text[], \(corrects)::bigint[])
                 WITH ORDINALITY AS d(type, number, o, c, day, g, body, k, n)
            ORDER BY d.n
            RETURNING id
            """).map { (row) throws(PostgresError) in try row.decode(0, as: DocumentID.self) }
        let shipments = documents.indices.flatMap { index in documents[index].contents.shipments.indices.map { (index, $0) } }
        let returns = documents.indices.flatMap { index in documents[index].contents.returns.map { (ids[index], $0) } }
        if !shipments.isEmpty || !returns.isEmpty {
            try tx.query("""
                INSERT INTO closing_document_sources (document_id, shipment_id, return_id, shipped_by_login)
                SELECT s.d, s.id, NULL, s.login
                FROM unnest(\(shipments.map { ids[$0.0].rawValue })::bigint[],
                            \(shipments.map { documents[$0.0].contents.shipments[$0.1].rawValue })::bigint[],
                            \(shipments.map { documents[$0.0].contents.shippedBy[$0.1] })::text[]) AS s(d, id, login)
                UNION ALL SELECT r.d, NULL, r.id, NULL FROM unnest(\(returns.map(\.0.rawValue))::bigint[],
                                                                  \(returns.map(\.1.rawValue))::bigint[]) AS r(d, id)
                """)
        }
        let changes: [JSONValue] = documents.indices.map { index in
            let document = documents[index]
            var change: [String: JSONValue] = ["number": .string(document.content.number), "type": .string(document.content.type.rawValue),
                                               "order_id": .number(document.order.id.rawValue),
                                               "total": .string(Money(minorUnits: grosses[index]).description)]
            if let corrected = document.corrects { change["corrects_id"] = .number(corrected.rawValue) }
            return .object(change)
        }
        try Audit.record(in: tx, by: principal, action: "document.issue", entityType: "closing_document",
                         changes: ids.indices.map { (ids[$0], AuditChange(changes[$0])) })
        try ChangeEvents.record(ids.indices.map { NewChangeEvent(.documentIssued, entity: "document", id: ids[$0],
                                                                  client: documents[$0].order.clientID.rawValue, data: changes[$0]) }, in: tx)
        return try Documents.fetch(ids, in: tx)
    }

    /// An order's document of one type.
    private static func key(_ item: DocumentIssue) -> String { "\(item.orderID.rawValue) \(item.request.type.rawValue)" }

    /// The live invoice or act each of `wanted` would duplicate, if any (one statement).
    private static func liveDocuments(_ wanted: [DocumentIssue], in tx: Transaction) throws -> [String: DocumentID] {
        guard !wanted.isEmpty else { return [:] }
        var live: [String: DocumentID] = [:]
        for row in try tx.query("""
            SELECT DISTINCT ON (w.o, w.t) w.n, d.id
            FROM unnest(\(wanted.map(\.orderID.rawValue))::bigint[], \(wanted.map(\.request.type.rawValue))::text[]) WITH ORDINALITY AS w(o, t, n)
            JOIN closing_documents d ON d.order_id = w.o AND d.type = w.t AND d.status = 'issued'
            ORDER BY w.o, w.t, d.id DESC
            """) {
            live[key(wanted[Int(try row.decode(0, as: Int64.self)) - 1])] = try row.decode(1, as: DocumentID.self)
        }
        return live
    }

    /// Our requisites as documents print them.
    static func seller(_ company: CompanySettings) -> PartyRequisites {
        PartyRequisites(name: company.name, inn: company.inn, kpp: company.kpp, ogrn: company.ogrn, address: company.address,
                   bank: company.bank.map(bank), director: company.director, chiefAccountant: company.chiefAccountant)
    }

    /// A UPD's consignor (line 3): we, at the shipping warehouse's address, when the goods leave from
    /// somewhere other than our legal address; nil — printed "он же" — when they leave from it or the
    /// warehouse has no address recorded.
    /// - Throws: `PostgresError`.
    static func consignor(_ company: CompanySettings, shippingFrom warehouse: WarehouseID, in tx: Transaction) throws -> PartyRequisites? {
        let normalized = { (text: String?) in text?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() ?? "" }
        guard let address = try Warehouses.address(of: warehouse, in: tx), !normalized(address).isEmpty,
              normalized(address) != normalized(company.address) else { return nil }
        return PartyRequisites(name: company.name, inn: company.inn, kpp: company.kpp, address: address)
    }

    /// The client's requisites as they are now (frozen into the document).
    static func buyer(_ party: Party) -> PartyRequisites {
        PartyRequisites(name: party.name, inn: party.inn, kpp: party.kpp, ogrn: party.ogrn, address: party.address,
                   bank: party.bank.map(bank))
    }

    private static func bank(_ details: BankDetails) -> BankRequisites {
        BankRequisites(bic: details.bic, account: details.account, name: details.name, corrAccount: details.corrAccount)
    }
}
