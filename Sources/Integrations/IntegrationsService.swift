// The integrations facade: the change feed and webhooks (docs/integrations.md). Above every
// business module, which writes the events (ChangeEvents) in its own transactions; this module only
// reads them, and owns the webhook subscriptions and their delivery log.

import ERPCore
import Postgres

/// What `/api/v1/changes`, `/api/v1/webhooks…`, `erp changes` and `erp webhook …` call.
package struct IntegrationsService: Sendable {
    /// Where "now" comes from (fixed in tests).
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
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
}
