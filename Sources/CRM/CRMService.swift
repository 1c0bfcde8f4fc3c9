// The CRM facade: activities, tasks, deals and the client card. One method per use case, each in
// its own transaction (or the caller's, for the routes' idempotency).

import ERPCore
import Parties
import Postgres
import Sales
import Warehouse

/// What `/api/v1/activities`, `/api/v1/tasks`, `/api/v1/deals`, `/api/v1/clients/{id}/card` and
/// `erp task|client …` call.
package struct CRMService: Sendable {
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
    }

    package func log(_ activity: NewActivity, by principal: Principal, in tx: Transaction) throws -> Activity {
        try Activities.log(activity, by: principal, at: time.now, in: tx)
    }

    package func log(_ activity: NewActivity, by principal: Principal, on connection: Connection) throws(ERPError) -> Activity {
        try connection.serviceTransaction { tx in try log(activity, by: principal, in: tx) }
    }

    package func activities(party: PartyID? = nil, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                            on connection: Connection) throws(ERPError) -> Page<Activity> {
        try connection.serviceTransaction { tx in try Activities.list(party: party, limit: limit, cursor: cursor, by: principal, in: tx) }
    }

    package func create(_ task: NewTask, by principal: Principal, in tx: Transaction) throws -> CRMTask {
        try Tasks.create(task, by: principal, at: time.now, in: tx)
    }

    package func create(_ task: NewTask, by principal: Principal, on connection: Connection) throws(ERPError) -> CRMTask {
        try connection.serviceTransaction { tx in try create(task, by: principal, in: tx) }
    }

    package func update(_ id: TaskID, with changes: TaskChanges, by principal: Principal, on connection: Connection) throws(ERPError) -> CRMTask {
        try connection.serviceTransaction { tx in try Tasks.update(id, with: changes, by: principal, at: time.now, in: tx) }
    }

    package func task(_ id: TaskID, by principal: Principal, on connection: Connection) throws(ERPError) -> CRMTask {
        try connection.serviceTransaction { tx in try Tasks.get(id, by: principal, in: tx) }
    }

    /// Tasks: the user's own with `mine` (by due bucket), else every task they see.
    package func tasks(mine: Bool, due: TaskDue? = nil, status: TaskStatus? = nil, party: PartyID? = nil, limit: Int = 100,
                       by principal: Principal, on connection: Connection) throws(ERPError) -> [CRMTask] {
        try connection.serviceTransaction { tx in
            try Tasks.list(mine: mine, due: due, status: status, party: party, limit: limit, by: principal, at: time.now, in: tx)
        }
    }

    package func create(_ deal: NewDeal, by principal: Principal, in tx: Transaction) throws -> Deal {
        try Deals.create(deal, by: principal, at: time.now, in: tx)
    }

    package func create(_ deal: NewDeal, by principal: Principal, on connection: Connection) throws(ERPError) -> Deal {
        try connection.serviceTransaction { tx in try create(deal, by: principal, in: tx) }
    }

    package func update(_ id: DealID, with changes: DealChanges, by principal: Principal, on connection: Connection) throws(ERPError) -> Deal {
        try connection.serviceTransaction { tx in try Deals.update(id, with: changes, by: principal, at: time.now, in: tx) }
    }

    package func deal(_ id: DealID, by principal: Principal, on connection: Connection) throws(ERPError) -> Deal {
        try connection.serviceTransaction { tx in try Deals.get(id, by: principal, in: tx) }
    }

    package func deals(party: PartyID? = nil, stage: DealStage? = nil, limit: Int = 100, cursor: String? = nil, by principal: Principal,
                       on connection: Connection) throws(ERPError) -> Page<Deal> {
        try connection.serviceTransaction { tx in try Deals.list(party: party, stage: stage, limit: limit, cursor: cursor, by: principal, in: tx) }
    }

    /// Turns a won deal into a draft order.
    package func order(fromDeal id: DealID, warehouse: WarehouseID, lines: [NewOrderLine], by principal: Principal,
                       in tx: Transaction) throws -> SalesOrder {
        try Deals.order(id, lines: lines, warehouse: warehouse, sales: SalesService(time: time), by: principal, in: tx)
    }

    /// The client card with the first (or a later) page of its timeline.
    package func card(of client: PartyID, timelineLimit: Int = 50, cursor: String? = nil, by principal: Principal,
                      on connection: Connection) throws(ERPError) -> ClientCard {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in
            try ClientCards.card(of: client, timelineLimit: timelineLimit, cursor: cursor, by: principal, at: time.now, in: tx)
        }
    }
}
