// The change feed and webhooks (docs/integrations.md). Thin adapters: read the query or body, call
// IntegrationsService, encode. A webhook's secret is in the request only: no answer carries it, and
// `POST /webhooks` is not replayable by `Idempotency-Key` (its fingerprint would be a digest of it).

import ERPCore
import HTTP1
import Integrations

/// `GET /api/v1/changes`, `GET/POST /api/v1/webhooks`, `DELETE /api/v1/webhooks/{id}`, `GET /api/v1/webhooks/{id}/deliveries`.
package struct IntegrationRoutes: RouteGroup {
    /// The facade the routes call.
    package var service: IntegrationsService

    /// The integration routes, reading time from `time`; webhooks may go to loopback and `webhookHosts`.
    package init(time: TimeSource = .system, webhookHosts: [String] = []) {
        service = IntegrationsService(time: time, webhookHosts: webhookHosts)
    }

    /// The routes of the group.
    package var routes: [Route] {
        [
            Route(.get, "/api/v1/changes", summary: "Committed changes after a cursor, in commit order: since, types, limit",
                  access: .permission(.readSelf), response: "ChangeFeedPage", query: Self.changesQuery) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let since = query.text("since")
                let types = query.text("types")
                let limit = query.limit()
                try query.finish()
                let request = ChangeFeedRequest(since: since, types: try types.map { try ChangeFeedRequest.types(parsing: $0) },
                                                limit: limit)
                return try .json(encoding: try ctx.withConnection { try service.changes(request, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/webhooks", summary: "The webhook subscriptions, without their secrets (owner)",
                  access: .permission(.manageWebhooks), response: "WebhookList") { ctx in
                let principal = try ctx.requirePrincipal()
                let items = try ctx.withConnection { try service.webhooks(by: principal, on: $0) }
                return try .json(encoding: ["items": items])
            },
            Route(.post, "/api/v1/webhooks", summary: "Subscribe a URL to event types, signed with a secret (owner)",
                  access: .permission(.manageWebhooks), bodyLimit: 16 << 10, request: .newWebhook, response: "Webhook",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewWebhook.self)
                return try .json(encoding: try ctx.withConnection { try service.addWebhook(command, by: principal, on: $0) },
                                 status: 201)
            },
            Route(.delete, "/api/v1/webhooks/{id}", summary: "Remove a subscription; its delivery log stays (owner)",
                  access: .permission(.manageWebhooks), response: "Webhook") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: WebhookID.self, entity: "webhook")
                return try .json(encoding: try ctx.withConnection { try service.removeWebhook(id, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/webhooks/{id}/deliveries", summary: "A subscription's delivery attempts, newest first (owner)",
                  access: .permission(.manageWebhooks), response: "WebhookDeliveryList", query: [.limit]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: WebhookID.self, entity: "webhook")
                var query = QueryFilterReader(ctx)
                let limit = query.limit()
                try query.finish()
                let items = try ctx.withConnection { try service.deliveries(of: id, limit: limit, by: principal, on: $0) }
                return try .json(encoding: ["items": items])
            },
        ]
    }

    /// Response schemas for `/openapi.json`.
    package var schemas: [String: JSONValue] {
        let webhook: [String: String] = [
            "id": "integer", "url": "string", "events": "array", "status": "string", "created_at": "string", "position": "integer",
            "failures": "integer", "failing_since": "string", "next_attempt_at": "string",
        ]
        return [
            "ChangeFeedPage": JSONValue.objectSchema(["items": "array", "next_cursor": "string"], required: []),
            "Webhook": JSONValue.objectSchema(webhook, required: []),
            "WebhookList": JSONValue.objectSchema(["items": "array"], required: []),
            "WebhookDeliveryList": JSONValue.objectSchema(["items": "array"], required: []),
        ]
    }

    /// The feed's parameters.
    static let changesQuery: [QueryParameter] = [
        .text("since", maxLength: 20, "The next_cursor of the previous page (absent: from the beginning)"),
        .text("types", maxLength: 1000, "Comma-separated event types, e.g. order.confirmed,stock.available_changed"),
        .limit,
    ]
}

extension BodySchema {
    /// `POST /api/v1/webhooks`.
    static let newWebhook = BodySchema("NewWebhook", object([
        "url": nonEmpty(line(2000)), "events": array(enumeration(ChangeEventType.self), maxItems: 50), "secret": nonEmpty(line(200)),
    ], required: ["url", "events", "secret"]))
}
