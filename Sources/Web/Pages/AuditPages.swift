// The audit log (Журнал изменений) for the owner: who did what, when and through which door, the
// change shown as before → after; filters by user, entity, channel and period (the company's
// days), newest first, paged. The entries are `AccessService.auditEntries`, as the API's.

import ERPCore
import ERPServer
import Foundation
import HTTP1

/// `/audit`.
struct AuditPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/audit", .owner(.auditLog), permission: .readAudit, order: 30)]
    }

    var pages: [Page] {
        [
            Page(.get, "/audit", access: .permission(.readAudit), query: [
                .text("user", maxLength: 20, "Only this user's actions (an id; empty for all)"),
                .text("entity", maxLength: 64, "Only this kind of entity (sales_order, stock_document)"),
                .text("channel", maxLength: 10, "Only entries through this door (web, api, cli, …; empty for all)"),
                .text("from", maxLength: 10, "From this day (empty: from the start)"),
                .text("to", maxLength: 10, "To this day, included (empty: until now)"), .cursor,
            ]) { context in try log(context) },
        ]
    }

    private func log(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = AccessService(time: time)
        let from = try context.day("from"), to = try context.day("to")
        let user = context.query("user").flatMap(Int64.init).map(UserID.init(rawValue:))
        let entity = context.query("entity")?.trimmingCharacters(in: .whitespaces).nonEmpty
        let channel = context.query("channel").flatMap(Channel.init(rawValue:))
        let (page, users) = try context.withConnection { connection in
            let (start, end) = try CompanyCalendar.instants(from: from.map(TimeBound.day), to: to.map(TimeBound.day), on: connection)
            let filter = AuditFilter(entityType: entity, actorID: user, from: start, to: end, channel: channel, limit: 50,
                                     cursor: context.query("cursor"))
            return (try service.auditEntries(matching: filter, by: principal, on: connection),
                    try service.users(limit: 500, by: principal, on: connection).items)
        }
        let rows = page.items.map { entry -> HTML in
            let target: HTML = entry.entityID.map { " №\(String($0))" } ?? ""
            return """
                <tr><td class="num">\(WebFormat.dateTime(entry.at))</td><td>\(entry.actorLogin)</td>\
                <td>\(context.owner(.channelName(entry.channel.rawValue)))</td><td>\(entry.action)</td>\
                <td>\(entry.entityType)\(target)</td><td class="change">\(Self.change(entry.change))</td></tr>
                """
        }
        var kept: [String] = []
        for (name, value) in [("user", user.map { String($0.rawValue) }), ("entity", entity), ("channel", channel?.rawValue),
                              ("from", from?.description), ("to", to?.description)] {
            if let value { kept.append(name + "=" + WebSite.queryEscaped(value)) }
        }
        let next: HTML = page.nextCursor.map { cursor in
            "<p><a href=\"/audit?\((kept + ["cursor=" + WebSite.queryEscaped(cursor)]).joined(separator: "&"))\">\(context.text(.nextPage))</a></p>"
        } ?? ""
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.owner(.emptyAudit))</p>" : """
            <div class="scroll"><table class="list audit"><thead><tr><th>\(context.owner(.when))</th><th>\(context.owner(.who))</th>\
            <th>\(context.owner(.channel))</th><th>\(context.owner(.action))</th><th>\(context.owner(.entity))</th>\
            <th>\(context.owner(.change))</th></tr></thead><tbody>\(rows)</tbody></table></div>\(next)
            """
        let body: HTML = """
            <h1>\(context.owner(.auditLog))</h1>
            \(filters(users: users, user: user, entity: entity, channel: channel, from: from, to: to, context))
            \(table)
            """
        return context.render(title: context.owner(.auditLog), body)
    }

    private func filters(users: [User], user: UserID?, entity: String?, channel: Channel?, from: CalendarDate?, to: CalendarDate?,
                         _ context: PageContext) -> HTML {
        let people = users.map { item -> HTML in
            let mark: HTML = item.id == user ? " selected" : ""
            return "<option value=\"\(String(item.id.rawValue))\"\(mark)>\(item.login)</option>"
        }
        let doors = Channel.allCases.map { item -> HTML in
            let mark: HTML = item == channel ? " selected" : ""
            return "<option value=\"\(item.rawValue)\"\(mark)>\(context.owner(.channelName(item.rawValue)))</option>"
        }
        return """
            <form method="get" action="/audit" class="filters">
            <div><label for="user">\(context.owner(.who))</label><select id="user" name="user"><option value="">\(context.owner(.allUsers))</option>\(people)</select></div>
            <div><label for="entity">\(context.owner(.entity))</label><input id="entity" name="entity" value="\(entity ?? "")" placeholder="sales_order, stock_document, party"></div>
            <div><label for="channel">\(context.owner(.channel))</label><select id="channel" name="channel"><option value="">\(context.owner(.allChannels))</option>\(doors)</select></div>
            <div><label for="from">\(context.owner(.from))</label><input id="from" name="from" type="date" value="\(from?.description ?? "")"></div>
            <div><label for="to">\(context.owner(.to))</label><input id="to" name="to" type="date" value="\(to?.description ?? "")"></div>
            <button type="submit">\(context.owner(.show))</button></form>
            """
    }

    /// The change as lines: `field: before → after` for changed fields, `field: value` for new ones.
    static func change(_ change: JSONValue) -> HTML {
        guard case .object(let fields) = change else { return HTML(text: change.description) }
        let lines = fields.keys.sorted().map { key -> HTML in
            if case .object(let pair)? = fields[key], let before = pair["from"], let after = pair["to"] {
                return "<div>\(key): <del>\(text(before))</del> → <ins>\(text(after))</ins></div>"
            }
            return "<div>\(key): \(text(fields[key] ?? .null))</div>"
        }
        return HTML.joined(lines)
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }
}
