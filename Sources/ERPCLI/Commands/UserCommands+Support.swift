// `erp audit`, and what the access commands share: the acting user, the connection, JSON output.

import ERPCore
import Foundation
import Postgres

extension UserCommands {
    static let audit = Command(
        ["audit"], summary: "Show the audit log, newest first (owners only)",
        options: [
            .value("entity", "TYPE", summary: "Only this kind of entity (user, token, product, ...)"),
            .value("entity-id", "ID", summary: "Only this entity id"),
            .value("actor-id", "ID", summary: "Only changes by this user id"),
            .value("action", "ACTION", summary: "Only this action (user.create, ...)"),
            .value("from", "TIME", summary: "From this RFC 3339 time or company day (inclusive)"),
            .value("to", "TIME", summary: "Until this RFC 3339 time (exclusive), or to the end of this company day"),
            .value("limit", "N", summary: "At most N entries (1-500, default 100)"),
            .value("cursor", "CURSOR", summary: "Continue after a previous page (next_cursor)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let time = { (text: String) throws(ValueError) -> TimeBound in
            guard let bound = TimeBound(text) else {
                throw ValueError.malformed(text: text, expected: "an RFC 3339 timestamp like 2027-01-01T00:00:00Z or a date")
            }
            return bound
        }
        let id = { (text: String) throws(ValueError) -> Int64 in try WarehouseRef(parsing: text).rawValue }
        let (from, to) = (try arguments.value("from", parsedBy: time), try arguments.value("to", parsedBy: time))
        var filter = AuditFilter(
            entityType: arguments.value("entity"), entityID: try arguments.value("entity-id", parsedBy: id),
            actorID: try arguments.value("actor-id", parsedBy: id).map(UserID.init(rawValue:)),
            action: arguments.value("action"),
            limit: try arguments.value("limit", parsedBy: { (text: String) throws(ValueError) -> Int in
                guard let value = Int(text) else { throw ValueError.malformed(text: text, expected: "a whole number") }
                return value
            }) ?? 100,
            cursor: arguments.value("cursor"))
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            (filter.from, filter.to) = try CompanyCalendar.instants(from: from, to: to, on: connection)
            let page = try AccessService(time: context.time).auditEntries(matching: filter, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(page))
                return 0
            }
            var table = TextTable([.init("ID", .right), .init("AT"), .init("ACTOR"), .init("VIA"), .init("ACTION"),
                                   .init("ENTITY"), .init("CHANGE")])
            for entry in page.items {
                table.append([String(entry.id.rawValue), RFC3339.string(from: entry.at), entry.actorLogin,
                              entry.channel.rawValue, entry.action,
                              entry.entityType + (entry.entityID.map { " \($0)" } ?? ""), entry.change.description])
            }
            context.output(table.render(width: 120))
            if let next = page.nextCursor { context.note("more entries: --cursor \(next)") }
            return 0
        }
    }

    /// Any positive id given on the command line (the CLI knows no warehouse type yet).
    struct WarehouseRef: EntityID {
        let rawValue: Int64
    }

    static func parseRole(_ text: String) throws(ValueError) -> Role {
        guard let role = Role(rawValue: text) else {
            throw ValueError.malformed(text: text, expected: Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return role
    }
}
