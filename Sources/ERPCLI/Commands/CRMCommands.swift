// `erp client card`, `erp task add|list|done`, `erp activity log`: the manager's day from the
// command line — thin adapters over CRMService, acting as the user of `--as`.

import CRM
import ERPCore
import Foundation
import Parties
import Postgres

enum CRMCommands {
    static let all: [Command] = [card, taskAdd, taskList, taskDone, activityLog] + ReportCommands.all

    static let card = Command(
        ["client", "card"], summary: "Everything about a client: orders, documents, payments, balance, tasks, deals, timeline",
        options: [.value("timeline", "N", summary: "How many timeline entries (default 20)"), CommandSupport.clientKPP,
                  CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("CLIENT", summary: "The client: its INN (10 or 12 digits) or party id")]
    ) { arguments, context in
        let text = try CommandSupport.required(arguments, positional: "CLIENT")
        var problems = FieldErrors()
        let limit = CommandSupport.bounded(arguments, "timeline", 1...PageRequest.maximumLimit, problems: &problems) ?? 20
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let id = try CommandSupport.client(text, arguments, by: principal, on: connection)
            let card = try CRMService(time: context.time).card(of: id, timelineLimit: limit, by: principal, on: connection)
            context.output(arguments.flag("json") ? try CommandSupport.encoded(card) + "\n"
                           : ClientCardPrinter.render(card, in: try CompanyCalendar.timeZone(on: connection)))
            return 0
        }
    }

    static let taskAdd = Command(
        ["task", "add"], summary: "Create a task",
        options: [
            .value("title", "TEXT", summary: "What to do", required: true),
            .value("due", "TIME", summary: "When, in the company's time zone: a date (2026-12-01), a date and time (2026-12-01 14:30) or an RFC 3339 time",
                   required: true),
            CommandSupport.clientOption("The client it is about"), CommandSupport.clientKPP,
            .value("assignee", "USER_ID", summary: "Who does it (default: you)"),
            .value("priority", "PRIORITY", summary: "low, normal or high"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let due = CommandSupport.parsed(arguments, "due", "a date, a date and time or an RFC 3339 time", problems: &problems, WallTime.init)
        let assignee = CommandSupport.parsed(arguments, "assignee", "a user id", problems: &problems) { try? UserID(parsing: $0) }
        let priority = CommandSupport.parsed(arguments, "priority", "low, normal or high", problems: &problems, TaskPriority.init(rawValue:))
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let client = try CommandSupport.client(arguments, by: principal, on: connection)
            let zone = try CompanyCalendar.timeZone(on: connection)
            guard let dueAt = due.map({ $0.instant(in: zone) }) ?? context.time.now else {
                throw ERPError.validationFailed(fields: ["due": "is not a time that exists in \(zone.identifier)"])
            }
            let task = try CRMService(time: context.time).create(NewTask(title: try arguments.required("title"), partyID: client, assigneeID: assignee,
                                                       dueAt: dueAt, priority: priority), by: principal, on: connection)
            return try CommandSupport.printList([task], arguments, context) { taskTable($0, in: zone) }
        }
    }

    static let taskList = Command(
        ["task", "list"], summary: "List tasks by due time (--mine --overdue: what you are late with)",
        options: [
            .flag("mine", summary: "Only tasks assigned to you"),
            .flag("overdue", summary: "Only open tasks due before today"),
            .flag("today", summary: "Only open tasks due today"),
            .flag("upcoming", summary: "Only open tasks due after today"),
            CommandSupport.clientOption("Only this client's tasks"), CommandSupport.clientKPP,
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let due: TaskDue? = arguments.flag("overdue") ? .overdue : arguments.flag("today") ? .today : arguments.flag("upcoming") ? .upcoming : nil
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let client = try CommandSupport.client(arguments, by: principal, on: connection)
            let tasks = try CRMService(time: context.time).tasks(mine: arguments.flag("mine"), due: due, status: due == nil ? .open : nil, party: client,
                                               limit: PageRequest.maximumLimit, by: principal, on: connection)
            let zone = try CompanyCalendar.timeZone(on: connection)
            return try CommandSupport.printList(tasks, arguments, context) { taskTable($0, in: zone) }
        }
    }

    static let taskDone = Command(
        ["task", "done"], summary: "Mark a task done", options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ID", summary: "The task's id")]
    ) { arguments, context in
        let text = try CommandSupport.required(arguments, positional: "ID")
        guard let id = try? TaskID(parsing: text) else { throw ERPError.notFound(entity: "task", id: text) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let crm = CRMService(time: context.time)
            let task = try crm.task(id, by: principal, on: connection)
            let done = try crm.update(id, with: TaskChanges(version: task.version, status: .done), by: principal, on: connection)
            let zone = try CompanyCalendar.timeZone(on: connection)
            return try CommandSupport.printList([done], arguments, context) { taskTable($0, in: zone) }
        }
    }

    static let activityLog = Command(
        ["activity", "log"], summary: "Log a call, meeting, e-mail or note with a client",
        options: [
            CommandSupport.clientOption("The client", required: true), CommandSupport.clientKPP,
            .value("type", "TYPE", summary: "call, meeting, email or note (default note)"),
            .value("text", "TEXT", summary: "What happened", required: true),
            .value("outcome", "TEXT", summary: "What came of it"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let client = arguments.value("client")
        let type = CommandSupport.parsed(arguments, "type", "call, meeting, email or note", problems: &problems, ActivityType.init(rawValue:))
        try problems.throwIfAny()
        guard let client else { throw UsageError("give --client", hint: arguments.seeHelp) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let partyID = try CommandSupport.client(client, arguments, by: principal, on: connection)
            let activity = try CRMService(time: context.time).log(NewActivity(
                type: type ?? .note, partyID: partyID, text: try arguments.required("text"), outcome: arguments.value("outcome")),
                by: principal, on: connection)
            if arguments.flag("json") { context.print(try CommandSupport.encoded(activity)) } else { context.note("logged activity \(activity.id)") }
            return 0
        }
    }

    /// The tasks with their due times on the company's wall clock in `zone`.
    static func taskTable(_ tasks: [CRMTask], in zone: TimeZone) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("DUE"), .init("PRIORITY"), .init("STATUS"), .init("TITLE")])
        for task in tasks {
            table.append([String(task.id.rawValue), WallTime.text(of: task.dueAt, in: zone),
                          task.priority.rawValue, task.status.rawValue, task.title])
        }
        table.footer = ["", CommandSupport.count(tasks.count, "task"), "", "", ""]
        return table
    }
}

enum ClientCardPrinter {
    static func render(_ card: ClientCard, in zone: TimeZone) -> String {
        var text = "\(card.party.name)  (id \(card.party.id))"
        if let inn = card.party.inn { text += "  INN \(inn)" }
        text += "\nbalance \(card.balance)  overdue \(card.overdue)\n"
        if !card.contacts.isEmpty { text += "contacts: " + card.contacts.map(\.name).joined(separator: ", ") + "\n" }
        var orders = TextTable([.init("ORDER"), .init("STATUS"), .init("CREATED"), .init("TOTAL", .right)])
        for order in card.recentOrders {
            orders.append([order.number, order.status.rawValue, String(RFC3339.string(from: order.createdAt).prefix(10)), order.total.description])
        }
        orders.footer = ["\(card.openOrders.count) open", "", "", ""]
        text += "\norders\n" + orders.render()
        if !card.openTasks.isEmpty { text += "\ntasks\n" + CRMCommands.taskTable(card.openTasks, in: zone).render() }
        if !card.deals.isEmpty {
            text += "\ndeals\n" + card.deals.map { "  \($0.title): \($0.stage.rawValue), \($0.amount)" }.joined(separator: "\n") + "\n"
        }
        var timeline = TextTable([.init("WHEN (UTC)"), .init("WHAT"), .init("AMOUNT", .right)])
        for event in card.timeline {
            timeline.append([String(RFC3339.string(from: event.at).prefix(16)).replacingOccurrences(of: "T", with: " "), event.title,
                             event.amount?.description ?? ""])
        }
        return text + "\ntimeline\n" + timeline.render()
    }
}
