// A closing document as stored and as the API returns it: the frozen content (seller, buyer,
// lines, totals — exactly what was printed) with the facts around it — which order, who issued
// it when, whether it is annulled, and for invoices what reduces it and what it is still owed
// (InvoiceBalance: the amount less its order's credit notes less the payments allocated).

import ERPCore
import Foundation
import Parties
import Postgres
import Sales

/// `GET /api/v1/documents/{id}`.
package struct IssuedDocument: Codable, Sendable, Equatable {
    package var id: DocumentID
    package var type: DocumentType
    package var number: String
    package var status: DocumentStatus
    package var orderID: SalesOrderID
    package var clientID: PartyID
    package var date: CalendarDate
    /// What the client owes by it (a credit note: what is owed back; a УКД: the signed change,
    /// negative for a decrease), VAT included.
    package var total: Money
    /// Invoices: the live credit notes of its order, the payments allocated to it, and what it is
    /// still owed (`InvoiceBalance.owed`).
    package var credited: Money?
    package var paid: Money?
    package var outstanding: Money?
    package var issuedAt: Date
    package var issuedBy: String
    package var annulledAt: Date?
    package var annulledBy: String?
    package var annulReason: String?
    /// The shipments (UPD) or returns (credit note) it documents.
    package var shipmentIDs: [ShipmentID]
    package var returnIDs: [SalesReturnID]
    /// Exactly what was issued (and what the print form shows).
    package var content: ClosingDocument
    /// The buyer's name as issued, beside `client_id` (the content's buyer: no extra query).
    package var clientName: String? = nil
}

/// `POST /api/v1/orders/{id}/documents`.
package struct IssueRequest: Codable, Sendable, Equatable {
    package var type: DocumentType
    /// A UPD for this shipment only (default: every shipment of the order not yet on a live UPD).
    package var shipmentID: ShipmentID?
    /// A УКД for this return only (default: every return not yet on a live document).
    package var returnID: SalesReturnID?
    /// The document's date (default: today, UTC).
    package var date: CalendarDate?

    package init(type: DocumentType, shipmentID: ShipmentID? = nil, returnID: SalesReturnID? = nil, date: CalendarDate? = nil) {
        self.type = type
        self.shipmentID = shipmentID
        self.returnID = returnID
        self.date = date
    }
}

extension IssuedDocument {
    static let columns: PostgresQuery = """
        SELECT d.id, d.type, d.number, d.status, d.order_id, d.client_id, d.doc_date::text, d.gross_minor, d.content::text,
               d.issued_at, d.issued_by_login, d.annulled_at, d.annulled_by_login, d.annul_reason,
               d.type = 'invoice',
               array_to_string(ARRAY(SELECT s.shipment_id FROM closing_document_sources s
                                     WHERE s.document_id = d.id AND s.shipment_id IS NOT NULL ORDER BY 1), ','),
               array_to_string(ARRAY(SELECT s.return_id FROM closing_document_sources s
                                     WHERE s.document_id = d.id AND s.return_id IS NOT NULL ORDER BY 1), ',')
        """ + ", " + InvoiceBalances.parts + " FROM closing_documents d"

    /// Reads a row selected with `columns`.
    /// - Throws: `PostgresError`; `ERPError` for stored content that no longer decodes (a bug).
    init(row: PostgresRow) throws {
        guard let type = DocumentType(rawValue: try row.decode(1, as: String.self)),
              let status = DocumentStatus(rawValue: try row.decode(3, as: String.self)) else {
            throw PostgresError(.decoding, message: "closing_documents: unknown type or status")
        }
        let total = Money(minorUnits: try row.decode(7, as: Int64.self))
        let balance = try row.decode(14, as: Bool.self)
            ? try InvoiceBalance(documentID: try row.decode(0, as: DocumentID.self), orderID: try row.decode(4, as: SalesOrderID.self),
                                 amount: total, credited: Money(minorUnits: try row.decode(17, as: Int64.self)),
                                 paid: Money(minorUnits: try row.decode(18, as: Int64.self)))
            : nil
        var content = try ERPJSON.decode(ClosingDocument.self, from: Array(try row.decode(8, as: String.self).utf8))
        content.status = status
        content.annulmentReason = try row.decode(13, as: String?.self)
        self.init(
            id: try row.decode(0, as: DocumentID.self), type: type, number: try row.decode(2, as: String.self), status: status,
            orderID: try row.decode(4, as: SalesOrderID.self), clientID: try row.decode(5, as: PartyID.self),
            date: try CalendarDate(parsing: try row.decode(6, as: String.self)), total: total, credited: balance?.credited,
            paid: balance?.paid, outstanding: balance?.owed, issuedAt: try row.decode(9, as: Date.self),
            issuedBy: try row.decode(10, as: String.self), annulledAt: try row.decode(11, as: Date?.self),
            annulledBy: try row.decode(12, as: String?.self), annulReason: try row.decode(13, as: String?.self),
            shipmentIDs: try IDList.decode(try row.decode(15, as: String.self)).map(ShipmentID.init(rawValue:)),
            returnIDs: try IDList.decode(try row.decode(16, as: String.self)).map(SalesReturnID.init(rawValue:)),
            content: content)
        clientName = content.buyer.name
    }
}

/// `1,2,3` (ids joined by `array_to_string`) as ids.
enum IDList {
    static func decode(_ text: String) throws(PostgresError) -> [Int64] {
        try text.split(separator: ",").map { part throws(PostgresError) in
            guard let value = Int64(part) else { throw PostgresError(.decoding, message: "not an id: \(part)") }
            return value
        }
    }
}
