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

enum DocumentIssuing {
    /// Issues a document of `request.type` for order `orderID`.
    /// - Throws: `ERPError.forbidden` (managers: invoices only), `.notFound`, `.invalidState`
    ///   (nothing left to document, wrong order status), `.duplicate` (a live invoice or act exists),
    ///   `.validationFailed` (company settings incomplete); `PostgresError`.
    static func issue(_ request: IssueRequest, for orderID: SalesOrderID, by principal: Principal, at now: Date,
                      in tx: Transaction) throws -> IssuedDocument {
        try principal.require(.issueDocuments)
        if principal.role == .manager, request.type != .invoice {
            throw ERPError.forbidden(action: "issue documents other than invoices")
        }
        let order = try Orders.get(orderID, by: principal, lock: true, in: tx)
        let company = try CompanySettings.current(in: tx)
        var problems = FieldErrors()
        if company.name.isEmpty || company.inn == nil {
            problems.add("company", "fill in the company settings (at least name and INN) before issuing documents")
        }
        let today = try CompanyCalendar.day(of: now, in: tx)
        if let date = request.date { CalendarDate.checkEntered(date, field: "date", today: today, problems: &problems) }
        try problems.throwIfAny()
        if let existing = try liveDocument(of: request.type, for: orderID, in: tx), [.invoice, .act].contains(request.type) {
            throw ERPError.duplicate(entity: "document", field: "order_id", existingID: existing.rawValue)
        }
        let date = request.date ?? today
        let contents = try DocumentContents.choose(request, dated: date, order: order, company: company, in: tx)
        let client = try Parties.get(order.clientID, by: principal, in: tx)
        let corrected = contents.corrected?.content
        // A VAT payer's UPD offsets the client's open advances (зачёт аванса) and names their payments.
        let offsets = request.type == .upd && company.vatPayer
            ? try AdvanceOffsets.plan(client: order.clientID, gross: try LineTotals(lines: contents.lines).gross, in: tx) : []
        let content = try ClosingDocument(
            type: request.type, number: try number(of: request.type, on: date, in: tx), date: date, seller: seller(company),
            buyer: buyer(client),
            consignor: request.type == .upd ? try consignor(company, shippingFrom: order.warehouseID, in: tx) : nil,
            consignee: request.type == .upd ? buyer(client) : nil,
            vatPayer: corrected?.vatPayer ?? company.vatPayer, pricesIncludeVAT: corrected?.pricesIncludeVAT ?? order.pricesIncludeVAT,
            lines: contents.lines, basis: "Заказ \(order.number)", correctedDocument: contents.corrects, corrections: contents.corrections,
            paymentDocuments: offsets.isEmpty ? nil : offsets.map(\.payment))
        let document = try store(content, of: order, correcting: contents.corrected?.id, shipments: contents.shipments,
                                 shippedBy: contents.shippedBy, returns: contents.returns, by: principal, at: now, in: tx)
        try AdvanceOffsets.record(offsets, against: document.id, in: tx)
        return document
    }

    /// The next gapless number of `type` in the year of `date`.
    /// - Throws: `PostgresError`, `ValueError`.
    static func number(of type: DocumentType, on date: CalendarDate, in tx: Transaction) throws -> DocumentNumber {
        try DocumentNumber(type: type, year: date.year, sequence: try DocumentNumbers.next(series: "doc_" + type.rawValue, year: date.year, in: tx))
    }

    /// Stores `content` as issued for `order` with what it documents, audited (`document.issue`).
    /// What it adds to what the client owes is its total — for a УКД the signed change.
    /// - Throws: `PostgresError`, `ValueError`, `ERPError`.
    static func store(_ content: ClosingDocument, of order: SalesOrder, correcting corrected: DocumentID? = nil,
                      shipments: [ShipmentID] = [], shippedBy: [String] = [], returns: [SalesReturnID] = [],
                      by principal: Principal, at now: Date, in tx: Transaction) throws -> IssuedDocument {
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let body = String(decoding: try ERPJSON.encode(content), as: UTF8.self)
        let gross = content.correctionTotals?.change ?? content.totals.gross
        let id = try tx.query("""
            INSERT INTO closing_documents (type, number, status, order_id, client_id, doc_date, gross_minor, content,
                                           issued_at, issued_by, issued_by_login, corrects_id)
            VALUES (\(content.type.rawValue), \(content.number), 'issued', \(order.id), \(order.clientID), \(content.date.description)::date,
                    \(gross.minorUnits), \(body)::jsonb, \(now), \(actorID), \(principal.login), \(corrected))
            RETURNING id
            """).single().decode(0, as: DocumentID.self)
        try tx.query("""
            INSERT INTO closing_document_sources (document_id, shipment_id, return_id, shipped_by_login)
            SELECT \(id), s.id, NULL, s.login
            FROM unnest(\(shipments.map(\.rawValue))::bigint[], \(shippedBy)::text[]) AS s(id, login)
            UNION ALL SELECT \(id), NULL, r, NULL FROM unnest(\(returns.map(\.rawValue))::bigint[]) AS r
            """)
        var change: [String: JSONValue] = ["number": .string(content.number), "type": .string(content.type.rawValue),
                                           "order_id": .number(order.id.rawValue), "total": .string(gross.description)]
        if let corrected { change["corrects_id"] = .number(corrected.rawValue) }
        try Audit.record(in: tx, by: principal, action: "document.issue", entityType: "closing_document", entityID: id,
                         change: .object(change))
        try ChangeEvents.record(NewChangeEvent(.documentIssued, entity: "document", id: id, client: order.clientID.rawValue,
                                               data: .object(change)), in: tx)
        return try Documents.fetch(id, in: tx)
    }

    /// The live document of `type` for the order, if any.
    static func liveDocument(of type: DocumentType, for orderID: SalesOrderID, in tx: Transaction) throws -> DocumentID? {
        try tx.query("""
            SELECT id FROM closing_documents WHERE order_id = \(orderID) AND type = \(type.rawValue) AND status = 'issued'
            ORDER BY id DESC LIMIT 1
            """).firstRow?.decode(0, as: DocumentID.self)
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
