// What the client card reads of a client's billing: recent documents and payments in brief, and
// their timeline events.

import ERPCore
import Foundation
import Parties
import Postgres

/// A document on the client card.
package struct DocumentSummary: Codable, Sendable, Equatable {
    package var id: DocumentID
    package var type: DocumentType
    package var number: String
    package var status: DocumentStatus
    package var date: CalendarDate
    package var total: Money
}

/// A payment on the client card.
package struct PaymentSummary: Codable, Sendable, Equatable {
    package var id: PaymentID
    package var number: String
    package var date: CalendarDate
    package var amount: Money
    package var status: PaymentStatus
}

package enum ClientBilling {
    /// The client's latest documents, newest first.
    package static func documents(of client: PartyID, limit: Int, in tx: Transaction) throws -> [DocumentSummary] {
        try tx.query("""
            SELECT id, type, number, status, doc_date::text, gross_minor FROM closing_documents
            WHERE client_id = \(client) ORDER BY id DESC LIMIT \(Int64(limit))
            """).map { row in
            DocumentSummary(id: try row.decode(0, as: DocumentID.self), type: DocumentType(rawValue: try row.decode(1, as: String.self)) ?? .invoice,
                            number: try row.decode(2, as: String.self),
                            status: DocumentStatus(rawValue: try row.decode(3, as: String.self)) ?? .issued,
                            date: try CalendarDate(parsing: try row.decode(4, as: String.self)),
                            total: Money(minorUnits: try row.decode(5, as: Int64.self)))
        }
    }

    /// The client's latest payments, newest first.
    package static func payments(of client: PartyID, limit: Int, in tx: Transaction) throws -> [PaymentSummary] {
        try tx.query("""
            SELECT id, number, paid_on::text, amount_minor, status FROM payments WHERE client_id = \(client) ORDER BY id DESC LIMIT \(Int64(limit))
            """).map { row in
            PaymentSummary(id: try row.decode(0, as: PaymentID.self), number: try row.decode(1, as: String.self),
                           date: try CalendarDate(parsing: try row.decode(2, as: String.self)),
                           amount: Money(minorUnits: try row.decode(3, as: Int64.self)),
                           status: PaymentStatus(rawValue: try row.decode(4, as: String.self)) ?? .posted)
        }
    }

    /// The client's balance and overdue debt on `day` (the caller has checked the client is visible).
    package static func balance(of client: PartyID, asOf day: CalendarDate, in tx: Transaction) throws -> (balance: Money, overdue: Money) {
        let report = try Receivables.report(asOf: day, client: client, by: .system(), in: tx)
        return (report.items.first?.balance ?? .zero(), report.items.first?.overdue ?? .zero())
    }

    /// The client's documents and payments as timeline events before `position`, newest first.
    package static func timeline(of client: PartyID, before position: TimelinePosition, limit: Int, in tx: Transaction) throws -> [TimelineEvent] {
        let documents = try tx.query("""
            SELECT id, issued_at, number, type, status, gross_minor FROM closing_documents
            WHERE client_id = \(client) AND (issued_at, 'document', id) < (\(position.at), \(position.kind), \(position.id))
            ORDER BY issued_at DESC, id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in
            TimelineEvent(at: try row.decode(1, as: Date.self), kind: "document", id: try row.decode(0, as: Int64.self),
                          title: "\(try row.decode(3, as: String.self)) \(try row.decode(2, as: String.self)) (\(try row.decode(4, as: String.self)))",
                          amount: Money(minorUnits: try row.decode(5, as: Int64.self)))
        }
        let payments = try tx.query("""
            SELECT id, created_at, number, status, amount_minor FROM payments
            WHERE client_id = \(client) AND (created_at, 'payment', id) < (\(position.at), \(position.kind), \(position.id))
            ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in
            TimelineEvent(at: try row.decode(1, as: Date.self), kind: "payment", id: try row.decode(0, as: Int64.self),
                          title: "Payment \(try row.decode(2, as: String.self)) (\(try row.decode(3, as: String.self)))",
                          amount: Money(minorUnits: try row.decode(4, as: Int64.self)))
        }
        return documents + payments
    }
}
