// The CRM endpoints (docs/http.md): activities, tasks, deals (and a won deal's order), the client card.
// Thin adapters over CRMService, which checks roles and the managers' visibility.

import CRM
import ERPCore
import HTTP1
import Parties
import Postgres
import Sales
import Warehouse

/// `/api/v1/activities`, `/api/v1/tasks…`, `/api/v1/deals…`, `/api/v1/clients/{id}/card`.
package struct CRMRoutes: RouteGroup {
    package var service: CRMService

    package init(time: TimeSource = .system) {
        service = CRMService(time: time)
    }

    /// `POST /api/v1/deals/{id}/order`.
    struct DealOrderRequest: Codable {
        var warehouseID: WarehouseID
        var lines: [NewOrderLine]
    }

    package var routes: [Route] {
        let service = self.service
        return [
            Route(.get, "/api/v1/activities", summary: "Activities newest first: party_id, limit, cursor", access: .permission(.readCRM),
                  response: "ActivityPage", query: [.id("party_id", "One party's activities"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let party = query.value("party_id", as: PartyID.self)
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try service.activities(party: party, limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/activities", summary: "Log a call, meeting, e-mail or note (Idempotency-Key honoured)",
                  access: .permission(.editCRM), bodyLimit: 32 << 10, request: .newActivity, response: "Activity", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewActivity.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.log(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/tasks", summary: "Tasks by due time: mine=true, due=overdue|today|upcoming, status, party_id, limit",
                  access: .permission(.readCRM), response: "TaskList",
                  query: [.boolean("mine", "Only tasks assigned to me"), .enumeration("due", TaskDue.self, "Due overdue, today or upcoming"),
                          .enumeration("status", TaskStatus.self, "Task status"), .id("party_id", "One party's tasks"), .limit]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let mine = query.value("mine", as: Bool.self) ?? false
                let due = query.value("due", as: TaskDue.self)
                let status = query.value("status", as: TaskStatus.self)
                let party = query.value("party_id", as: PartyID.self)
                let limit = query.limit()
                try query.finish()
                let tasks = try ctx.withConnection {
                    try service.tasks(mine: mine, due: due, status: status, party: party, limit: limit, by: principal, on: $0)
                }
                return try .json(encoding: Page(items: tasks, nextCursor: nil))
            },
            Route(.post, "/api/v1/tasks", summary: "Create a task (Idempotency-Key honoured)", access: .permission(.editCRM),
                  bodyLimit: 16 << 10, request: .newTask, response: "Task", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewTask.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.create(command, by: principal, in: tx))
                }
            },
            Route(.patch, "/api/v1/tasks/{id}", summary: "Change a task at its version (status done or cancelled closes it)",
                  access: .permission(.editCRM), bodyLimit: 16 << 10, request: .taskChanges, response: "Task") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: TaskID.self, entity: "task")
                let changes = try ctx.decode(TaskChanges.self)
                return try .json(encoding: try ctx.withConnection { try service.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.get, "/api/v1/deals", summary: "Deals newest first: party_id, stage, limit, cursor", access: .permission(.readCRM),
                  response: "DealPage",
                  query: [.id("party_id", "One party's deals"), .enumeration("stage", DealStage.self, "Deal stage"), .limit, .cursor]) { ctx in
                let principal = try ctx.requirePrincipal()
                var query = QueryFilterReader(ctx)
                let party = query.value("party_id", as: PartyID.self)
                let stage = query.value("stage", as: DealStage.self)
                let (limit, cursor) = (query.limit(), query.text("cursor"))
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try service.deals(party: party, stage: stage, limit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
            Route(.post, "/api/v1/deals", summary: "Open a deal (Idempotency-Key honoured)", access: .permission(.editCRM),
                  bodyLimit: 16 << 10, request: .newDeal, response: "Deal", status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let command = try ctx.decode(NewDeal.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.create(command, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/deals/{id}", summary: "One deal with its stage history", access: .permission(.readCRM),
                  response: "Deal") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DealID.self, entity: "deal")
                return try .json(encoding: try ctx.withConnection { try service.deal(id, by: principal, on: $0) })
            },
            Route(.patch, "/api/v1/deals/{id}", summary: "Change a deal at its version; stage changes are kept (lost needs lost_reason)",
                  access: .permission(.editCRM), bodyLimit: 16 << 10, request: .dealChanges, response: "Deal") { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DealID.self, entity: "deal")
                let changes = try ctx.decode(DealChanges.self)
                return try .json(encoding: try ctx.withConnection { try service.update(id, with: changes, by: principal, on: $0) })
            },
            Route(.post, "/api/v1/deals/{id}/order", summary: "Turn a won deal into a draft order (Idempotency-Key honoured)",
                  access: .permission(.sellOrders), bodyLimit: 1 << 20, request: .dealOrderRequest, response: "SalesOrder",
                  status: 201) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: DealID.self, entity: "deal")
                let body = try ctx.decode(DealOrderRequest.self)
                return try ctx.createIdempotently(by: principal, time: service.time) { tx in
                    try ERPJSON.encode(try service.order(fromDeal: id, warehouse: body.warehouseID, lines: body.lines, by: principal, in: tx))
                }
            },
            Route(.get, "/api/v1/clients/{id}/card",
                  summary: "The client card: party, contacts, orders, documents, payments, balance, tasks, deals, timeline (timeline_limit, timeline_cursor)",
                  access: .permission(.readCRM), response: "ClientCard",
                  query: [QueryParameter("timeline_limit", .integer(1...QueryParameter.maxLimit), "Timeline entries (default 50)"),
                          .text("timeline_cursor", maxLength: 100, "The timeline_cursor of the previous card")]) { ctx in
                let principal = try ctx.requirePrincipal()
                let id = try ctx.parameter("id", as: PartyID.self, entity: "client")
                var query = QueryFilterReader(ctx)
                let limit = query.value("timeline_limit", as: Int.self) ?? 50
                let cursor = query.text("timeline_cursor")
                try query.finish()
                return try .json(encoding: try ctx.withConnection {
                    try service.card(of: id, timelineLimit: limit, cursor: cursor, by: principal, on: $0)
                })
            },
        ]
    }

    package var schemas: [String: JSONValue] {
        let list = JSONValue.objectSchema(["items": "array", "next_cursor": "string"])
        return [
            "Activity": JSONValue.objectSchema(["id": "integer", "type": "string", "party_id": "integer", "at": "string",
                                                "author": "string", "text": "string", "outcome": "string"]),
            "ActivityPage": list,
            "Task": JSONValue.objectSchema(["id": "integer", "title": "string", "assignee_id": "integer", "due_at": "string",
                                            "priority": "string", "status": "string", "version": "integer"]),
            "TaskList": list,
            "Deal": JSONValue.objectSchema(["id": "integer", "party_id": "integer", "title": "string", "amount": "string",
                                            "stage": "string", "stages": "array", "version": "integer"]),
            "DealPage": list,
            "ClientCard": JSONValue.objectSchema([
                "party": "object", "contacts": "array", "open_orders": "array", "recent_orders": "array", "documents": "array",
                "payments": "array", "balance": "string", "overdue": "string", "open_tasks": "array", "deals": "array",
                "timeline": "array", "timeline_cursor": "string",
            ]),
        ]
    }
}
