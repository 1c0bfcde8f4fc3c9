// Activities: what happened with a client — a call, a meeting, an e-mail, a note — logged with
// its time, author, text and outcome, optionally tied to an order or a deal. Logged once and never
// edited (a correction is a new note), so the client's history is trustworthy.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales

/// The kind of an activity.
package enum ActivityType: String, Codable, Sendable, Equatable, CaseIterable {
    case call, meeting, email, note
}

/// `POST /api/v1/activities`.
package struct NewActivity: Codable, Sendable, Equatable {
    package var type: ActivityType
    package var partyID: PartyID
    package var orderID: SalesOrderID?
    package var dealID: DealID?
    /// When it happened (default: now).
    package var at: Date?
    package var text: String
    package var outcome: String?

    package init(type: ActivityType, partyID: PartyID, orderID: SalesOrderID? = nil, dealID: DealID? = nil, at: Date? = nil,
                 text: String, outcome: String? = nil) {
        self.type = type
        self.partyID = partyID
        self.orderID = orderID
        self.dealID = dealID
        self.at = at
        self.text = text
        self.outcome = outcome
    }
}

/// An activity as the API returns it.
package struct Activity: Codable, Sendable, Equatable {
    package var id: ActivityID
    package var type: ActivityType
    package var partyID: PartyID
    package var orderID: SalesOrderID?
    package var dealID: DealID?
    package var at: Date
    package var author: String
    package var text: String
    package var outcome: String?
}

enum Activities {
    static let columns: PostgresQuery = "SELECT id, type, party_id, order_id, deal_id, at, author_login, text, outcome FROM activities"

    /// Logs an activity against a party the author sees.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed`; `PostgresError`.
    static func log(_ command: NewActivity, by principal: Principal, at now: Date, in tx: Transaction) throws -> Activity {
        try principal.require(.editCRM)
        _ = try CRMAccess.party(command.partyID, by: principal, in: tx)
        var problems = FieldErrors()
        let text = command.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > 5000 { problems.add("text", "must be 1–5000 characters") }
        let outcome = command.outcome?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let outcome, outcome.count > 500 { problems.add("outcome", "must be at most 500 characters") }
        if let order = command.orderID, try Orders.get(order, by: principal, in: tx).clientID != command.partyID {
            problems.add("order_id", "order \(order) is not this party's")
        }
        if let deal = command.dealID, try Deals.get(deal, by: principal, in: tx).partyID != command.partyID {
            problems.add("deal_id", "deal \(deal) is not this party's")
        }
        try problems.throwIfAny()
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let row = try tx.query("""
            INSERT INTO activities (type, party_id, order_id, deal_id, at, author_id, author_login, text, outcome)
            VALUES (\(command.type.rawValue), \(command.partyID), \(command.orderID), \(command.dealID), \(command.at ?? now),
                    \(actorID), \(principal.login), \(text), \(outcome?.isEmpty == true ? nil : outcome))
            RETURNING id, type, party_id, order_id, deal_id, at, author_login, text, outcome
            """).single()
        let activity = try decode(row)
        try Audit.record(in: tx, by: principal, action: "activity.log", entityType: "activity", entityID: activity.id,
                         change: .object(["party_id": .number(command.partyID.rawValue), "type": .string(command.type.rawValue)]))
        return activity
    }

    /// Activities `principal` sees (of one party when given), newest first.
    /// - Throws: `ERPError.forbidden`, `.notFound` (a party not visible), `.validationFailed`; `PostgresError`.
    static func list(party: PartyID?, limit: Int, cursor: String?, by principal: Principal, in tx: Transaction) throws -> Page<Activity> {
        try principal.require(.readCRM)
        if let party { _ = try CRMAccess.party(party, by: principal, in: tx) }
        let before = try PageRequest.validate(limit: limit, cursor: cursor) ?? Int64.max
        let visible = try CRMAccess.visibleParties(for: principal, in: tx)
        let rows = try tx.query(columns + """
             WHERE id < \(before) AND (\(party)::bigint IS NULL OR party_id = \(party))
              AND (\(visible)::bigint[] IS NULL OR party_id = ANY(\(visible)))
            ORDER BY id DESC LIMIT \(Int64(limit) + 1)
            """)
        let items = try rows.prefix(limit).map(decode)
        return Page(items: items, nextCursor: rows.count > limit ? items.last.map { String($0.id.rawValue) } : nil)
    }

    static func decode(_ row: PostgresRow) throws -> Activity {
        guard let type = ActivityType(rawValue: try row.decode(1, as: String.self)) else {
            throw PostgresError(.decoding, message: "activities.type is unknown")
        }
        return Activity(id: try row.decode(0, as: ActivityID.self), type: type, partyID: try row.decode(2, as: PartyID.self),
                        orderID: try row.decode(3, as: SalesOrderID?.self), dealID: try row.decode(4, as: DealID?.self),
                        at: try row.decode(5, as: Date.self), author: try row.decode(6, as: String.self),
                        text: try row.decode(7, as: String.self), outcome: try row.decode(8, as: String?.self))
    }
}
