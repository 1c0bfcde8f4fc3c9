// Reading the audit log: owner only, filtered by entity, actor, action and time, newest first,
// keyset-paginated by id (stable under concurrent appends: a page never repeats or skips rows).

import Foundation
import Postgres

/// Which audit entries to list: `GET /api/v1/audit?entity=&entity_id=&actor_id=&action=&from=&to=`.
package struct AuditFilter: Sendable, Equatable {
    /// Only entries about this kind of entity (`user`, `product`).
    package var entityType: String?
    /// Only entries about this entity id (usually with `entityType`).
    package var entityID: Int64?
    /// Only entries by this user.
    package var actorID: UserID?
    /// Only this action (`user.create`).
    package var action: String?
    /// Only entries at or after this instant.
    package var from: Date?
    /// Only entries before this instant (exclusive, so consecutive ranges do not overlap).
    package var to: Date?
    /// Only entries that came through this door (`web`, `api`, `cli`, …).
    package var channel: Channel?
    /// Page size, 1…500.
    package var limit: Int
    /// The `next_cursor` of the previous page.
    package var cursor: String?

    /// A filter; everything nil means the whole log, newest first.
    package init(
        entityType: String? = nil, entityID: Int64? = nil, actorID: UserID? = nil, action: String? = nil,
        from: Date? = nil, to: Date? = nil, channel: Channel? = nil, limit: Int = 100, cursor: String? = nil
    ) {
        self.channel = channel
        self.entityType = entityType
        self.entityID = entityID
        self.actorID = actorID
        self.action = action
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
    }
}

extension Audit {
    /// Lists audit entries matching `filter`, newest first, one page at a time.
    /// - Throws: `ERPError.forbidden` unless the principal may `readAudit` (owner);
    ///   `.validationFailed` for a bad `limit`, `cursor` or a `from` after `to`;
    ///   `.unavailable` / `.internal` for database failures.
    package static func entries(
        matching filter: AuditFilter, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Page<AuditEntry> {
        try principal.require(.readAudit)
        var problems = FieldErrors()
        var before: Int64?
        do {
            before = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor)
        } catch {
            if case .validationFailed(let fields) = error {
                for (field, message) in fields { problems.add(field, message) }
            }
        }
        if let from = filter.from, let to = filter.to, from > to {
            problems.add("from", "must not be after to")
        }
        try problems.throwIfAny()

        // One static statement; a NULL parameter switches its filter off. PQexecParams plans
        // with the actual values, so the NULL branches fold away and the indexes apply.
        let rows = try connection.serviceQuery("""
            SELECT id, at, actor_id, actor_login, channel, action, entity_type, entity_id, change::text
            FROM audit_log
            WHERE (\(filter.entityType)::text IS NULL OR entity_type = \(filter.entityType))
              AND (\(filter.entityID)::bigint IS NULL OR entity_id = \(filter.entityID))
              AND (\(filter.actorID)::bigint IS NULL OR actor_id = \(filter.actorID))
              AND (\(filter.action)::text IS NULL OR action = \(filter.action))
              AND (\(filter.from)::timestamptz IS NULL OR at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR at < \(filter.to))
              AND (\(filter.channel?.rawValue)::text IS NULL OR channel = \(filter.channel?.rawValue))
              AND (\(before)::bigint IS NULL OR id < \(before))
            ORDER BY id DESC
            LIMIT \(filter.limit + 1)
            """)
        var items: [AuditEntry] = []
        items.reserveCapacity(min(rows.count, filter.limit))
        do {
            for row in rows.prefix(filter.limit) {
                items.append(try entry(from: row))
            }
        } catch {
            throw ServiceFailure.translate(error)
        }
        let next = rows.count > filter.limit ? items.last.map { String($0.id.rawValue) } : nil
        return Page(items: items, nextCursor: next)
    }

    private static func entry(from row: PostgresRow) throws(PostgresError) -> AuditEntry {
        let channelText = try row.decode(4, as: String.self)
        guard let channel = Channel(rawValue: channelText) else {
            throw PostgresError(.decoding, message: "audit_log.channel \"\(channelText)\" is not a channel")
        }
        return AuditEntry(
            id: try row.decode(0, as: AuditEntryID.self),
            at: try row.decode(1, as: Date.self),
            actorID: try row.decode(2, as: UserID?.self),
            actorLogin: try row.decode(3, as: String.self),
            channel: channel,
            action: try row.decode(5, as: String.self),
            entityType: try row.decode(6, as: String.self),
            entityID: try row.decode(7, as: Int64?.self),
            change: try JSONValue(jsonText: try row.decode(8, as: String.self))
        )
    }
}
