// Delivering the feed to webhooks (docs/decisions.md, "Integrations"). Each subscription has its own
// position in the feed, kept in the database and advanced in the transaction that logs the delivery,
// so a server killed at any moment resumes where it was: an event whose POST succeeded but whose
// commit did not is posted again (at least once; receivers deduplicate by `X-ERP-Event-Id`). Events
// go strictly in order per subscription: a failing event holds back the later ones, retried with
// exponential backoff (1 s doubling to an hour), and a subscription failing for 24 hours is disabled.
// The POST runs outside any transaction, so no lock is held while a receiver takes its time.

import ERPCore
import Foundation
import Postgres

/// One pass over the subscriptions that are due, as `erp serve` runs it every second.
package struct WebhookDeliverer: Sendable {
    package var poster: WebhookPoster
    package var time: TimeSource
    /// At most this many events per subscription and pass.
    package var batch: Int

    /// How long a subscription may fail before it is disabled.
    package static let disableAfter: TimeInterval = 24 * 3600
    /// The longest wait between two attempts.
    package static let maximumBackoff: TimeInterval = 3600

    package init(poster: WebhookPoster, time: TimeSource = .system, batch: Int = 50) {
        (self.poster, self.time, self.batch) = (poster, time, batch)
    }

    /// Delivers what is due; returns how many events were delivered.
    /// - Throws: `ERPError` when the database fails (the next pass tries again).
    @discardableResult
    package func deliverDue(on connection: Connection) throws(ERPError) -> Int {
        let now = time.now
        let due = try connection.serviceTransaction { tx in
            try tx.query("""
                SELECT id, url, array_to_string(events, ','), secret, position, failures FROM webhooks
                WHERE status = 'active' AND next_attempt_at <= \(now) ORDER BY id
                """).map { (row) throws(PostgresError) in
                Subscription(id: try row.decode(0, as: WebhookID.self), url: try row.decode(1, as: String.self),
                             events: try row.decode(2, as: String.self).split(separator: ",").compactMap { ChangeEventType(rawValue: String($0)) },
                             secret: try row.decode(3, as: String.self), position: try row.decode(4, as: Int64.self),
                             failures: Int(try row.decode(5, as: Int64.self)))
            }
        }
        var delivered = 0
        for subscription in due { delivered += try deliver(subscription, on: connection) }
        return delivered
    }

    private struct Subscription {
        var id: WebhookID, url: String, events: [ChangeEventType], secret: String, position: Int64, failures: Int
    }

    /// Posts the subscription's next events in order until one fails; returns how many went through.
    private func deliver(_ subscription: Subscription, on connection: Connection) throws(ERPError) -> Int {
        let events = try connection.serviceTransaction { tx in
            try ChangeEvents.page(after: subscription.position, types: subscription.events, clients: nil, limit: batch, in: tx)
        }
        var (position, failures, delivered) = (subscription.position, subscription.failures, 0)
        for event in events {
            let body: [UInt8]
            do { body = try ERPJSON.encode(event) } catch { throw ERPError.reporting(error) }
            let outcome = poster.post(body, to: subscription.url, headers: [
                ("X-ERP-Event-Id", String(event.id)),
                ("X-ERP-Signature", "sha256=" + HMACSHA256.hex(key: Array(subscription.secret.utf8), message: body)),
            ])
            let now = time.now
            let moved = try connection.serviceTransaction { tx in
                try record(outcome, of: event.id, attempt: failures + 1, for: subscription.id, from: position, at: now, in: tx)
            }
            guard moved, outcome.ok else { break }
            (position, failures, delivered) = (event.id, 0, delivered + 1)
        }
        return delivered
    }

    /// Logs the attempt and moves the subscription on (delivered) or back off (failed), from the
    /// position this pass read; false when another server or a removal changed it meanwhile.
    private func record(_ outcome: PostOutcome, of event: Int64, attempt: Int, for id: WebhookID, from position: Int64,
                        at now: Date, in tx: Transaction) throws -> Bool {
        let backoff = min(Self.maximumBackoff, pow(2, Double(min(attempt - 1, 20))))
        let updated = try tx.query("""
            UPDATE webhooks SET
                position = CASE WHEN \(outcome.ok) THEN \(event) ELSE position END,
                failures = CASE WHEN \(outcome.ok) THEN 0 ELSE failures + 1 END,
                failing_since = CASE WHEN \(outcome.ok) THEN NULL ELSE coalesce(failing_since, \(now)) END,
                next_attempt_at = CASE WHEN \(outcome.ok) THEN \(now) ELSE \(now.addingTimeInterval(backoff)) END,
                status = CASE WHEN NOT \(outcome.ok) AND \(now) - coalesce(failing_since, \(now)) >= make_interval(secs => \(Self.disableAfter))
                              THEN 'disabled' ELSE status END
            WHERE id = \(id) AND position = \(position) AND status = 'active'
            RETURNING id
            """)
        guard !updated.isEmpty else { return false }
        try tx.query("""
            INSERT INTO webhook_deliveries (webhook_id, event_id, at, attempt, status_code, ok, error)
            VALUES (\(id), \(event), \(now), \(Int64(attempt)), \(outcome.statusCode.map(Int64.init)), \(outcome.ok), \(outcome.error))
            """)
        return true
    }
}
