// My tasks: overdue, today and upcoming (`CRMService.tasks(mine:due:)`), each with "Готово",
// which marks it done at the version shown (a stale page is refused, not overwritten).

import CRM
import ERPCore
import ERPServer
import HTTP1

/// `/tasks…`.
struct TaskPages: PageGroup {
    let time: TimeSource
    var service: CRMService { CRMService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/tasks", .sales(.tasks), permission: .editCRM, order: 220)]
    }

    var pages: [Page] {
        [
            Page(.get, "/tasks", access: .permission(.readCRM)) { context in try list(context) },
            Page(.post, "/tasks/{id}/done", access: .permission(.editCRM)) { context in try done(context) },
        ]
    }

    private func list(_ context: PageContext, problem: String? = nil, status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = service
        let buckets: [(TaskDue, SalesText)] = [(.overdue, .overdueTasks), (.today, .todayTasks), (.upcoming, .upcomingTasks)]
        let lists = try context.withConnection { connection in
            try buckets.map { due, _ in try service.tasks(mine: true, due: due, status: .open, limit: 50, by: principal, on: connection) }
        }
        let names = try SalesFormat.clientNames(lists.flatMap { $0.compactMap(\.partyID) }, context: context)
        let sections = zip(buckets, lists).map { bucket, tasks -> HTML in
            let rows = tasks.map { task -> HTML in
                let client: HTML = task.partyID.map { id in
                    "<a href=\"/clients/\(String(id.rawValue))\">\(names[id] ?? context.say(.client))</a>"
                } ?? ""
                return """
                    <tr><td>\(task.title)</td><td data-label="\(context.say(.client))">\(client)</td><td data-label="\(context.say(.dueAt))">\(WebFormat.dateTime(task.dueAt))</td>
                    <td><form method="post" action="/tasks/\(String(task.id.rawValue))/done">\(context.csrfField)
                    <input type="hidden" name="version" value="\(String(task.version))"><button type="submit" aria-label="\(context.say(.markDone)): \(task.title)">\(context.say(.markDone))</button></form></td></tr>
                    """
            }
            let overdue: HTML = bucket.0 == .overdue ? " class=\"list stack overdue\"" : " class=\"list stack\""
            let table: HTML = rows.isEmpty ? "<p class=\"empty\">\(context.say(.noTasksHere))</p>" : """
                <table\(overdue)><thead><tr><th>\(context.say(.task))</th><th>\(context.say(.client))</th><th>\(context.say(.dueAt))</th>
                <th><span class="sr">\(context.say(.markDone))</span></th></tr></thead><tbody>\(rows)</tbody></table>
                """
            return "<section><h2>\(context.say(bucket.1)) (\(tasks.count))</h2>\(table)</section>"
        }
        let alert: HTML = problem.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        return context.render(title: context.say(.tasks), "<h1>\(context.say(.tasks))</h1>\(alert)\(sections)", status: status)
    }

    private func done(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: TaskID.self, entity: "task")
        guard let version = context.form["version"].flatMap(Int64.init) else {
            return try list(context, problem: context.text(.refusedAdvice), status: 422)
        }
        let service = service
        do {
            let task = try context.withConnection {
                try service.update(id, with: TaskChanges(version: version, status: .done), by: principal, on: $0)
            }
            return context.redirect(to: SalesFormat.banner("/tasks", notice: "done", number: task.title))
        } catch {
            if case .notFound = error { throw error }
            return try list(context, problem: context.formErrors(for: error) { _ in nil }.general, status: error.httpStatus)
        }
    }
}
