// Webhook subscriptions (owner only): a URL, the event types it wants and a secret that signs each
// body. The secret is stored (the deliverer needs it) and never shown again after creation. A new
// subscription starts at the end of the feed: it receives what happens from then on. Removing one
// marks it removed; its delivery log stays.

import ERPCore
import Foundation
import Postgres

/// A webhook's id.
package struct WebhookID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// `POST /api/v1/webhooks` `{"url", "events", "secret"}`.
package struct NewWebhook: Codable, Sendable, Equatable {
    package var url: String
    /// Event type names (`order.confirmed`, …).
    package var events: [String]
    package var secret: String

    package init(url: String, events: [String], secret: String) {
        (self.url, self.events, self.secret) = (url, events, secret)
    }
}

/// A subscription as the owner sees it (never its secret).
package struct Webhook: Codable, Sendable, Equatable {
    package var id: WebhookID
    package var url: String
    package var events: [ChangeEventType]
    /// `active`, `disabled` (failed for 24 h) or `removed`.
    package var status: String
    package var createdAt: Date
    /// The last event handled; the next delivery is of a later one.
    package var position: Int64
    /// Failed attempts of the event at the head of its queue.
    package var failures: Int
    package var failingSince: Date?
    package var nextAttemptAt: Date
}

/// One attempt to deliver one event.
package struct WebhookDelivery: Codable, Sendable, Equatable {
    package var id: Int64
    package var eventID: Int64
    package var at: Date
    package var attempt: Int
    /// The receiver's status code; nil when none came (refused, timed out, not allowed).
    package var statusCode: Int?
    package var ok: Bool
    package var error: String?
}

/// The subscriptions' SQL.
enum Webhooks {
    static let columns: StaticString = "id, url, array_to_string(events, ','), status, created_at, position, failures, failing_since, next_attempt_at"

    /// Subscribes `command.url` to `command.events`.
    /// - Throws: `ERPError.forbidden` (not the owner); `.validationFailed` naming `url`, `events` or `secret`.
    static func add(_ command: NewWebhook, allowedHosts: [String], by principal: Principal, at now: Date,
                    in tx: Transaction) throws -> Webhook {
        try principal.require(.manageWebhooks)
        var errors: [ERPError] = []
        do { _ = try WebhookTarget(command.url, allowedHosts: allowedHosts) } catch { errors.append(error) }
        var types: [ChangeEventType] = []
        do { types = try ChangeFeedRequest.types(parsing: command.events.joined(separator: ","), field: "events") } catch {
            errors.append(command.events.isEmpty ? .validationFailed(fields: ["events": "must name at least one event type"]) : error)
        }
        if !(16...200).contains(command.secret.count) { errors.append(.validationFailed(fields: ["secret": "must be 16–200 characters"])) }
        if let error = ERPError.merged(errors) { throw error }
        let id = try tx.query("""
            INSERT INTO webhooks (url, events, secret, created_by, created_at, position, next_attempt_at)
            VALUES (\(command.url), \(types.map(\.rawValue)), \(command.secret), \(principal.userID), \(now),
                    \(try ChangeEvents.lastID(in: tx)), \(now))
            RETURNING id
            """).single().decode(0, as: WebhookID.self)
        try Audit.record(in: tx, by: principal, action: "webhook.create", entityType: "webhook", entityID: id,
                         change: .object(["url": .string(command.url), "events": .array(types.map { .string($0.rawValue) })]))
        return try fetch(id, in: tx)
    }

    /// Every subscription but removed ones, oldest first.
    /// - Throws: `ERPError.forbidden`; `PostgresError`.
    static func list(by principal: Principal, in tx: Transaction) throws -> [Webhook] {
        try principal.require(.manageWebhooks)
        return try tx.query("SELECT \(unescaped: columns) FROM webhooks WHERE status <> 'removed' ORDER BY id").map(decode)
    }

    /// Removes a subscription: nothing more is delivered to it.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func remove(_ id: WebhookID, by principal: Principal, in tx: Transaction) throws -> Webhook {
        try principal.require(.manageWebhooks)
        let removed = try tx.query("UPDATE webhooks SET status = 'removed' WHERE id = \(id) AND status <> 'removed' RETURNING id")
        guard !removed.isEmpty else { throw ERPError.notFound(entity: "webhook", id: id.description) }
        try Audit.record(in: tx, by: principal, action: "webhook.remove", entityType: "webhook", entityID: id, change: .object([:]))
        return try fetch(id, in: tx)
    }

    /// A subscription's delivery attempts, newest first.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func deliveries(of id: WebhookID, limit: Int, by principal: Principal, in tx: Transaction) throws -> [WebhookDelivery] {
        try principal.require(.manageWebhooks)
        _ = try fetch(id, in: tx)
        return try tx.query("""
            SELECT id, event_id, at, attempt, status_code, ok, error FROM webhook_deliveries
            WHERE webhook_id = \(id) ORDER BY id DESC LIMIT \(Int64(limit))
            """).map { (row) throws(PostgresError) in
            WebhookDelivery(id: try row.decode(0, as: Int64.self), eventID: try row.decode(1, as: Int64.self),
                            at: try row.decode(2, as: Date.self), attempt: Int(try row.decode(3, as: Int64.self)),
                            statusCode: try row.decode(4, as: Int64?.self).map { Int($0) }, ok: try row.decode(5, as: Bool.self),
                            error: try row.decode(6, as: String?.self))
        }
    }

    /// One subscription (removed ones too).
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(_ id: WebhookID, in tx: Transaction) throws -> Webhook {
        guard let row = try tx.query("SELECT \(unescaped: columns) FROM webhooks WHERE id = \(id)").firstRow else {
            throw ERPError.notFound(entity: "webhook", id: id.description)
        }
        return try decode(row)
    }

    static func decode(_ row: PostgresRow) throws(PostgresError) -> Webhook {
        Webhook(id: try row.decode(0, as: WebhookID.self), url: try row.decode(1, as: String.self),
                events: try row.decode(2, as: String.self).split(separator: ",").compactMap { ChangeEventType(rawValue: String($0)) },
                status: try row.decode(3, as: String.self), createdAt: try row.decode(4, as: Date.self),
                position: try row.decode(5, as: Int64.self), failures: Int(try row.decode(6, as: Int64.self)),
                failingSince: try row.decode(7, as: Date?.self), nextAttemptAt: try row.decode(8, as: Date.self))
    }
}
