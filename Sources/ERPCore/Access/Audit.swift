// The audit log: every mutation records who did it, when, through which channel, to which
// entity, and what changed — in the same transaction as the mutation, so a change without its
// entry (or an entry without its change) cannot exist. The table is append-only (triggers refuse
// UPDATE, DELETE and TRUNCATE), so the owner can trust what it says.

import Foundation
import Postgres

/// An audit log entry's id; ids grow with time, so they also order the log.
package struct AuditEntryID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// One line of the audit log, as `GET /api/v1/audit` returns it.
package struct AuditEntry: Codable, Sendable, Equatable {
    /// The entry's id (its position in the log).
    package var id: AuditEntryID
    /// When the recording transaction started.
    package var at: Date
    /// The acting user; nil for the system itself (`Principal.system`).
    package var actorID: UserID?
    /// The acting user's login at the time (`"system"` for the system).
    package var actorLogin: String
    /// The door the change came through.
    package var channel: Channel
    /// What was done, `entity.verb`: `user.create`, `token.revoke`, `party.export`.
    package var action: String
    /// The kind of entity acted on: `user`, `token`, `product`.
    package var entityType: String
    /// The entity's id; nil for actions on many entities at once (an export).
    package var entityID: Int64?
    /// What changed (new values, or `{"field": {"from": …, "to": …}}`); never secrets.
    package var change: JSONValue

    private enum CodingKeys: String, CodingKey {
        case id, at, actorID, actorLogin, channel, action, entityType, entityID, change
    }

    /// Encodes every field, absent ids as `null`.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(at, forKey: .at)
        try container.encode(actorID, forKey: .actorID)
        try container.encode(actorLogin, forKey: .actorLogin)
        try container.encode(channel, forKey: .channel)
        try container.encode(action, forKey: .action)
        try container.encode(entityType, forKey: .entityType)
        try container.encode(entityID, forKey: .entityID)
        try container.encode(change, forKey: .change)
    }

}

extension Principal {
    /// The login no user may have: it names `Principal.system` in the audit log.
    package static let systemLogin = "system"

    /// Whether this is `Principal.system` (no user row behind it; its id 0 matches no user).
    package var isSystem: Bool { login == Principal.systemLogin }
}

/// Writing and reading the audit log.
package enum Audit {
    /// Records one mutation, inside the mutation's own transaction.
    ///
    /// Call it from every mutating service with the same `tx`; if the mutation rolls back, so
    /// does its entry. `action` is `entity.verb` (lowercase, e.g. `user.disable`); `change`
    /// must never contain secrets (passwords, tokens, hashes). Nothing in a transaction reads its
    /// own entry back, so the entry is a tail write (`Transaction.queueWrite`): it goes to the
    /// server with the transaction's next statement or its COMMIT, at no round trip of its own.
    /// - Throws: `PostgresError` (let it propagate so the transaction rolls back); a malformed
    ///   `action` or `entityType` violates `audit_log_action_format` / `_entity_type_format`
    ///   when the entry goes out, so the next statement or the commit throws it.
    package static func record(
        in tx: Transaction, by principal: Principal, action: String, entityType: String,
        entityID: some EntityID, change: JSONValue
    ) throws(PostgresError) {
        try insert(in: tx, by: principal, action: action, entityType: entityType,
                   entityID: entityID.rawValue, change: change)
    }

    /// Records an action on many entities at once (an export of client data: `party.export`).
    /// - Throws: `PostgresError`, as `record(in:by:action:entityType:entityID:change:)`.
    package static func record(
        in tx: Transaction, by principal: Principal, action: String, entityType: String,
        change: JSONValue
    ) throws(PostgresError) {
        try insert(in: tx, by: principal, action: action, entityType: entityType, entityID: nil, change: change)
    }

    /// Records one mutation per entity, all with the same action, in one statement: what a
    /// set-based import writes, so 100,000 products are audited without 100,000 round trips.
    /// Entries get ids (log positions) in the order given; a tail write like the others.
    /// - Throws: `PostgresError`, as `record(in:by:action:entityType:entityID:change:)`.
    package static func record<ID: EntityID>(
        in tx: Transaction, by principal: Principal, action: String, entityType: String,
        changes: [(entityID: ID, change: AuditChange)]
    ) throws(PostgresError) {
        guard !changes.isEmpty else { return }
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let ids = changes.map { $0.entityID.rawValue }
        let texts = changes.map { $0.change.text }
        try tx.queueWrite("""
            INSERT INTO audit_log (actor_id, actor_login, channel, action, entity_type, entity_id, change)
            SELECT \(actorID), \(principal.login), \(principal.channel.rawValue), \(action), \(entityType),
                   e.id, e.change::jsonb
            FROM unnest(\(ids), \(texts)) WITH ORDINALITY AS e(id, change, n)
            ORDER BY e.n
            """)
    }

    private static func insert(
        in tx: Transaction, by principal: Principal, action: String, entityType: String,
        entityID: Int64?, change: JSONValue
    ) throws(PostgresError) {
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        try tx.queueWrite("""
            INSERT INTO audit_log (actor_id, actor_login, channel, action, entity_type, entity_id, change)
            VALUES (\(actorID), \(principal.login), \(principal.channel.rawValue), \(action),
                    \(entityType), \(entityID), \(change))
            """)
    }
}

/// An audit `change` already encoded as JSON text, so that the encoding can run ahead of the
/// write: an import encodes the next batch's entries while the database writes this one.
package struct AuditChange: Sendable {
    /// The compact JSON text.
    let text: String

    /// `change` encoded.
    package init(_ change: JSONValue) {
        text = change.description
    }
}

extension JSONValue: PostgresEncodable {
    /// Bound as `jsonb`, from the compact JSON text.
    package static var postgresType: PostgresType { .jsonb }
    /// The compact JSON text (`description`).
    package var postgresText: String? { description }
}

extension JSONValue {
    /// Parses JSON text read from a `jsonb` column.
    /// - Throws: `PostgresError` of kind `.decoding` when the text is not JSON.
    package init(jsonText text: String) throws(PostgresError) {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw PostgresError(.decoding, message: "jsonb column is not valid JSON: \(error)")
        }
    }

    /// An optional timestamp as an RFC 3339 string or `null`, for `change` objects.
    package static func timestamp(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(RFC3339.string(from: date))
    }
}

extension Audit {
    /// Changes recorded on one entity (`party` 42), newest first, before `position`: the "field
    /// changes" of a client's timeline.
    /// - Throws: `PostgresError`.
    package static func timeline(of entityType: String, _ id: Int64, before position: TimelinePosition, limit: Int,
                                 in tx: Transaction) throws(PostgresError) -> [TimelineEvent] {
        try tx.query("""
            SELECT id, at, action, actor_login, change::text FROM audit_log
            WHERE entity_type = \(entityType) AND entity_id = \(id) AND (at, 'change', id) < (\(position.at), \(position.kind), \(position.id))
            ORDER BY at DESC, id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in
            TimelineEvent(at: try row.decode(1, as: Date.self), kind: "change", id: try row.decode(0, as: Int64.self),
                          title: "\(try row.decode(2, as: String.self)) by \(try row.decode(3, as: String.self))",
                          detail: try row.decode(4, as: String.self))
        }
    }
}
