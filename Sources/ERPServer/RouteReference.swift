// docs/http.md, rendered from the route table: the same declarations the router, the query check,
// the body decoder and `/openapi.json` use, so the reference cannot drift from what is served.
// `Tests/ERPServerTests/DocsTests` compares the committed file with this text.

import ERPCore

/// Renders the HTTP reference (markdown) of a route table.
package enum RouteReference {
    /// The whole document: an introduction, then one table per resource in registration order.
    package static func markdown(routes: [Route]) -> String {
        var sections: [(name: String, routes: [Route])] = []
        for route in routes where route.isDocumented {
            let name = resource(of: route.path)
            if let index = sections.firstIndex(where: { $0.name == name }) {
                sections[index].routes.append(route)
            } else {
                sections.append((name, [route]))
            }
        }
        var lines = introduction
        for section in sections {
            lines += ["", "## \(section.name)", "",
                      "| route | summary | access | query | body → answer |", "|---|---|---|---|---|"]
            lines += section.routes.map(row)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static let introduction = [
        "# HTTP API reference",
        "",
        "Generated from the route declarations (`Sources/ERPServer/Routes`) by `RouteReference`: do not",
        "edit by hand. After changing a route, run `ERP_UPDATE_DOCS=1 swift test --filter DocsTests`",
        "and commit the result; `swift test` fails while this file and the routes disagree.",
        "",
        "Conventions for every route: JSON in and out (keys in snake_case, money and quantities as",
        "decimal strings, absent values as explicit `null`), `Authorization: Bearer erp_…` unless the",
        "access is *public*, errors as `{\"error\": {\"code\", \"message\", \"details\"}}` (the codes and",
        "their statuses are `ERPError.Code` in `Sources/ERPCore/ERPError.swift`), lists as",
        "`{\"items\": […], \"next_cursor\": …}` with `limit` and `cursor`.",
        "POSTs that create or post something accept `Idempotency-Key`. A query parameter not listed is",
        "refused (400); a value outside its type or bounds is 422 naming it. The machine-readable",
        "description with every body schema is served at `GET /openapi.json`.",
        "Bodies may name things by natural key instead of id: `client_inn` (+ `client_kpp`),",
        "`supplier_inn`, `warehouse_code` (`from_`/`to_warehouse_code`), and lines `sku` or `barcode`;",
        "an unknown key, or one naming something other than the id beside it, is 422 naming the key.",
        "Orders, supplier orders, closing documents, payments and stock documents are addressed in paths",
        "by number as well as id (`/api/v1/payments/PAY-2026-000196`). Answers name things beside their",
        "ids: `client_name` (orders, documents, payments), `supplier_name` (supplier orders and bills),",
        "`warehouse_code` (orders, supplier orders, stock documents and levels), lines their `sku` and `name`.",
        "Each token (and each signed-in page session) may make 50 requests a second with bursts of 200",
        "(`ERP_RATE_LIMIT`); its answers carry",
        "`X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`; beyond it 429 with `Retry-After`.",
    ]

    /// `/api/v1/stock/documents/{id}` → `stock`; routes outside `/api/v1` are `system`.
    private static func resource(of path: String) -> String {
        let prefix = "/api/v1/"
        guard path.hasPrefix(prefix) else { return "system" }
        return String(path.dropFirst(prefix.count).prefix { $0 != "/" })
    }

    private static func row(_ route: Route) -> String {
        let access = switch route.access {
        case .public, .page: "public"
        case .permission(let permission): "`\(permission.rawValue)`: " + roles(permission)
        }
        let query = route.query.map { "`\($0.name)` \(describe($0.kind))" }.joined(separator: "<br>")
        let answer = route.responseSchema.map { "`\($0)`" } ?? route.produces.joined(separator: ", ")
        let body = route.request.map { "`\($0.name)` → " } ?? ""
        let cells = ["`\(route.method.rawValue) \(route.path)`", route.summary, access, query,
                     body + "\(route.successStatus) " + answer]
        return "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    /// The roles holding a permission, in the order of `Role`.
    private static func roles(_ permission: Permission) -> String {
        let holders = Role.allCases.filter(permission.roles.contains)
        return holders.count == Role.allCases.count ? "every role" : holders.map(\.rawValue).joined(separator: ", ")
    }

    private static func describe(_ kind: QueryParameter.Kind) -> String {
        switch kind {
        case .integer(let bounds): "\(bounds.lowerBound)–\(bounds.upperBound)"
        case .id: "id"
        case .boolean: "true/false"
        case .date: "date"
        case .timestamp: "timestamp or date"
        case .enumeration(let words): words.joined(separator: "/")
        case .text(let maxLength): "text ≤ \(maxLength)"
        }
    }
}
