// Tasks: what someone has to do, for whom and by when — call back, send the proposal, chase the
// payment. "My tasks" splits a user's open tasks into overdue, due today and upcoming by the
// clock (UTC days); owners see the overdue counts per manager.

import ERPCore
import Foundation
import Parties
import Postgres
import Sales

/// How urgent a task is.
package enum TaskPriority: String, Codable, Sendable, Equatable, CaseIterable {
    case low, normal, high
}

/// Open until done or cancelled.
package enum TaskStatus: String, Codable, Sendable, Equatable, CaseIterable {
    case open, done, cancelled
}

/// `POST /api/v1/tasks`.
package struct NewTask: Codable, Sendable, Equatable {
    package var title: String
    package var partyID: PartyID?
    package var orderID: SalesOrderID?
    package var dealID: DealID?
    /// Default: the creating user.
    package var assigneeID: UserID?
    package var dueAt: Date
    package var remindAt: Date?
    package var priority: TaskPriority?

    package init(title: String, partyID: PartyID? = nil, orderID: SalesOrderID? = nil, dealID: DealID? = nil, assigneeID: UserID? = nil,
                 dueAt: Date, remindAt: Date? = nil, priority: TaskPriority? = nil) {
        self.title = title
        self.partyID = partyID
        self.orderID = orderID
        self.dealID = dealID
        self.assigneeID = assigneeID
        self.dueAt = dueAt
        self.remindAt = remindAt
        self.priority = priority
    }
}

/// `PATCH /api/v1/tasks/{id}`: changes at the task's version; absent fields stay.
package struct TaskChanges: Codable, Sendable, Equatable {
    package var version: Int64
    package var title: String?
    package var dueAt: Date?
    package var remindAt: Date?
    package var priority: TaskPriority?
    package var status: TaskStatus?
    package var assigneeID: UserID?

    package init(version: Int64, title: String? = nil, dueAt: Date? = nil, remindAt: Date? = nil, priority: TaskPriority? = nil,
                 status: TaskStatus? = nil, assigneeID: UserID? = nil) {
        self.version = version
        self.title = title
        self.dueAt = dueAt
        self.remindAt = remindAt
        self.priority = priority
        self.status = status
        self.assigneeID = assigneeID
    }
}

/// A task as the API returns it.
package struct CRMTask: Codable, Sendable, Equatable {
    package var id: TaskID
    package var title: String
    package var partyID: PartyID?
    package var orderID: SalesOrderID?
    package var dealID: DealID?
    package var assigneeID: UserID
    package var dueAt: Date
    package var remindAt: Date?
    package var priority: TaskPriority
    package var status: TaskStatus
    package var createdAt: Date
    package var createdBy: String
    package var completedAt: Date?
    package var version: Int64
}

/// Which of a user's open tasks `GET /api/v1/tasks?mine=true&due=…` lists.
package enum TaskDue: String, Codable, Sendable, Equatable, CaseIterable {
    /// Due before today (the company's day).
    case overdue
    /// Due today.
    case today
    /// Due after today.
    case upcoming
}

package enum Tasks {
    static let columns: PostgresQuery = """
        SELECT id, title, party_id, order_id, deal_id, assignee_id, due_at, remind_at, priority, status, created_at,
               created_by_login, completed_at, version, created_by FROM tasks
        """

    /// Creates a task (for a party the user sees, when linked to one). A task linked to an order or
    /// a deal belongs to its client: the party is taken from them (and must agree with one named).
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.validationFailed`; `PostgresError`.
    static func create(_ command: NewTask, by principal: Principal, at now: Date, in tx: Transaction) throws -> CRMTask {
        try principal.require(.editCRM)
        var problems = FieldErrors()
        let partyID = try party(of: command, by: principal, problems: &problems, in: tx)
        let title = command.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 300 { problems.add("title", "must be 1–300 characters") }
        if let remind = command.remindAt, remind > command.dueAt { problems.add("remind_at", "must not be after due_at") }
        let assignee = command.assigneeID ?? principal.userID
        if try Users.existing([assignee], in: tx).isEmpty { problems.add("assignee_id", "there is no user \(assignee)") }
        try problems.throwIfAny()
        let row = try tx.query("""
            INSERT INTO tasks (title, party_id, order_id, deal_id, assignee_id, due_at, remind_at, priority, created_at, created_by,
                               created_by_login)
            VALUES (\(title), \(partyID), \(command.orderID), \(command.dealID), \(assignee), \(command.dueAt), \(command.remindAt),
                    \((command.priority ?? .normal).rawValue), \(now), \(principal.isSystem ? nil : principal.userID), \(principal.login))
            RETURNING id
            """).single()
        let id = try row.decode(0, as: TaskID.self)
        try Audit.record(in: tx, by: principal, action: "task.create", entityType: "task", entityID: id,
                         change: .object(["title": .string(title), "assignee_id": .number(assignee.rawValue)]))
        return try fetch(id, in: tx)
    }

    /// The party a new task belongs to: the one named, else its order's client, else its deal's
    /// party (each checked visible); an order or a deal of another party is a field error.
    private static func party(of command: NewTask, by principal: Principal, problems: inout FieldErrors,
                              in tx: Transaction) throws -> PartyID? {
        if let party = command.partyID { _ = try CRMAccess.party(party, by: principal, in: tx) }
        let orderParty = try command.orderID.map { try Orders.get($0, by: principal, in: tx).clientID }
        let dealParty = try command.dealID.map { try Deals.get($0, by: principal, in: tx).partyID }
        guard let chosen = command.partyID ?? orderParty ?? dealParty else { return nil }
        if let order = command.orderID, orderParty != chosen { problems.add("order_id", "order \(order) is not party \(chosen)'s") }
        if let deal = command.dealID, dealParty != chosen { problems.add("deal_id", "deal \(deal) is not party \(chosen)'s") }
        return chosen
    }

    /// Changes a task at its version; done or cancelled closes it.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.versionConflict`, `.validationFailed`; `PostgresError`.
    static func update(_ id: TaskID, with changes: TaskChanges, by principal: Principal, at now: Date, in tx: Transaction) throws -> CRMTask {
        try principal.require(.editCRM)
        let task = try get(id, by: principal, lock: true, in: tx)
        guard task.version == changes.version else { throw ERPError.versionConflict(current: task.version) }
        var problems = FieldErrors()
        let title = changes.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? task.title
        if title.isEmpty || title.count > 300 { problems.add("title", "must be 1–300 characters") }
        let due = changes.dueAt ?? task.dueAt
        let remind = changes.remindAt ?? task.remindAt
        if let remind, remind > due { problems.add("remind_at", "must not be after due_at") }
        let assignee = changes.assigneeID ?? task.assigneeID
        if try Users.existing([assignee], in: tx).isEmpty { problems.add("assignee_id", "there is no user \(assignee)") }
        try problems.throwIfAny()
        let status = changes.status ?? task.status
        let completed: Date? = status == .open ? nil : (task.completedAt ?? now)
        try tx.query("""
            UPDATE tasks SET title = \(title), due_at = \(due), remind_at = \(remind), priority = \((changes.priority ?? task.priority).rawValue),
                   status = \(status.rawValue), assignee_id = \(assignee), completed_at = \(completed), version = version + 1
            WHERE id = \(id)
            """)
        try Audit.record(in: tx, by: principal, action: "task.update", entityType: "task", entityID: id,
                         change: .object(["status": .string(status.rawValue)]))
        return try fetch(id, in: tx)
    }

    /// The task `id` if `principal` sees it: one they are assigned or wrote, one of a party they see,
    /// or — a task of no party — any task for those who see every client. Anyone else gets `404`
    /// before anything about the task (its version, its party) is compared or told.
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    static func get(_ id: TaskID, by principal: Principal, lock: Bool = false, in tx: Transaction) throws -> CRMTask {
        try principal.require(.readCRM)
        let (task, author) = try fetchWithAuthor(id, lock: lock, in: tx)
        let visible = try CRMAccess.visibleParties(for: principal, in: tx)
        let seesParty = visible == nil || task.partyID.map { visible?.contains($0.rawValue) == true } == true
        guard seesParty || task.assigneeID == principal.userID || (author == principal.userID && !principal.isSystem) else {
            throw ERPError.notFound(entity: "task", id: String(id.rawValue))
        }
        return task
    }

    /// Tasks `principal` sees: all of theirs with `mine`, filtered by status, party and due bucket;
    /// ordered by due time (earliest first).
    static func list(mine: Bool, due: TaskDue?, status: TaskStatus?, party: PartyID?, limit: Int, by principal: Principal,
                     at now: Date, in tx: Transaction) throws -> [CRMTask] {
        try principal.require(.readCRM)
        guard (1...PageRequest.maximumLimit).contains(limit) else {
            throw ERPError.validationFailed(fields: ["limit": "must be between 1 and \(PageRequest.maximumLimit)"])
        }
        let day = try CompanyCalendar.day(of: now, in: tx)
        let (today, tomorrow) = try CompanyCalendar.span(from: day, to: day, in: tx)
        let visible = try CRMAccess.visibleParties(for: principal, in: tx)
        let assignee: UserID? = mine ? principal.userID : nil
        let dueFrom: Date? = due == .today ? today : due == .upcoming ? tomorrow : nil
        let dueBefore: Date? = due == .overdue ? today : due == .today ? tomorrow : nil
        let onlyOpen = due != nil ? TaskStatus.open : status
        return try tx.query(columns + """
             WHERE (\(assignee)::bigint IS NULL OR assignee_id = \(assignee))
              AND (\(assignee)::bigint IS NOT NULL OR \(visible)::bigint[] IS NULL OR party_id = ANY(\(visible))
                   OR assignee_id = \(principal.userID) OR created_by = \(principal.userID))
              AND (\(onlyOpen?.rawValue)::text IS NULL OR status = \(onlyOpen?.rawValue))
              AND (\(party)::bigint IS NULL OR party_id = \(party))
              AND (\(dueFrom)::timestamptz IS NULL OR due_at >= \(dueFrom))
              AND (\(dueBefore)::timestamptz IS NULL OR due_at < \(dueBefore))
            ORDER BY due_at, id LIMIT \(Int64(limit))
            """).map(decode)
    }

    static func fetch(_ id: TaskID, lock: Bool = false, in tx: Transaction) throws -> CRMTask {
        try fetchWithAuthor(id, lock: lock, in: tx).task
    }

    /// The task and the id of the user who wrote it (nil: the system, or a task from before 0010).
    private static func fetchWithAuthor(_ id: TaskID, lock: Bool, in tx: Transaction) throws -> (task: CRMTask, author: UserID?) {
        guard let row = try tx.query(columns + " WHERE id = \(id)" + (lock ? " FOR UPDATE" : "")).firstRow else {
            throw ERPError.notFound(entity: "task", id: String(id.rawValue))
        }
        return (try decode(row), try row.decode(14, as: UserID?.self))
    }

    static func decode(_ row: PostgresRow) throws -> CRMTask {
        guard let priority = TaskPriority(rawValue: try row.decode(8, as: String.self)),
              let status = TaskStatus(rawValue: try row.decode(9, as: String.self)) else {
            throw PostgresError(.decoding, message: "tasks: unknown priority or status")
        }
        return CRMTask(id: try row.decode(0, as: TaskID.self), title: try row.decode(1, as: String.self),
                       partyID: try row.decode(2, as: PartyID?.self), orderID: try row.decode(3, as: SalesOrderID?.self),
                       dealID: try row.decode(4, as: DealID?.self), assigneeID: try row.decode(5, as: UserID.self),
                       dueAt: try row.decode(6, as: Date.self), remindAt: try row.decode(7, as: Date?.self), priority: priority,
                       status: status, createdAt: try row.decode(10, as: Date.self), createdBy: try row.decode(11, as: String.self),
                       completedAt: try row.decode(12, as: Date?.self), version: try row.decode(13, as: Int64.self))
    }
}
