// The integrations facade: the change feed and webhooks (docs/integrations.md). Above every
// business module, which writes the events (ChangeEvents) in its own transactions; this module only
// reads them, and owns the webhook subscriptions and their delivery log.

import ERPCore
import Postgres

/// What `/api/v1/changes`, `/api/v1/webhooks…`, `erp changes` and `erp webhook …` call.
package struct IntegrationsService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource
    /// Hosts webhooks may post to besides loopback (`ERP_WEBHOOK_HOSTS`).
    package var webhookHosts: [String]

    package init(time: TimeSource = .system, webhookHosts: [String] = []) {
        (self.time, self.webhookHosts) = (time, webhookHosts)
    }

    /// A page of the change feed as `principal` may see it.
    /// - Throws: `ERPError.validationFailed` (cursor, limit), `.forbidden` (a type the reader may not read).
    package func changes(_ request: ChangeFeedRequest, by principal: Principal, in tx: Transaction) throws -> ChangeFeedPage {
        try ChangeFeed.page(request, by: principal, in: tx)
    }

    /// `changes(_:by:in:)` in a transaction of its own (READ COMMITTED, which the feed's read needs).
    package func changes(_ request: ChangeFeedRequest, by principal: Principal, on connection: Connection) throws(ERPError) -> ChangeFeedPage {
        try connection.serviceTransaction { tx in try changes(request, by: principal, in: tx) }
    }

    /// Subscribes a webhook (owner only); it receives the events committed from now on.
    /// - Throws: `ERPError.forbidden`; `.validationFailed` naming `url` (not http, host not allowed),
    ///   `events` (none or unknown) or `secret` (16–200 characters).
    package func addWebhook(_ command: NewWebhook, by principal: Principal, in tx: Transaction) throws -> Webhook {
        try Webhooks.add(command, allowedHosts: webhookHosts, by: principal, at: time.now, in: tx)
    }

    /// `addWebhook(_:by:in:)` in a transaction of its own.
    package func addWebhook(_ command: NewWebhook, by principal: Principal, on connection: Connection) throws(ERPError) -> Webhook {
        try connection.serviceTransaction { tx in try addWebhook(command, by: principal, in: tx) }
    }

    /// The subscriptions (owner only), without their secrets.
    /// - Throws: `ERPError.forbidden`.
    package func webhooks(by principal: Principal, on connection: Connection) throws(ERPError) -> [Webhook] {
        try connection.serviceTransaction { tx in try Webhooks.list(by: principal, in: tx) }
    }

    /// Removes a subscription (owner only); its delivery log stays.
    /// - Throws: `ERPError.forbidden`, `.notFound`.
    package func removeWebhook(_ id: WebhookID, by principal: Principal, on connection: Connection) throws(ERPError) -> Webhook {
        try connection.serviceTransaction { tx in try Webhooks.remove(id, by: principal, in: tx) }
    }

    /// A subscription's delivery attempts, newest first (owner only).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed` for a bad limit.
    package func deliveries(of id: WebhookID, limit: Int = 100, by principal: Principal,
                            on connection: Connection) throws(ERPError) -> [WebhookDelivery] {
        _ = try PageRequest.validate(limit: limit, cursor: nil)
        return try connection.serviceTransaction { tx in try Webhooks.deliveries(of: id, limit: limit, by: principal, in: tx) }
    }
}
