// The client card: "you open the card, and everything is there". The party with its contacts;
// open and recent orders; documents; payments; balance and overdue debt; open tasks; deals; and
// a timeline merging activities, orders, shipments, documents, payments and changes of the card,
// newest first, a page at a time. Each module contributes its part through package functions;
// every part is one indexed query, so a client with a thousand orders opens as fast as a new one.

import Billing
import ERPCore
import Foundation
import Parties
import Postgres
import Sales

/// `GET /api/v1/clients/{id}/card`.
package struct ClientCard: Codable, Sendable, Equatable {
    package var party: Party
    package var contacts: [Contact]
    /// Drafts, confirmed and partly shipped orders.
    package var openOrders: [OrderSummary]
    /// The latest orders whatever their status.
    package var recentOrders: [OrderSummary]
    package var documents: [DocumentSummary]
    package var payments: [PaymentSummary]
    /// Delivered less returned less paid (negative: the client's credit), and debt older than 30 days.
    package var balance: Money
    package var overdue: Money
    package var openTasks: [CRMTask]
    package var deals: [Deal]
    package var timeline: [TimelineEvent]
    /// The cursor for the next page of the timeline.
    package var timelineCursor: String?
}

enum ClientCards {
    /// How many of each recent list the card shows.
    static let recent = 10

    /// The card of client `id`, with a timeline page of `limit` events after `cursor`.
    /// - Throws: `ERPError.forbidden`, `.notFound` (another manager's client), `.validationFailed`
    ///   (limit, cursor); `PostgresError`.
    static func card(of id: PartyID, timelineLimit limit: Int, cursor: String?, by principal: Principal, at now: Date,
                     in tx: Transaction) throws -> ClientCard {
        try principal.require(.readCRM)
        var problems = FieldErrors()
        if !(1...PageRequest.maximumLimit).contains(limit) { problems.add("timeline_limit", "must be between 1 and \(PageRequest.maximumLimit)") }
        let position = cursor.map { TimelinePosition(cursor: $0) } ?? .start
        if position == nil { problems.add("timeline_cursor", "is not a cursor returned by this card") }
        try problems.throwIfAny()
        let party = try CRMAccess.party(id, by: principal, in: tx)
        let (balance, overdue) = try ClientBilling.balance(of: id, asOf: try CompanyCalendar.day(of: now, in: tx), in: tx)
        let (timeline, next) = try Timeline.page(of: id, before: position ?? .start, limit: limit, in: tx)
        let openTasks = try Tasks.list(mine: false, due: nil, status: .open, party: id, limit: recent * 5, by: principal, at: now, in: tx)
        return ClientCard(
            party: party, contacts: try Contacts.list(of: id, by: principal, in: tx),
            openOrders: try Orders.summaries(of: id, statuses: [.draft, .confirmed, .partiallyShipped], limit: recent * 5, in: tx),
            recentOrders: try Orders.summaries(of: id, statuses: nil, limit: recent, in: tx),
            documents: try ClientBilling.documents(of: id, limit: recent, in: tx),
            payments: try ClientBilling.payments(of: id, limit: recent, in: tx), balance: balance, overdue: overdue,
            openTasks: openTasks, deals: try Deals.list(party: id, stage: nil, limit: recent * 5, cursor: nil, by: principal, in: tx).items,
            timeline: timeline, timelineCursor: next)
    }
}

/// The merged timeline of a client.
enum Timeline {
    /// `limit` events before `position`, newest first, and the cursor after the last one (nil at the end).
    static func page(of id: PartyID, before position: TimelinePosition, limit: Int,
                     in tx: Transaction) throws -> (events: [TimelineEvent], next: String?) {
        // Each source gives its newest `limit + 1`; the merge keeps the newest `limit` overall.
        let fetch = limit + 1
        var events = try Orders.timeline(of: id, before: position, limit: fetch, in: tx)
        events += try ClientBilling.timeline(of: id, before: position, limit: fetch, in: tx)
        events += try Audit.timeline(of: "party", id.rawValue, before: position, limit: fetch, in: tx)
        events += try tx.query("""
            SELECT id, at, type, author_login, text, outcome FROM activities
            WHERE party_id = \(id) AND (at, 'activity', id) < (\(position.at), \(position.kind), \(position.id))
            ORDER BY at DESC, id DESC LIMIT \(Int64(fetch))
            """).map { (row) throws(PostgresError) in
            let outcome = try row.decode(5, as: String?.self)
            return TimelineEvent(at: try row.decode(1, as: Date.self), kind: "activity", id: try row.decode(0, as: Int64.self),
                                 title: "\(try row.decode(2, as: String.self)) by \(try row.decode(3, as: String.self))",
                                 detail: try row.decode(4, as: String.self) + (outcome.map { " — \($0)" } ?? ""))
        }
        let sorted = events.sorted { $0.position > $1.position }
        let page = Array(sorted.prefix(limit))
        return (page, sorted.count > limit ? page.last?.position.cursor : nil)
    }
}
