// The counterparties' endpoints (docs/http.md): parties and their contacts. Thin adapters: decode,
// call PartiesService (which checks permissions and the managers' visibility), encode.
// `POST /api/v1/parties` and `POST …/{id}/contacts` honour `Idempotency-Key`; the key is stored in
// the same transaction as the party or contact.
//
// `POST /api/v1/parties/import` (text/csv up to 20 MiB, `?dry_run=true`) and
// `GET /api/v1/parties/export` mirror the products' ones; the service keeps a manager to their
// own parties both ways and audits every export. An import is all or nothing, so a retry of a
// committed one finds every row unchanged and needs no idempotency key.

import ERPCore
import Foundation
import HTTP1
import Parties
import Postgres

/// `/api/v1/parties…`.
package struct PartyRoutes: RouteGroup {
    /// The facade the routes call; its clock is where "now" comes from (fixed in tests).
    package var service: PartiesService

    /// The party routes, reading time from `time`.
    package init(time: TimeSource = .system) {
        service = PartiesService(time: time)
    }

    /// The party routes: list, create, import, export, get, change, contacts.
    package var routes: [Route] {
        let service = self.service, time = service.time
        return [
            Route(.get, "/api/v1/parties",
                  summary: "Parties in id order: q (name or INN prefix), inn, is_client, is_supplier, owner_id, tag, archived, limit, cursor",
                  access: .permission(.readParties), response: "PartyPage", query: Self.query) { ctx in
                let principal = try ctx.requirePrincipal()
                let filter = try Self.filter(ctx)
                return try .json(encoding: try ctx.withConnection {
                    try service.parties(matching: filter, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/parties", summary: "Create a party (Idempotency-Key honoured)",
                  access: .permission(.editParties), bodyLimit: 64 << 10, request: .newParty, response: "Party",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewParty.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try service.create(command, by: principal, in: tx))
                }
            },
            Route.csvImport("/api/v1/parties/import",
                            summary: "Import parties from CSV (text/csv, all or nothing; dry_run=true; INN + KPP matches update)",
                            permission: .editParties, request: .csv("PartyCSV", PartyCSV.header)) { text, dryRun, principal, connection in
                try service.importCSV(text, dryRun: dryRun, by: principal, on: connection)
            },
            Route(.get, "/api/v1/parties/export", summary: "The parties one sees as CSV (audited; import reads it back unchanged)",
                  access: .permission(.exportParties), produces: [Route.csv]) { ctx in
                let principal = try ctx.requirePrincipal()
                return .csv(try ctx.withConnection { try service.exportCSV(by: principal, on: $0) })
            },
            Route(.get, "/api/v1/parties/{id}", summary: "One party", access: .permission(.readParties),
                  response: "Party") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "party")
                return try .json(encoding: try ctx.withConnection { try service.party(id, by: principal, on: $0) })
            },
            Route(.patch, "/api/v1/parties/{id}", summary: "Change a party at its version (409 when stale)",
                  access: .permission(.editParties), bodyLimit: 64 << 10, request: .partyChanges, response: "Party") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "party")
                let changes = try ctx.decode(PartyChanges.self)
                return try .json(encoding: try ctx.withConnection {
                    try service.update(id, with: changes, by: principal, on: $0)
                })
            },
            Route(.get, "/api/v1/parties/{id}/contacts", summary: "A party's contact people",
                  access: .permission(.readParties), response: "ContactList") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "party")
                let contacts = try ctx.withConnection { try service.contacts(of: id, by: principal, on: $0) }
                return try .json(encoding: Page(items: contacts, nextCursor: nil))
            },
            Route(.post, "/api/v1/parties/{id}/contacts", summary: "Add a contact person (Idempotency-Key honoured)",
                  access: .permission(.editParties), bodyLimit: 16 << 10, request: .newContact, response: "Contact",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "party")
                let command = try ctx.decode(NewContact.self)
                return try ctx.createIdempotently(by: principal, time: time) { tx in
                    try ERPJSON.encode(try service.addContact(command, to: id, by: principal, in: tx))
                }
            },
        ]
    }

    /// The party list's filters.
    static let query: [QueryParameter] = [
        .text("q", maxLength: SearchText.maxLength, "Search: name (substring or similar) or INN prefix"),
        .text("inn", maxLength: 12, "Only parties with exactly this INN"),
        .boolean("is_client", "Clients (true) or non-clients (false)"),
        .boolean("is_supplier", "Suppliers (true) or non-suppliers (false)"), .id("owner_id", "One manager's parties"),
        .text("tag", maxLength: 64, "Parties with this tag"),
        QueryParameter("archived", .enumeration(["true", "false", "all"]), "Archived (true), active (false, default) or all"),
        .limit, .cursor,
    ]

    /// The list filter of the query string (checked against `query` before the handler).
    /// - Throws: `RouteParameterError` when it reads an undeclared parameter (a bug).
    static func filter(_ ctx: RequestContext) throws -> PartyFilter {
        var query = QueryFilterReader(ctx)
        let archived = query.text("archived")
        let filter = PartyFilter(
            q: query.text("q"), isClient: query.value("is_client", as: Bool.self),
            isSupplier: query.value("is_supplier", as: Bool.self), ownerID: query.value("owner_id", as: UserID.self),
            tag: query.text("tag"), archived: archived == "all" ? nil : archived == "true", inn: query.text("inn"),
            limit: query.limit(), cursor: query.text("cursor"))
        try query.finish()
        return filter
    }

    /// Request and response schemas for `/openapi.json` (field names and JSON types).
    package var schemas: [String: JSONValue] {
        let fields: [String: String] = [
            "kind": "string", "name": "string", "is_client": "boolean", "is_supplier": "boolean", "inn": "string",
            "kpp": "string", "ogrn": "string", "address": "string", "bank": "object", "phones": "array",
            "emails": "array", "owner_id": "integer", "tags": "array", "price_type_id": "integer", "discount_pct": "string",
        ]
        let contact: [String: String] = ["name": "string", "position": "string", "phones": "array", "emails": "array"]
        return [
            "Party": JSONValue.objectSchema(fields.merging(["id": "integer", "archived": "boolean", "version": "integer",
                                            "created_at": "string", "updated_at": "string"]) { a, _ in a }),
            "PartyPage": JSONValue.objectSchema(["items": "array", "next_cursor": "string"]),
            "Contact": JSONValue.objectSchema(contact.merging(["id": "integer", "party_id": "integer", "created_at": "string"]) { a, _ in a }),
            "ContactList": JSONValue.objectSchema(["items": "array", "next_cursor": "string"]),
        ]
    }
}
