// Deals: the sales pipeline. A deal moves lead → qualified → proposal → negotiation → won or lost
// (lost needs a reason); every stage it enters is kept with time and author, so conversion and
// cycle time can be reported. A won deal can become a draft sales order.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Warehouse

/// A stage of the pipeline.
package enum DealStage: String, Codable, Sendable, Equatable, CaseIterable {
    case lead, qualified, proposal, negotiation, won, lost

    var isClosed: Bool { self == .won || self == .lost }
}

/// `POST /api/v1/deals`.
package struct NewDeal: Codable, Sendable, Equatable {
    package var partyID: PartyID
    package var title: String
    package var amount: Money?
    package var stage: DealStage?
    package var expectedClose: CalendarDate?
    package var ownerID: UserID?

    package init(partyID: PartyID, title: String, amount: Money? = nil, stage: DealStage? = nil, expectedClose: CalendarDate? = nil,
                 ownerID: UserID? = nil) {
        self.partyID = partyID
        self.title = title
        self.amount = amount
        self.stage = stage
        self.expectedClose = expectedClose
        self.ownerID = ownerID
    }
}

/// `PATCH /api/v1/deals/{id}`: changes at the deal's version; absent fields stay.
package struct DealChanges: Codable, Sendable, Equatable {
    package var version: Int64
    package var title: String?
    package var amount: Money?
    package var stage: DealStage?
    /// Required when moving to `lost`.
    package var lostReason: String?
    package var expectedClose: CalendarDate?

    package init(version: Int64, title: String? = nil, amount: Money? = nil, stage: DealStage? = nil, lostReason: String? = nil,
                 expectedClose: CalendarDate? = nil) {
        self.version = version
        self.title = title
        self.amount = amount
        self.stage = stage
        self.lostReason = lostReason
        self.expectedClose = expectedClose
    }
}

/// One stage a deal entered.
package struct DealStageChange: Codable, Sendable, Equatable {
    package var from: DealStage?
    package var to: DealStage
    package var at: Date
    package var by: String
}

/// A deal as the API returns it, with its stage history.
package struct Deal: Codable, Sendable, Equatable {
    package var id: DealID
    package var partyID: PartyID
    package var title: String
    package var amount: Money
    package var stage: DealStage
    package var lostReason: String?
    package var expectedClose: CalendarDate?
    package var ownerID: UserID?
    package var orderID: SalesOrderID?
    package var createdAt: Date
    package var closedAt: Date?
    package var version: Int64
    package var stages: [DealStageChange]
}

package enum Deals {
    /// Opens a deal with a party the user sees (stage `lead` by default).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed`; `PostgresError`.
    static func create(_ command: NewDeal, by principal: Principal, at now: Date, in tx: Transaction) throws -> Deal {
        try principal.require(.editCRM)
        _ = try CRMAccess.party(command.partyID, by: principal, in: tx)
        var problems = FieldErrors()
        let title = command.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 300 { problems.add("title", "must be 1–300 characters") }
        if let amount = command.amount, amount.isNegative { problems.add("amount", "must not be negative") }
        if let amount = command.amount, amount > .largestEntered { problems.add("amount", "must be at most \(Money.largestEntered)") }
        let stage = command.stage ?? .lead
        if stage.isClosed { problems.add("stage", "a new deal is open: lead, qualified, proposal or negotiation") }
        try problems.throwIfAny()
        let owner = command.ownerID ?? (principal.isSystem ? nil : principal.userID)
        let id = try tx.query("""
            INSERT INTO deals (party_id, title, amount_minor, stage, expected_close, owner_id, created_at)
            VALUES (\(command.partyID), \(title), \(command.amount?.minorUnits ?? 0), \(stage.rawValue),
                    \(command.expectedClose?.description)::date, \(owner), \(now))
            RETURNING id
            """).single().decode(0, as: DealID.self)
        try recordStage(of: id, from: nil, to: stage, by: principal, at: now, in: tx)
        try Audit.record(in: tx, by: principal, action: "deal.create", entityType: "deal", entityID: id,
                         change: .object(["party_id": .number(command.partyID.rawValue), "title": .string(title), "stage": .string(stage.rawValue)]))
        return try fetch(id, in: tx)
    }

    /// Changes a deal at its version; a stage change is kept in its history. A closed deal stays closed.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.versionConflict`, `.invalidState` (a closed
    ///   deal), `.validationFailed` (lost without a reason); `PostgresError`.
    static func update(_ id: DealID, with changes: DealChanges, by principal: Principal, at now: Date, in tx: Transaction) throws -> Deal {
        try principal.require(.editCRM)
        let deal = try get(id, by: principal, lock: true, in: tx)
        guard deal.version == changes.version else { throw ERPError.versionConflict(current: deal.version) }
        if deal.stage.isClosed { throw ERPError.invalidState(entity: "deal", current: deal.stage.rawValue, action: "change") }
        var problems = FieldErrors()
        let title = changes.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? deal.title
        if title.isEmpty || title.count > 300 { problems.add("title", "must be 1–300 characters") }
        if let amount = changes.amount, amount.isNegative { problems.add("amount", "must not be negative") }
        if let amount = changes.amount, amount > .largestEntered { problems.add("amount", "must be at most \(Money.largestEntered)") }
        let stage = changes.stage ?? deal.stage
        let reason = changes.lostReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if stage == .lost, reason?.isEmpty != false { problems.add("lost_reason", "is required when a deal is lost") }
        if stage != .lost, reason != nil { problems.add("lost_reason", "only a lost deal has a reason") }
        try problems.throwIfAny()
        try tx.query("""
            UPDATE deals SET title = \(title), amount_minor = \(changes.amount?.minorUnits ?? deal.amount.minorUnits),
                   stage = \(stage.rawValue), lost_reason = \(stage == .lost ? reason : nil),
                   expected_close = \((changes.expectedClose ?? deal.expectedClose)?.description)::date,
                   closed_at = \(stage.isClosed ? now : nil), version = version + 1
            WHERE id = \(id) AND version = \(deal.version)
            """)
        if stage != deal.stage { try recordStage(of: id, from: deal.stage, to: stage, by: principal, at: now, in: tx) }
        try Audit.record(in: tx, by: principal, action: "deal.update", entityType: "deal", entityID: id,
                         change: .object(["stage": .object(["from": .string(deal.stage.rawValue), "to": .string(stage.rawValue)])]))
        return try fetch(id, in: tx)
    }

    /// Turns a won deal into a draft sales order for its party (once).
    /// - Throws: `ERPError.invalidState` (not won, or already ordered), and what creating an order throws.
    static func order(_ id: DealID, lines: [NewOrderLine], warehouse: WarehouseID, sales: SalesService, by principal: Principal,
                      in tx: Transaction) throws -> SalesOrder {
        let deal = try get(id, by: principal, lock: true, in: tx)
        guard deal.stage == .won else { throw ERPError.invalidState(entity: "deal", current: deal.stage.rawValue, action: "make an order") }
        if let order = deal.orderID { throw ERPError.invalidState(entity: "deal", current: "ordered as \(order)", action: "make an order") }
        let order = try sales.create(NewOrder(clientID: deal.partyID, warehouseID: warehouse, comment: "Сделка: \(deal.title)", lines: lines),
                                     by: principal, in: tx)
        try tx.query("UPDATE deals SET order_id = \(order.id), version = version + 1 WHERE id = \(id)")
        return order
    }

    /// The deal `id` if `principal` sees its party.
    package static func get(_ id: DealID, by principal: Principal, lock: Bool = false, in tx: Transaction) throws -> Deal {
        try principal.require(.readCRM)
        let deal = try fetch(id, lock: lock, in: tx)
        guard try CRMAccess.sees(deal.partyID, principal, in: tx) else { throw ERPError.notFound(entity: "deal", id: String(id.rawValue)) }
        return deal
    }

    /// Deals `principal` sees (of one party, in one stage), newest first.
    static func list(party: PartyID?, stage: DealStage?, limit: Int, cursor: String?, by principal: Principal,
                     in tx: Transaction) throws -> Page<Deal> {
        try principal.require(.readCRM)
        let before = try PageRequest.validate(limit: limit, cursor: cursor) ?? Int64.max
        let visible = try CRMAccess.visibleParties(for: principal, in: tx)
        let rows = try tx.query("""
            SELECT id FROM deals WHERE id < \(before) AND (\(party)::bigint IS NULL OR party_id = \(party))
              AND (\(stage?.rawValue)::text IS NULL OR stage = \(stage?.rawValue))
              AND (\(visible)::bigint[] IS NULL OR party_id = ANY(\(visible)))
            ORDER BY id DESC LIMIT \(Int64(limit) + 1)
            """)
        let ids = try rows.prefix(limit).map { (row) throws(PostgresError) in try row.decode(0, as: DealID.self) }
        return Page(items: try ids.map { try fetch($0, in: tx) }, nextCursor: rows.count > limit ? ids.last.map { String($0.rawValue) } : nil)
    }

    static func fetch(_ id: DealID, lock: Bool = false, in tx: Transaction) throws -> Deal {
        guard let row = try tx.query("""
            SELECT party_id, title, amount_minor, stage, lost_reason, expected_close::text, owner_id, order_id, created_at, closed_at, version
            FROM deals WHERE id = \(id)
            """ + (lock ? " FOR UPDATE" : "")).firstRow else { throw ERPError.notFound(entity: "deal", id: String(id.rawValue)) }
        guard let stage = DealStage(rawValue: try row.decode(3, as: String.self)) else {
            throw PostgresError(.decoding, message: "deals.stage is unknown")
        }
        let stages = try tx.query("SELECT from_stage, to_stage, at, by_login FROM deal_stage_changes WHERE deal_id = \(id) ORDER BY id")
            .map { (row) throws(PostgresError) in
                DealStageChange(from: try row.decode(0, as: String?.self).flatMap(DealStage.init(rawValue:)),
                                to: DealStage(rawValue: try row.decode(1, as: String.self)) ?? .lead,
                                at: try row.decode(2, as: Date.self), by: try row.decode(3, as: String.self))
            }
        return Deal(id: id, partyID: try row.decode(0, as: PartyID.self), title: try row.decode(1, as: String.self),
                    amount: Money(minorUnits: try row.decode(2, as: Int64.self)), stage: stage, lostReason: try row.decode(4, as: String?.self),
                    expectedClose: try row.decode(5, as: String?.self).flatMap(CalendarDate.init),
                    ownerID: try row.decode(6, as: UserID?.self), orderID: try row.decode(7, as: SalesOrderID?.self),
                    createdAt: try row.decode(8, as: Date.self), closedAt: try row.decode(9, as: Date?.self),
                    version: try row.decode(10, as: Int64.self), stages: stages)
    }

    private static func recordStage(of id: DealID, from: DealStage?, to: DealStage, by principal: Principal, at now: Date,
                                    in tx: Transaction) throws {
        try tx.query("""
            INSERT INTO deal_stage_changes (deal_id, from_stage, to_stage, at, by_login)
            VALUES (\(id), \(from?.rawValue), \(to.rawValue), \(now), \(principal.login))
            """)
    }
}
