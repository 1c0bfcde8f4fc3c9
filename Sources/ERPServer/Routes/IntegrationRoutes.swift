// The change feed (docs/integrations.md). A thin adapter: read the query, call IntegrationsService, encode.

import ERPCore
import HTTP1
import Integrations

/// `GET /api/v1/changes`.
package struct IntegrationRoutes: RouteGroup {
    /// The facade the routes call.
    package var service: IntegrationsService

    /// The integration routes, reading time from `time`.
    package init(time: TimeSource = .system) {
        service = IntegrationsService(time: time)
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
        ]
    }

    /// Response schemas for `/openapi.json`.
    package var schemas: [String: JSONValue] {
        ["ChangeFeedPage": JSONValue.objectSchema(["items": "array", "next_cursor": "string"], required: [])]
    }

    /// The feed's parameters.
    static let changesQuery: [QueryParameter] = [
        .text("since", maxLength: 20, "The next_cursor of the previous page (absent: from the beginning)"),
        .text("types", maxLength: 1000, "Comma-separated event types, e.g. order.confirmed,stock.available_changed"),
        .limit,
    ]
}
